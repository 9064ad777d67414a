"""The demo's headline figure, from history: 40/77 = 51,95% reported for the six months (the
closing of 20/06); 41/77 = 53,25% now at 14/06 and 30/06 — one completion dated 10/06 was
confirmed after the closing (demo/closing.py) — and 50/77 = 64,94% today after the completions of
July … November."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from demo.services import demo_load
from reports.completion import completion_of
from tasks.history import record_event, snapshot
from tasks.models import Task, TaskEvent, TaskEventKind, TaskStatus

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 22)
MID_YEAR = datetime.date(2026, 6, 30)


@pytest.fixture
def demo_plan():
    return demo_load(today=TODAY).plan


def test_demo_headline_at_30_june_and_today(demo_plan):
    tasks = Task.objects.filter(plan=demo_plan)
    for as_of, completed, rate in [
        (datetime.date(2026, 6, 14), 41, "53.25"),
        (MID_YEAR, 41, "53.25"),
        (TODAY, 50, "64.94"),
    ]:
        c = completion_of(tasks, as_of=as_of)
        assert (c.completed, c.total, c.rate) == (completed, 77, Decimal(rate)), as_of
        assert c.on_time + c.late + c.within + c.overdue == 77


def test_the_demo_year_goes_on_after_june(demo_plan):
    """Completions month by month after 30/06: the trend is not flat up to the load date."""
    tasks = Task.objects.filter(plan=demo_plan)
    month_ends = [datetime.date(2026, m, d) for m, d in ((6, 30), (7, 31), (8, 31), (9, 30), (10, 31))] + [TODAY]
    assert [completion_of(tasks, as_of=d).completed for d in month_ends] == [41, 43, 45, 46, 48, 50]
    later = TaskEvent.objects.filter(task__plan=demo_plan, effective_on__gt=MID_YEAR)
    months = {e.effective_on.month for e in later.filter(kind=TaskEventKind.PROGRESS)}
    assert months == {7, 8, 9, 10, 11}  # progress reports in every month since June


def test_a_july_completion_changes_today_not_30_june(demo_plan, cast):
    # A task whose only history is its creation (a later progress entry would outrank a
    # backdated completion: the state is the latest entry by effective date).
    task = Task.objects.filter(plan=demo_plan, status=TaskStatus.NOT_STARTED).first()
    before = snapshot(task)
    task.status, task.progress, task.completed_on = TaskStatus.COMPLETED, 100, datetime.date(2026, 7, 20)
    task.save()
    record_event(task=task, kind=TaskEventKind.CONFIRMED, before=before, effective_on=datetime.date(2026, 7, 20))

    tasks = Task.objects.filter(plan=demo_plan)
    assert completion_of(tasks, as_of=MID_YEAR).completed == 41
    today = completion_of(tasks, as_of=TODAY)
    assert (today.completed, today.rate) == (51, Decimal("66.23"))

    url = reverse("reports:plan_dashboard", args=[demo_plan.pk])
    client = cast.client(cast.leader)
    mid_year_html = client.get(url, {"as_of": "30/06/2026"}).content.decode()
    assert "Hoàn thành 41/77 nhiệm vụ, đạt 53,25%" in mid_year_html
    assert "Hoàn thành 51/77 nhiệm vụ, đạt 66,23%" in client.get(url, {"as_of": "22/11/2026"}).content.decode()


@pytest.mark.parametrize(
    ("as_of", "headline"),
    [("30/06/2026", "Hoàn thành 41/77 nhiệm vụ, đạt 53,25%"), ("22/11/2026", "Hoàn thành 50/77 nhiệm vụ, đạt 64,94%")],
)
def test_demo_dashboard_page_shows_the_headline(demo_plan, cast, as_of, headline):
    html = (
        cast.client(cast.leader)
        .get(reverse("reports:plan_dashboard", args=[demo_plan.pk]), {"as_of": as_of})
        .content.decode()
    )
    assert headline in html


def test_the_six_months_reported_stay_40_of_77(demo_plan, cast):
    """At the six-month cut-off the dashboard shows the reported figures beside the current ones."""
    url = reverse("reports:plan_dashboard", args=[demo_plan.pk])
    client = cast.client(cast.leader)
    live = " ".join(client.get(url, {"as_of": "14/06/2026"}).content.decode().split())
    assert "Số liệu đã báo cáo (" in live and "CCHC-6T-2026-01</a>): Hoàn thành 40/77 nhiệm vụ, đạt 51,95%" in live
    assert "Số liệu hiện tại: Hoàn thành 41/77 nhiệm vụ, đạt 53,25%" in live
    reported = client.get(url, {"as_of": "14/06/2026", "mode": "reported"}).content.decode()
    assert 'data-testid="headline">Hoàn thành 40/77 nhiệm vụ, đạt 51,95%<' in reported
