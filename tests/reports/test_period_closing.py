"""Closing a period (chốt số liệu): the snapshot at the cut-off, its immutability, reopening,
and the revisions a later backdated confirmation makes visible."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from accounts.models import User
from audit.models import AuditAction, AuditEntry
from figures.models import PeriodKind
from reports.closing import (
    ClosingScope,
    closing_compare,
    closings_affected_by,
    period_close,
    period_reopen,
    snapshot_of,
)
from reports.completion import completion_by_area, completion_by_unit, completion_of
from reports.models import PeriodClosing, PeriodReopening
from reports.review_period import review_period
from tasks.models import Task

from .closing_data import CUTOFF, close_h1, complete_backdated, demo_unclosed, on

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    return demo_unclosed()


@pytest.fixture
def users(demo):
    return {u.username: u for u in User.objects.all()}


def test_closing_freezes_the_figures_at_the_cutoff(demo, users):
    closing = close_h1(demo.plan, users["thuongtruc"])
    assert closing.identifier == "CCHC-6T-2026-01"
    assert (closing.start, closing.cutoff, closing.version) == (datetime.date(2025, 12, 15), CUTOFF, 1)
    assert closing.closed_by == users["thuongtruc"]
    snap = snapshot_of(closing)
    tasks = Task.objects.filter(plan=demo.plan)
    assert snap.completion == completion_of(tasks, as_of=CUTOFF)
    assert (snap.completion.completed, snap.completion.total, snap.completion.rate) == (40, 77, Decimal("51.95"))
    assert snap.headline == "Hoàn thành 40/77 nhiệm vụ, đạt 51,95%"
    by_area = completion_by_area(tasks, as_of=CUTOFF)
    codes = dict(demo.plan.tasks.values_list("area__code", "area_id").distinct())
    assert {a.key: a.completion for a in snap.areas if a.completion.total} == {
        code: by_area[area_id] for code, area_id in codes.items()
    }
    assert {int(u.key): u.completion for u in snap.units} == completion_by_unit(tasks, as_of=CUTOFF)
    assert sum(s.completion.total for s in snap.sources) == 77
    assert sum(1 for t in snap.tasks if t.bucket in ("on_time", "late")) == 40
    assert sum(1 for t in snap.tasks if t.bucket == "overdue") == snap.completion.overdue
    assert snap.data_range == "số liệu từ 15/12/2025 đến 14/6/2026"
    assert AuditEntry.objects.filter(action=AuditAction.PERIOD_CLOSED, target="CCHC-6T-2026-01").count() == 1


def test_a_closing_is_never_updated(demo, users):
    closing = close_h1(demo.plan, users["thuongtruc"])
    closing.snapshot["headline"]["on_time"] = 99
    with pytest.raises(ValueError, match="immutable"):
        closing.save()
    with pytest.raises(ValueError, match="immutable"):
        closing.delete()
    assert snapshot_of(PeriodClosing.objects.get()).completion.completed == 40


@pytest.mark.postgres
def test_the_database_refuses_an_update_on_postgresql(demo, users):
    from django.db import DatabaseError, connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL trigger")
    closing = close_h1(demo.plan, users["thuongtruc"])
    with pytest.raises(DatabaseError, match="immutable"):
        PeriodClosing.objects.filter(pk=closing.pk).update(identifier="X")


def test_only_the_secretariat_closes_and_only_once(demo, users):
    with pytest.raises(PermissionDenied):
        close_h1(demo.plan, users["lanhdao"])
    close_h1(demo.plan, users["thuongtruc"])
    with pytest.raises(ValidationError, match="đã được chốt"):
        close_h1(demo.plan, users["thuongtruc"])
    with on(CUTOFF), pytest.raises(ValidationError, match="Chỉ chốt số liệu sau ngày chốt"):
        period_close(
            scope=ClosingScope(year=2026, plan=demo.plan),
            period=review_period(year=2026, kind=PeriodKind.Q3),
            by=users["thuongtruc"],
        )


def test_reopening_is_recorded_and_a_new_closing_gets_the_next_identifier(demo, users):
    first = close_h1(demo.plan, users["thuongtruc"])
    with pytest.raises(ValidationError, match="lý do"):
        period_reopen(closing=first, by=users["thuongtruc"], reason="  ")
    with pytest.raises(PermissionDenied):
        period_reopen(closing=first, by=users["lanhdao"], reason="Sai số liệu")
    reopening = period_reopen(closing=first, by=users["thuongtruc"], reason="Bổ sung kết quả Sở Tư pháp")
    assert (reopening.reason, reopening.reopened_by) == ("Bổ sung kết quả Sở Tư pháp", users["thuongtruc"])
    with pytest.raises(ValidationError):
        period_reopen(closing=first, by=users["thuongtruc"], reason="lần hai")
    second = close_h1(demo.plan, users["thuongtruc"])
    assert (second.identifier, second.version) == ("CCHC-6T-2026-02", 2)
    assert PeriodReopening.objects.count() == 1
    assert snapshot_of(PeriodClosing.objects.get(pk=first.pk)).completion.completed == 40


def test_a_backdated_confirmation_is_listed_as_a_revision(demo, users):
    closing = close_h1(demo.plan, users["thuongtruc"])
    task = complete_backdated(demo.plan, users)
    assert closings_affected_by(task, datetime.date(2026, 6, 10)) == [closing]
    assert closings_affected_by(task, datetime.date(2026, 6, 15)) == []

    comparison = closing_compare(closing)
    assert comparison.reported.headline == "Hoàn thành 40/77 nhiệm vụ, đạt 51,95%"
    assert comparison.current.headline == "Hoàn thành 41/77 nhiệm vụ, đạt 53,25%"
    (revision,) = comparison.revisions
    assert (revision.task_id, revision.reported, revision.current) == (task.pk, "within", "on_time")
    assert [e.kind for e in revision.events] == ["confirmed"]
    assert snapshot_of(PeriodClosing.objects.get()).completion.completed == 40  # the report on file

    client = Client()
    client.force_login(users["lanhdao"])
    html = client.get(reverse("reports:closing_detail", args=[closing.pk])).content.decode()
    assert "Hoàn thành 40/77 nhiệm vụ, đạt 51,95%" in html
    assert "Hoàn thành 41/77 nhiệm vụ, đạt 53,25%" in html
    assert task.number in html and "Chưa hoàn thành, trong hạn" in html and "Hoàn thành đúng hạn" in html


def test_the_dashboard_shows_reported_beside_current_figures(demo, users):
    closing = close_h1(demo.plan, users["thuongtruc"])
    complete_backdated(demo.plan, users)
    client = Client()
    client.force_login(users["lanhdao"])
    url = reverse("reports:plan_dashboard", args=[demo.plan.pk])
    html = client.get(url, {"as_of": "14/06/2026"}).content.decode()
    assert "Số liệu đã báo cáo (" in html and closing.identifier in html
    assert "Hoàn thành 40/77 nhiệm vụ, đạt 51,95%" in html
    assert "Hoàn thành 41/77 nhiệm vụ, đạt 53,25%" in html
    assert "xem điều chỉnh từng nhiệm vụ" in html
    assert closing.identifier not in client.get(url, {"as_of": "30/06/2026"}).content.decode()


def test_closing_and_reopening_through_the_pages(demo, users):
    client = Client()
    client.force_login(users["thuongtruc"])
    url = reverse("reports:closing_create") + f"?plan={demo.plan.pk}&kind=h1"
    preview = client.get(url).content.decode()
    assert "Hoàn thành 40/77 nhiệm vụ, đạt 51,95%" in preview and 'data-testid="confirm-close"' in preview
    response = client.post(url)
    closing = PeriodClosing.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reports:closing_detail", args=[closing.pk])
    assert 'data-testid="already-closed"' in client.get(url).content.decode()
    listing = client.get(reverse("reports:closings")).content.decode()
    assert "CCHC-6T-2026-01" in listing and "Hoàn thành 40/77 nhiệm vụ, đạt 51,95%" in listing
    reopen = reverse("reports:closing_reopen", args=[closing.pk])
    assert client.post(reopen, {"reason": ""}).status_code == 400
    assert client.post(reopen, {"reason": "Bổ sung kết quả"}).status_code == 302
    detail = client.get(reverse("reports:closing_detail", args=[closing.pk])).content.decode()
    assert "Bổ sung kết quả" in detail and 'data-testid="reopen-form"' not in detail
    assert client.post(url).status_code == 302
    assert list(PeriodClosing.objects.order_by("version").values_list("identifier", flat=True)) == [
        "CCHC-6T-2026-01",
        "CCHC-6T-2026-02",
    ]


def test_leaders_read_unit_people_may_not(demo, users):
    closing = close_h1(demo.plan, users["thuongtruc"])
    detail = reverse("reports:closing_detail", args=[closing.pk])
    leader = Client()
    leader.force_login(users["lanhdao"])
    page = leader.get(detail).content.decode()
    assert "CCHC-6T-2026-01" in page and 'data-testid="reopen-form"' not in page
    assert leader.post(reverse("reports:closing_reopen", args=[closing.pk]), {"reason": "x"}).status_code == 403
    staff = Client()
    staff.force_login(users["canbo"])
    assert staff.get(detail).status_code == 403
    assert staff.get(reverse("reports:closing_docx", args=[closing.pk])).status_code == 403
