"""The reporting calendar (issue 18, point 4): units submit ("Nộp số liệu") their figures; each
period's obligations are judged on the submission records — on time, late, missing, not yet
due — on given dates, and the secretariat and leaders read it on the calendar page."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from figures import selectors, services
from figures.models import FigureSubmission, SubmissionStatus
from tests.factories import make_unit

from .conftest import put

VN = ZoneInfo("Asia/Ho_Chi_Minh")
ON_TIME, LATE, MISSING, NOT_DUE = (
    SubmissionStatus.ON_TIME,
    SubmissionStatus.LATE,
    SubmissionStatus.MISSING,
    SubmissionStatus.NOT_DUE,
)


def at(day: int, month: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, month, day, hour, minute, tzinfo=VN)


@pytest.fixture
def units(cast):
    """Five reporting units: SA, SB, the secretariat's SNV-T, SC and SD."""
    return {"SC": make_unit(code="SC", name="Sở C thử"), "SD": make_unit(code="SD", name="Sở D thử")}


@pytest.fixture
def submitted(cast, units, h1, dossiers):
    """Six-month period (due 20/06/2026): SA submits at 23:30 on the due date (on time), SC on
    10/06 (on time), SB at 00:30 on 21/06 (late, although still 20/06 in UTC); SNV-T and SD do
    not submit (SD entered a figure but did not press "Nộp số liệu")."""
    for unit in (cast.unit_a, cast.unit_b, units["SC"], units["SD"]):
        put(dossiers, unit, h1, "10")
    services.figures_submit(unit=cast.unit_a, period=h1, by=cast.staff_a, at=at(20, 6, 23, 30))
    services.figures_submit(unit=units["SC"], period=h1, by=cast.secretariat, at=at(10, 6, 9))
    services.figures_submit(unit=cast.unit_b, period=h1, by=cast.staff_b, at=at(21, 6, 0, 30))
    return h1


def by_code(period, today):
    statuses = selectors.period_submission_status(period, today)
    codes = dict(selectors.reporting_units().values_list("pk", "code"))
    return {codes[unit_id]: status for unit_id, status in statuses.items()}


def test_status_on_given_dates(cast, units, submitted):
    assert by_code(submitted, datetime.date(2026, 6, 1)) == {
        "SA": NOT_DUE,
        "SB": NOT_DUE,
        "SNV-T": NOT_DUE,
        "SC": NOT_DUE,
        "SD": NOT_DUE,
    }
    assert by_code(submitted, datetime.date(2026, 6, 10)) == {
        "SA": NOT_DUE,
        "SB": NOT_DUE,
        "SNV-T": NOT_DUE,
        "SC": ON_TIME,
        "SD": NOT_DUE,
    }
    # The due date itself is still "not yet due" for those who have not submitted.
    assert by_code(submitted, datetime.date(2026, 6, 20)) == {
        "SA": ON_TIME,
        "SB": NOT_DUE,
        "SNV-T": NOT_DUE,
        "SC": ON_TIME,
        "SD": NOT_DUE,
    }
    assert by_code(submitted, datetime.date(2026, 6, 21)) == {
        "SA": ON_TIME,
        "SB": LATE,
        "SNV-T": MISSING,
        "SC": ON_TIME,
        "SD": MISSING,
    }


def test_calendar_counts_and_headline(cast, units, submitted):
    board = selectors.submission_calendar(submitted, datetime.date(2026, 11, 23))
    assert (board.on_time, board.late, board.missing, board.not_due, board.total) == (2, 1, 2, 0, 5)
    assert board.headline() == "Nộp đúng hạn 2/5, nộp muộn 1, chưa nộp 2"
    assert str(board.on_time_rate) == "40.00"
    assert str(board.submitted_rate) == "60.00"
    assert sorted(row.unit.code for row in board.of(MISSING)) == ["SD", "SNV-T"]
    (late,) = board.of(LATE)
    assert (late.unit.code, late.days_late, late.submission.submitted_by) == ("SB", 1, cast.staff_b)
    assert {row.unit.code: row.days_late for row in board.of(MISSING)} == {"SNV-T": 156, "SD": 156}

    before = selectors.submission_calendar(submitted, datetime.date(2026, 6, 15))
    assert (before.on_time, before.late, before.missing, before.not_due) == (1, 0, 0, 4)
    assert before.headline() == "Nộp đúng hạn 1/5, nộp muộn 0, chưa nộp 4"
    assert [row.submission for row in before.of(NOT_DUE) if row.submission] == []


def test_year_counts(cast, units, submitted):
    q1 = services.period_get_or_create(year=2026, kind="q1")
    rows = selectors.year_submission_counts([submitted, q1], datetime.date(2026, 6, 15))
    assert [(r.period, r.on_time, r.late, r.missing, r.not_due) for r in rows] == [
        (q1, 0, 0, 5, 0),
        (submitted, 1, 0, 0, 4),
    ]
    rows = selectors.year_submission_counts([submitted], datetime.date(2026, 7, 1))
    assert [(r.on_time, r.late, r.missing, r.not_due, r.total) for r in rows] == [(2, 1, 2, 0, 5)]


def test_reminders_chase_units_that_have_not_submitted(cast, units, submitted):
    assert {u.code for u in selectors.units_not_submitted(submitted)} == {"SNV-T", "SD"}


# ---------------------------------------------------------------- the service


def test_submit_needs_figures_and_happens_once(cast, h1, dossiers):
    with pytest.raises(ValidationError, match="Chưa nhập số liệu nào"):
        services.figures_submit(unit=cast.unit_a, period=h1, by=cast.staff_a)
    put(dossiers, cast.unit_a, h1, "3")
    submission = services.figures_submit(unit=cast.unit_a, period=h1, by=cast.head_a, at=at(18, 6, 8))
    assert (submission.values_count, submission.submitted_by) == (1, cast.head_a)
    with pytest.raises(ValidationError, match="Đơn vị đã nộp số liệu 6 tháng 2026 lúc 18/06/2026 08:00"):
        services.figures_submit(unit=cast.unit_a, period=h1, by=cast.staff_a)
    assert FigureSubmission.objects.count() == 1


@pytest.mark.parametrize("who", ["staff_b", "leader", "outsider"])
def test_submit_refused_for_other_people(cast, h1, dossiers, who):
    put(dossiers, cast.unit_a, h1, "3")
    with pytest.raises(PermissionDenied):
        services.figures_submit(unit=cast.unit_a, period=h1, by=getattr(cast, who))
    assert not FigureSubmission.objects.exists()


# ---------------------------------------------------------------- the pages


def submit_url(unit, period):
    return f"{reverse('figures:submit', args=[unit.pk])}?period={period.pk}"


def test_unit_submits_from_its_entry_page(cast, h1, dossiers):
    client = cast.client(cast.staff_a)
    entry = f"{reverse('figures:enter')}?period={h1.pk}"
    page = client.get(entry).content.decode()
    assert "Chưa nộp số liệu, đã quá hạn." in page  # today is 23/11/2026, due 20/06/2026
    assert 'data-testid="submit-figures"' not in page  # nothing entered yet
    put(dossiers, cast.unit_a, h1, "3")
    assert 'data-testid="submit-figures"' in client.get(entry).content.decode()

    response = client.post(submit_url(cast.unit_a, h1), follow=True)
    assert response.redirect_chain == [(entry, 302)]
    page = response.content.decode()
    assert "Đã nộp số liệu của Sở Tư pháp thử, 6 tháng 2026. Nộp sau hạn 20/06/2026." in page
    assert "Nộp muộn" in page
    assert 'data-testid="submit-figures"' not in page
    submission = FigureSubmission.objects.get()
    assert (submission.unit, submission.period, submission.submitted_by) == (cast.unit_a, h1, cast.staff_a)

    again = client.post(submit_url(cast.unit_a, h1), follow=True).content.decode()
    assert "Đơn vị đã nộp số liệu 6 tháng 2026 lúc" in again
    assert FigureSubmission.objects.count() == 1


def test_secretariat_submits_on_a_units_behalf(cast, h1, dossiers):
    put(dossiers, cast.unit_b, h1, "3")
    response = cast.client(cast.secretariat).post(submit_url(cast.unit_b, h1))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('figures:enter_for_unit', args=[cast.unit_b.pk])}?period={h1.pk}"
    assert FigureSubmission.objects.get().submitted_by == cast.secretariat


def test_submit_permissions(cast, h1, dossiers):
    put(dossiers, cast.unit_a, h1, "3")
    assert cast.client(cast.staff_b).post(submit_url(cast.unit_a, h1)).status_code == 404
    assert cast.client(cast.outsider).post(submit_url(cast.unit_a, h1)).status_code == 404
    assert cast.client(cast.leader).post(submit_url(cast.unit_a, h1)).status_code == 403
    assert cast.client(cast.staff_a).get(submit_url(cast.unit_a, h1)).status_code == 405
    assert cast.client(cast.staff_a).post(reverse("figures:submit", args=[cast.unit_a.pk])).status_code == 404
    assert not FigureSubmission.objects.exists()


def test_calendar_page(cast, units, submitted):
    url = f"{reverse('figures:calendar')}?period={submitted.pk}"
    for reader in (cast.secretariat, cast.leader):
        response = cast.client(reader).get(url)
        assert response.status_code == 200
        page = response.content.decode()
        assert "Nộp đúng hạn 2/5, nộp muộn 1, chưa nộp 2" in page
        assert "Tỷ lệ nộp đúng hạn 40,00%; đã nộp 60,00%." in page
    sections = {status.value: sorted(row.unit.code for row in rows) for status, rows in response.context["sections"]}
    assert sections == {"missing": ["SD", "SNV-T"], "late": ["SB"], "not_due": [], "on_time": ["SA", "SC"]}
    # The submission date of each unit that submitted, in local time.
    assert "00:30 21/06/2026" in page
    assert "23:30 20/06/2026" in page
    assert "09:00 10/06/2026" in page
    for other in (cast.staff_a, cast.head_a, cast.outsider):
        assert cast.client(other).get(url).status_code == 404


def test_headline_in_english(cast, units, submitted):
    from django.utils import translation

    with translation.override("en"):
        board = selectors.submission_calendar(submitted, datetime.date(2026, 11, 23))
        assert board.headline() == "Submitted on time 2/5, late 1, not submitted 2"


def test_unit_page_shows_the_submission(cast, units, submitted):
    page = cast.client(cast.leader).get(f"{reverse('figures:unit', args=[cast.unit_b.pk])}?period={submitted.pk}")
    text = page.content.decode()
    assert "Đã nộp số liệu lúc 00:30 21/06/2026 · cb_b" in text
    assert "Nộp muộn" in text
    page = cast.client(cast.staff_a).get(f"{reverse('figures:unit', args=[cast.unit_a.pk])}?period={submitted.pk}")
    assert "Nộp đúng hạn" in page.content.decode()
