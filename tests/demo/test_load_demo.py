import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F
from django.utils import timezone

from accounts.models import User
from demo import data
from demo.services import DemoRefused, demo_load, demo_plan_year, foreign_data_counts, unit_staff_accounts
from figures.models import SubmissionStatus
from plans.models import Plan
from reports.closing import closing_compare, snapshot_of
from reports.completion import completion_of
from reports.models import PeriodClosing
from reports.narratives import narrative_calendar
from tasks.access import can_change_task
from tasks.models import Task, TaskEvent, TaskSource, TaskStatus
from tasks.workflow_models import CompletionReport
from tests.factories import make_unit
from units.models import Unit

TODAY = datetime.date(2026, 11, 22)


def test_demo_year_is_the_latest_year_whose_30_june_has_passed():
    assert demo_plan_year(datetime.date(2026, 11, 22)) == 2026
    assert demo_plan_year(datetime.date(2026, 6, 30)) == 2025
    assert demo_plan_year(datetime.date(2027, 3, 1)) == 2026


@pytest.mark.django_db
def test_demo_has_77_tasks_and_41_completed_by_30_june():
    """40 completions dated by 14/06 and reported as such (the six months closed at 40/77), and
    one dated 10/06 confirmed after the closing (demo/closing.py)."""
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
    completed = tasks.filter(status=TaskStatus.COMPLETED)
    assert completed.filter(completed_on__lte=datetime.date(2026, 6, 14)).count() == 41
    # The year goes on: nine more completed from July to a few days before the load date.
    later = completed.filter(completed_on__gt=datetime.date(2026, 6, 30)).values_list("completed_on", flat=True)
    assert len(later) == 9 and min(later) >= datetime.date(2026, 7, 1) and max(later) <= TODAY - datetime.timedelta(5)
    assert (result.tasks, result.completed) == (77, 50)
    assert set(tasks.values_list("area__code", flat=True)) == {"I", "II", "III", "IV", "V", "VI", "VII"}

    for as_of, done, rate in [(datetime.date(2026, 6, 30), 41, "53.25"), (TODAY, 50, "64.94")]:
        completion = completion_of(tasks, as_of=as_of)
        assert (completion.completed, completion.total, completion.rate) == (done, 77, Decimal(rate))


@pytest.mark.django_db
def test_demo_loaded_in_early_july_has_no_completion_after_june():
    tasks = Task.objects.filter(plan=demo_load(today=datetime.date(2026, 7, 3)).plan)
    # The 40 of the six-month report and the one dated 10/06 confirmed after its closing.
    assert tasks.filter(status=TaskStatus.COMPLETED).count() == 41
    assert not TaskEvent.objects.filter(effective_on__gt=datetime.date(2026, 7, 3)).exists()


@pytest.mark.django_db
def test_demo_tasks_come_from_the_government_the_superior_agency_and_the_agency_itself():
    tasks = Task.objects.filter(plan=demo_load(today=TODAY).plan)
    sources = dict(tasks.values_list("source").annotate(n=Count("id")))
    # The 77 tasks as issued, and the task added after June (the agency's own, demo/plan_life.py).
    assert sources == {TaskSource.GOVERNMENT: 12, TaskSource.SUPERIOR: 15, TaskSource.SELF: 51}
    numbered = {f"{area}.{number}" for area, number in tasks.values_list("area__code", "number")}
    assert set(data.TASK_SOURCES) <= numbered  # every listed number is a task of the plan
    assert tasks.get(area__code="III", number="7").source == TaskSource.GOVERNMENT  # Trung tâm Phục vụ HCC


@pytest.mark.django_db
def test_demo_open_tasks_mix_every_situation():
    plan = demo_load(today=TODAY).plan
    open_tasks = Task.objects.filter(plan=plan).in_plan().exclude(status=TaskStatus.COMPLETED)
    assert open_tasks.count() == 27
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
    unit_staff = {f"cb-{code.lower()}" for code in {row["lead"] for row in data.TASKS}}
    assert set(users) == {"thuongtruc", "lanhdao", "canbo", "canbo2", "truongdonvi"} | unit_staff
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
    assert User.objects.count() == 5 + len(unit_staff_accounts())


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
    assert Task.objects.filter(plan=plan, status=TaskStatus.COMPLETED).count() == 50

    # The reloaded tasks are closed again; the first closing stays, reopened with its reason.
    first, second = PeriodClosing.objects.order_by("version")
    assert first.reopening.reason == "Nạp lại dữ liệu mẫu: chốt lại số liệu."
    assert (second.identifier, snapshot_of(second).headline) == (
        "CCHC-6T-2026-02",
        "Hoàn thành 40/77 nhiệm vụ, đạt 51,95%",
    )


@pytest.mark.django_db
def test_reports_are_submitted_by_their_units_own_staff():
    demo_load(today=TODAY)
    accounts = unit_staff_accounts()
    # One per unit that leads tasks, derived from the catalogue (no list of units in the code).
    assert sorted(code for _, _, code in accounts) == sorted({row["lead"] for row in data.TASKS})
    assert len({name for _, name, _ in accounts}) == len(accounts)  # realistic names, all different
    for username, full_name, code in accounts:
        user = User.objects.select_related("unit").get(username=username)
        assert username == f"cb-{code.lower()}" and user.unit.code == code and user.is_unit_staff
        assert f"{user.last_name} {user.first_name}" == full_name in data.UNIT_STAFF_NAMES
    reports = CompletionReport.objects.select_related("submitted_by", "task__lead_unit")
    assert reports.count() > 30
    for report in reports:
        assert report.submitted_by.unit_id == report.task.lead_unit_id, report
        assert report.submitted_by.is_unit_staff
    canbo = User.objects.get(username="canbo")
    # A unit with one of the five demo users keeps that person as the one who reports.
    assert set(reports.filter(task__lead_unit=canbo.unit).values_list("submitted_by", flat=True)) == {canbo.pk}
    assert foreign_data_counts() == {}  # the unit staff are demo users
    before = User.objects.count()
    demo_load(today=TODAY)
    assert User.objects.count() == before


@pytest.mark.django_db
def test_demo_six_month_report_is_closed_with_one_revision_and_the_units_reports():
    plan = demo_load(today=TODAY).plan
    closing = PeriodClosing.objects.get()
    assert (closing.identifier, closing.cutoff, timezone.localdate(closing.closed_at)) == (
        "CCHC-6T-2026-01",
        datetime.date(2026, 6, 14),
        datetime.date(2026, 6, 20),
    )
    comparison = closing_compare(closing)
    assert comparison.reported.headline == "Hoàn thành 40/77 nhiệm vụ, đạt 51,95%"
    assert comparison.current.headline == "Hoàn thành 41/77 nhiệm vụ, đạt 53,25%"
    (revision,) = comparison.revisions
    task = Task.objects.get(pk=revision.task_id)
    assert (task.plan, task.lead_unit.code, task.completed_on) == (plan, "STP", datetime.date(2026, 6, 10))
    assert (revision.reported, revision.current) == ("within", "on_time")

    statuses = {row.unit.code: row.status for row in narrative_calendar(closing.period, datetime.date(2026, 11, 22))}
    assert len(statuses) == 23  # the units of today's catalogue, the province aside
    assert statuses.pop("UBND-PBS") == SubmissionStatus.LATE
    assert statuses.pop("BQLDA-NN") == SubmissionStatus.MISSING
    assert set(statuses.values()) == {SubmissionStatus.ON_TIME}
