import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F

from accounts.models import User
from demo.services import DemoRefused, demo_load, demo_plan_year
from plans.models import Plan
from reports.completion import completion_of
from tasks.access import can_change_task
from tasks.models import Task, TaskStatus
from tests.factories import make_unit
from units.models import Unit

TODAY = datetime.date(2026, 11, 22)


def test_demo_year_is_the_latest_year_whose_30_june_has_passed():
    assert demo_plan_year(datetime.date(2026, 11, 22)) == 2026
    assert demo_plan_year(datetime.date(2026, 6, 30)) == 2025
    assert demo_plan_year(datetime.date(2027, 3, 1)) == 2026


@pytest.mark.django_db
def test_demo_has_77_tasks_and_40_completed_by_30_june():
    result = demo_load(today=TODAY)
    plan = result.plan
    assert (plan.year, plan.status) == (2026, "issued")
    # The catalogue of docs/DOMAIN.md "The demo": 24 units today (the province, its 19 departments
    # and 4 communes) and the 15 that ceased in 2025, kept with their history.
    assert Unit.objects.count() == 39
    assert Unit.objects.filter(valid_until=None, is_active=True).count() == 24
    tasks = Task.objects.filter(plan=plan)
    # 77 as issued; during the year one task added and one taken out of the plan (demo/plan_life.py).
    assert tasks.count() == 78
    assert tasks.in_plan().count() == 77
    assert tasks.filter(status=TaskStatus.COMPLETED).count() == 40
    assert not tasks.filter(status=TaskStatus.COMPLETED, completed_on__gt=datetime.date(2026, 6, 30)).exists()
    assert set(tasks.values_list("area__code", flat=True)) == {"I", "II", "III", "IV", "V", "VI", "VII"}

    for as_of in (datetime.date(2026, 6, 30), TODAY):
        completion = completion_of(tasks, as_of=as_of)
        assert (completion.completed, completion.total, completion.rate) == (40, 77, Decimal("51.95"))


@pytest.mark.django_db
def test_demo_open_tasks_mix_every_situation():
    plan = demo_load(today=TODAY).plan
    open_tasks = Task.objects.filter(plan=plan).in_plan().exclude(status=TaskStatus.COMPLETED)
    assert open_tasks.count() == 37
    assert {TaskStatus.IN_PROGRESS, TaskStatus.NOT_STARTED, TaskStatus.PENDING, TaskStatus.RETURNED} <= set(
        open_tasks.values_list("status", flat=True)
    )
    assert open_tasks.filter(deadline__lt=TODAY).exists()  # overdue
    assert open_tasks.filter(deadline__gte=TODAY).exists()  # still within deadline
    completed = Task.objects.filter(plan=plan, status=TaskStatus.COMPLETED)
    assert completed.filter(completed_on__gt=F("deadline")).exists()  # some completed late


@pytest.mark.django_db
def test_demo_users_have_their_roles():
    demo_load(today=TODAY)
    users = {u.username: u for u in User.objects.select_related("unit")}
    assert set(users) == {"thuongtruc", "lanhdao", "canbo", "canbo2", "truongdonvi"}
    assert all(u.check_password("cchc-demo") for u in users.values())
    assert users["thuongtruc"].is_secretariat and users["thuongtruc"].is_staff
    assert users["lanhdao"].is_leader and not users["lanhdao"].is_unit_member
    assert users["canbo"].is_unit_staff and users["truongdonvi"].is_unit_head
    assert users["canbo"].unit == users["truongdonvi"].unit != users["canbo2"].unit

    canbo_tasks = Task.objects.filter(lead_unit=users["canbo"].unit)
    assert canbo_tasks.count() >= 5
    # canbo has open work to report on, and canbo2 may not change it.
    open_task = canbo_tasks.exclude(status=TaskStatus.COMPLETED).first()
    assert open_task is not None
    assert can_change_task(users["canbo"], open_task)
    assert not can_change_task(users["canbo2"], open_task)


@pytest.mark.django_db
def test_command_is_idempotent():
    out = StringIO()
    call_command("load_demo", stdout=out)
    call_command("load_demo", stdout=out)
    assert "already loaded" in out.getvalue()
    # The agency plan, last year's (demo/previous_year.py) and the units' plans derived from the
    # agency plan (demo/plan_life.py): one for each of the 23 units it involves — the 19
    # departments and, through the group "UBND các xã, phường", the 4 communes — loaded once.
    assert Plan.objects.filter(parent=None).count() == 2
    assert Plan.objects.exclude(parent=None).count() == 23
    assert Task.objects.filter(plan__number="125/KH-UBND").in_plan().count() == 77
    assert Task.objects.filter(plan__number="118/KH-UBND").count() == 30
    assert User.objects.count() == 5


@pytest.mark.django_db
def test_command_refuses_a_database_with_other_data_unless_forced():
    make_unit(code="REAL", name="Sở thật")
    with pytest.raises(CommandError, match="non-demo data"):
        call_command("load_demo", stdout=StringIO())
    assert not Task.objects.exists()
    with pytest.raises(DemoRefused):
        demo_load(today=TODAY)
    call_command("load_demo", "--force", stdout=StringIO())
    assert Task.objects.filter(plan__number="125/KH-UBND").in_plan().count() == 77


@pytest.mark.django_db
def test_reset_restores_the_demo_figures():
    plan = demo_load(today=TODAY).plan
    Task.objects.filter(plan=plan, status=TaskStatus.IN_PROGRESS).update(
        status=TaskStatus.COMPLETED, progress=100, completed_on=datetime.date(2026, 7, 10)
    )
    demo_load(today=TODAY, reset=True)
    assert Task.objects.filter(plan=plan, status=TaskStatus.COMPLETED).count() == 40
