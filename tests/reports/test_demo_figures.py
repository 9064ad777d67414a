"""The demo's headline figure, from history: 40/77 = 51,95% at 30/06 and today."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from demo.services import demo_load
from reports.completion import completion_of
from tasks.history import record_event, snapshot
from tasks.models import Task, TaskEventKind, TaskStatus

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 22)
MID_YEAR = datetime.date(2026, 6, 30)


@pytest.fixture
def demo_plan():
    return demo_load(today=TODAY).plan


def test_demo_headline_at_30_june_and_today(demo_plan):
    tasks = Task.objects.filter(plan=demo_plan)
    for as_of in (MID_YEAR, TODAY):
        c = completion_of(tasks, as_of=as_of)
        assert (c.completed, c.total, c.rate) == (40, 77, Decimal("51.95")), as_of
        assert c.on_time + c.late + c.within + c.overdue == 77


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
    assert (today.completed, today.rate) == (41, Decimal("53.25"))

    url = reverse("reports:plan_dashboard", args=[demo_plan.pk])
    client = cast.client(cast.leader)
    mid_year_html = client.get(url, {"as_of": "30/06/2026"}).content.decode()
    assert "Hoàn thành 40/77 nhiệm vụ, đạt 51,95%" in mid_year_html
    assert "Hoàn thành 41/77 nhiệm vụ, đạt 53,25%" in client.get(url, {"as_of": "22/11/2026"}).content.decode()


@pytest.mark.parametrize("as_of", ["30/06/2026", "22/11/2026"])
def test_demo_dashboard_page_shows_40_of_77(demo_plan, cast, as_of):
    html = (
        cast.client(cast.leader)
        .get(reverse("reports:plan_dashboard", args=[demo_plan.pk]), {"as_of": as_of})
        .content.decode()
    )
    assert "Hoàn thành 40/77 nhiệm vụ, đạt 51,95%" in html
    assert "40/77" in html and "51,95%" in html
