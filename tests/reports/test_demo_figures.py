"""The demo's headline figure, from history: 40/77 = 51,95% at 30/06 (and at the six-month
cut-off, 14/06), 49/77 = 63,64% today after the completions of July … November."""

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
        (datetime.date(2026, 6, 14), 40, "51.95"),
        (MID_YEAR, 40, "51.95"),
        (TODAY, 49, "63.64"),
    ]:
        c = completion_of(tasks, as_of=as_of)
        assert (c.completed, c.total, c.rate) == (completed, 77, Decimal(rate)), as_of
        assert c.on_time + c.late + c.within + c.overdue == 77


def test_the_demo_year_goes_on_after_june(demo_plan):
    """Completions month by month after 30/06: the trend is not flat up to the load date."""
    tasks = Task.objects.filter(plan=demo_plan)
    month_ends = [datetime.date(2026, m, d) for m, d in ((6, 30), (7, 31), (8, 31), (9, 30), (10, 31))] + [TODAY]
    assert [completion_of(tasks, as_of=d).completed for d in month_ends] == [40, 42, 44, 45, 47, 49]
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
    assert completion_of(tasks, as_of=MID_YEAR).completed == 40
    today = completion_of(tasks, as_of=TODAY)
    assert (today.completed, today.rate) == (50, Decimal("64.94"))

    url = reverse("reports:plan_dashboard", args=[demo_plan.pk])
    client = cast.client(cast.leader)
    mid_year_html = client.get(url, {"as_of": "30/06/2026"}).content.decode()
    assert "Hoàn thành 40/77 nhiệm vụ, đạt 51,95%" in mid_year_html
    assert "Hoàn thành 50/77 nhiệm vụ, đạt 64,94%" in client.get(url, {"as_of": "22/11/2026"}).content.decode()


@pytest.mark.parametrize(
    ("as_of", "headline"),
    [("30/06/2026", "Hoàn thành 40/77 nhiệm vụ, đạt 51,95%"), ("22/11/2026", "Hoàn thành 49/77 nhiệm vụ, đạt 63,64%")],
)
def test_demo_dashboard_page_shows_the_headline(demo_plan, cast, as_of, headline):
    html = (
        cast.client(cast.leader)
        .get(reverse("reports:plan_dashboard", args=[demo_plan.pk]), {"as_of": as_of})
        .content.decode()
    )
    assert headline in html
