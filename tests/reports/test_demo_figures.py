"""The demo's headline figure, from history: 40/77 = 51,95% reported for the six months (the
closing of 20/06), 41/77 = 53,25% now at 30/06 and today — one completion dated 10/06 was
confirmed after the closing (demo/closing.py)."""

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
        assert (c.completed, c.total, c.rate) == (41, 77, Decimal("53.25")), as_of
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
    assert completion_of(tasks, as_of=MID_YEAR).completed == 41
    today = completion_of(tasks, as_of=TODAY)
    assert (today.completed, today.rate) == (42, Decimal("54.55"))

    url = reverse("reports:plan_dashboard", args=[demo_plan.pk])
    client = cast.client(cast.leader)
    mid_year_html = client.get(url, {"as_of": "30/06/2026"}).content.decode()
    assert "Hoàn thành 41/77 nhiệm vụ, đạt 53,25%" in mid_year_html
    assert "Hoàn thành 42/77 nhiệm vụ, đạt 54,55%" in client.get(url, {"as_of": "22/11/2026"}).content.decode()


@pytest.mark.parametrize("as_of", ["30/06/2026", "22/11/2026"])
def test_demo_dashboard_page_shows_41_of_77(demo_plan, cast, as_of):
    html = (
        cast.client(cast.leader)
        .get(reverse("reports:plan_dashboard", args=[demo_plan.pk]), {"as_of": as_of})
        .content.decode()
    )
    assert "Hoàn thành 41/77 nhiệm vụ, đạt 53,25%" in html


def test_the_six_months_reported_stay_40_of_77(demo_plan, cast):
    """At the six-month cut-off the dashboard shows the reported figures beside the current ones."""
    url = reverse("reports:plan_dashboard", args=[demo_plan.pk])
    client = cast.client(cast.leader)
    live = " ".join(client.get(url, {"as_of": "14/06/2026"}).content.decode().split())
    assert "Số liệu đã báo cáo (" in live and "CCHC-6T-2026-01</a>): Hoàn thành 40/77 nhiệm vụ, đạt 51,95%" in live
    assert "Số liệu hiện tại: Hoàn thành 41/77 nhiệm vụ, đạt 53,25%" in live
    reported = client.get(url, {"as_of": "14/06/2026", "mode": "reported"}).content.decode()
    assert 'data-testid="headline">Hoàn thành 40/77 nhiệm vụ, đạt 51,95%<' in reported
