"""Loads the demo agency: its units before and after the 2025 reorganisation, the previous
year's plan with that reorganisation (demo/previous_year.py), one issued plan of 77 tasks (40
confirmed completed by 30/06 of the plan year), and one user per role. Texts live in demo/data.py."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from figures.demo import demo_load_figures
from inspections.demo import demo_load_inspections
from parindex.demo import demo_load_parindex
from plans.deadlines import parse_deadline
from plans.models import Plan, PlanStatus, ReformArea
from plans.services import plan_create, plan_update
from tasks.history import PastEntry
from tasks.models import Task, TaskEventKind, TaskSource, TaskStatus
from tasks.services import NewTask, plan_tasks_purge, task_history_import, tasks_import
from tasks.workflow_models import CompletionReport, Evidence, ReportStatus
from units.models import Unit, UnitGroup

from . import data
from .closing import demo_load_closing
from .plan_life import demo_plan_life
from .previous_year import demo_previous_year
from .reorganisation import demo_catalogue_load
from .steering import demo_load_packs

DEMO_PASSWORD = "cchc-demo"  # noqa: S105 (documented demo password)
COMPLETED_COUNT = 40
# (username, full name, role, unit code)
DEMO_USERS = [
    ("thuongtruc", "Nguyễn Thị Thu (Thường trực CCHC)", Role.SECRETARIAT, "SNV"),
    ("lanhdao", "Trần Văn Lâm (Ban Chỉ đạo CCHC)", Role.LEADER, "UBND-TINH"),
    ("canbo", "Lê Minh Cường", Role.UNIT_STAFF, "STP"),
    ("canbo2", "Phạm Thị Hoa", Role.UNIT_STAFF, "STC"),
    ("truongdonvi", "Hoàng Văn Đức", Role.UNIT_HEAD, "STP"),
]


def unit_staff_accounts() -> list[tuple[str, str, str]]:
    """(username, full name, unit code) of one staff member for every unit that leads tasks in
    the demo plan, in the catalogue's order: derived from data.UNITS and data.TASKS, so a new
    catalogue brings its own staff."""
    leads = {row["lead"] for row in data.TASKS}
    codes = [code for code, *_ in data.UNITS if code in leads]
    names = data.UNIT_STAFF_NAMES
    return [(f"cb-{code.lower()}", names[i % len(names)], code) for i, code in enumerate(codes)]


class DemoRefused(Exception):
    """The database holds data that is not the demo's; loading would mix the two."""


@dataclass(frozen=True)
class DemoResult:
    plan: Plan
    created: bool
    tasks: int
    completed: int


def demo_plan_year(today: datetime.date) -> int:
    """The most recent year whose 30 June has passed."""
    return today.year if today > datetime.date(today.year, 6, 30) else today.year - 1


def foreign_data_counts() -> dict[str, int]:
    unit_codes = {code for code, *_ in data.UNITS}
    usernames = {u[0] for u in DEMO_USERS} | {u[0] for u in unit_staff_accounts()}
    counts = {
        "units": Unit.objects.exclude(code__in=unit_codes).count(),
        "plans": Plan.objects.exclude(number=data.PLAN_NUMBER, issuing_unit__code=data.AGENCY_CODE)
        .exclude(number=data.PREVIOUS_PLAN_NUMBER, issuing_unit__code=data.AGENCY_CODE)
        .exclude(parent__number=data.PLAN_NUMBER, parent__issuing_unit__code=data.AGENCY_CODE)  # units' plans
        .count(),
        "users": User.objects.exclude(username__in=usernames).count(),
    }
    return {k: v for k, v in counts.items() if v}


def _demo_plan() -> Plan | None:
    return Plan.objects.filter(number=data.PLAN_NUMBER, issuing_unit__code=data.AGENCY_CODE).first()


@transaction.atomic
def demo_load(*, today: datetime.date, force: bool = False, reset: bool = False) -> DemoResult:
    foreign = foreign_data_counts()
    if foreign and not force:
        detail = ", ".join(f"{n} {kind}" for kind, n in foreign.items())
        raise DemoRefused(f"the database holds non-demo data ({detail})")

    plan = _demo_plan()
    if plan is not None and not reset:
        return DemoResult(plan, False, plan.tasks.in_plan().count(), plan.tasks.completed().count())
    if plan is not None:
        plan_tasks_purge(plan=plan)

    units = demo_catalogue_load(year=demo_plan_year(today))
    users = _load_users(units)
    year = demo_plan_year(today)
    demo_previous_year(year=year - 1, units=units, users=users)
    fields = {
        "title": data.PLAN_TITLE.format(year=year),
        "year": year,
        "issued_on": datetime.date(year, 1, 12),
        "status": PlanStatus.ISSUED,
    }
    if plan is None:
        plan = plan_create(
            by=users["thuongtruc"], number=data.PLAN_NUMBER, issuing_unit=units[data.AGENCY_CODE], **fields
        )
    else:
        plan = plan_update(plan=plan, by=users["thuongtruc"], **fields)
    tasks = _load_tasks(plan, units, year, by=users["thuongtruc"])
    _assign_statuses(tasks, year=year, today=today)
    _record_history(tasks, plan=plan, users=users, today=today)
    demo_plan_life(plan=plan, users=users, units=units, today=today)
    demo_load_inspections(plan_year=year, users=users, units=units, today=today)
    demo_load_figures(year=year, users=users)
    demo_load_parindex(year=year, users=users, today=today)
    demo_load_closing(plan=plan, users=users, today=today)  # demo/closing.py: the six-month report, closed on 20/06
    demo_load_packs(users=users, today=today)  # demo/steering.py: the last three months' steering-committee packs
    # Counted from the database: the demo modules above add completions of their own.
    return DemoResult(plan, True, plan.tasks.in_plan().count(), plan.tasks.completed().count())


def _load_tasks(plan: Plan, units: dict[str, Unit], year: int, *, by: User) -> list[Task]:
    areas = {a.code: a for a in ReformArea.objects.all()}
    groups = {g.slug: g for g in UnitGroup.objects.prefetch_related("units")}
    specs = []
    for position, row in enumerate(data.TASKS, start=1):
        deadline = parse_deadline(row["deadline_text"], year=year)
        coordinating: list[Unit] = []
        written: list[str] = []
        for code in row["coord"]:
            if code in groups:
                coordinating.extend(groups[code].units.all())
                written.append(groups[code].name)
            else:
                coordinating.append(units[code])
                written.append(units[code].name)
        specs.append(
            NewTask(
                area_id=areas[row["area"]].pk,
                number=row["number"],
                position=position,
                content=row["content"],
                expected_output=row["output"],
                lead_unit_id=units[row["lead"]].pk,
                coordinating_ids=sorted({u.pk for u in coordinating}),
                coordination_text="; ".join(written),
                deadline=deadline.date,
                deadline_text=deadline.text,
                is_recurring=deadline.recurring,
                source=data.TASK_SOURCES.get(f"{row['area']}.{row['number']}", TaskSource.SELF),
            )
        )
    tasks = tasks_import(plan=plan, tasks=specs, by=by, effective_on=plan.issued_on, recorded_at=_at(plan.issued_on))
    by_pk = {unit.pk: unit for unit in units.values()}
    for task in tasks:
        task.lead_unit = by_pk[task.lead_unit_id]
    return tasks


def _assign_statuses(tasks: list[Task], *, year: int, today: datetime.date) -> None:
    """Exactly 40 confirmed completions dated on or before 14/06 of the plan year (the
    six-month figure, 40/77); the other 37 mix waiting for confirmation, in progress, not
    started and returned, and some of those in progress were completed from July on (the year
    goes on up to the load date: today's figure is above the six-month one).
    Sets the state each task should reach on the (unsaved) objects: _record_history writes
    the history that leads there."""
    mid_year = datetime.date(year, 6, 30)
    six_month_cutoff = datetime.date(year, 6, 14)
    by_deadline = sorted(tasks, key=lambda t: (t.deadline or datetime.date.max, t.position))
    early = [t for t in by_deadline if t.deadline and t.deadline <= mid_year]
    # Leave every fifth early task unfinished, so the demo has real overdue work.
    completed = [t for i, t in enumerate(early) if i % 5 != 4]
    later = [t for t in by_deadline if t not in completed]
    completed += later[: max(0, COMPLETED_COUNT - len(completed))]
    completed = completed[:COMPLETED_COUNT]
    done_ids = {t.pk for t in completed}

    for i, task in enumerate(completed):
        task.status = TaskStatus.COMPLETED
        task.progress = 100
        due = min(task.deadline or mid_year, mid_year)
        if i % 7 == 3 and due <= datetime.date(year, 5, 31):
            task.completed_on = due + datetime.timedelta(days=9 + i % 11)  # reported late
        else:
            task.completed_on = max(datetime.date(year, 1, 20), due - datetime.timedelta(days=3 + i % 17))
        # On or before 14/06, the six-month report's data cut-off (docs/DOMAIN.md, "Reporting
        # periods and cut-offs"), so the review exported for the first six months and the
        # figure as of 30/06 agree: 40/77.
        task.completed_on = min(task.completed_on, six_month_cutoff)

    open_tasks = [t for t in sorted(tasks, key=lambda t: t.position) if t.pk not in done_ids]
    cycle = [
        TaskStatus.IN_PROGRESS,
        TaskStatus.NOT_STARTED,
        TaskStatus.IN_PROGRESS,
        TaskStatus.PENDING,
        TaskStatus.IN_PROGRESS,
        TaskStatus.RETURNED,
    ]
    for i, task in enumerate(open_tasks):
        task.status = cycle[i % len(cycle)]
        task.completed_on = None
        if task.status == TaskStatus.IN_PROGRESS:
            task.progress = 20 + (i * 13) % 70
        elif task.status == TaskStatus.PENDING:
            # Reported done recently, waiting for the secretariat; the date is the unit's claim.
            task.progress = 100
            task.completed_on = max(datetime.date(year, 7, 1), today - datetime.timedelta(days=2 + i % 9))
        elif task.status == TaskStatus.RETURNED:
            task.progress = 80
        else:
            task.progress = 0
    _complete_after_june(open_tasks, year=year, today=today)


def _complete_after_june(open_tasks: list[Task], *, year: int, today: datetime.date) -> None:
    """Part of the work in progress (three in every twelve open tasks) completed between 01/07
    and five days before the load date, spread evenly so the trend rises month by month; none
    when the demo is loaded in the first days of July."""
    start = datetime.date(year, 7, 1)
    last = min(today, datetime.date(year, 12, 31)) - datetime.timedelta(days=5)
    if last <= start:
        return
    done = [t for i, t in enumerate(open_tasks) if t.status == TaskStatus.IN_PROGRESS and i % 12 in (2, 4, 8)]
    for k, task in enumerate(done, start=1):
        task.status, task.progress = TaskStatus.COMPLETED, 100
        task.completed_on = start + datetime.timedelta(days=(last - start).days * k // len(done))


def _record_history(tasks: list[Task], *, plan: Plan, users: dict[str, User], today: datetime.date) -> None:
    """The history each task would have had in the tool after its creation: progress reports,
    completion reports with their evidence, and the secretariat's confirmations or returns —
    so that the queue, the timelines and figures "as of a date" computed from history all
    agree with the task table. Each entry is stamped on the day it took effect."""
    staff_of = {u.unit_id: u for u in users.values() if u.is_unit_staff}  # who reports for the unit
    secretariat = users["thuongtruc"]
    six_month_cutoff = datetime.date(plan.year, 6, 14)
    second_half = datetime.date(plan.year, 7, 1)
    second_half_days = max(1, (min(today, datetime.date(plan.year, 12, 31)) - second_half).days + 1)
    entries: list[PastEntry] = []
    reports: list[tuple[Task, CompletionReport, int]] = []  # (task, report, index of its SUBMITTED entry)

    def add(task, kind, actor, on, after, note="", completed_on=None):
        status, progress = after
        entries.append(
            PastEntry(
                task_id=task.pk,
                kind=kind,
                actor_id=actor.pk,
                effective_on=on,
                status=status,
                progress=progress,
                deadline=task.deadline,
                completed_on=completed_on,
                note=note,
                recorded_at=_at(on),
            )
        )
        return len(entries) - 1

    for i, task in enumerate(tasks):
        reporter = staff_of.get(task.lead_unit_id) or secretariat
        if task.status == TaskStatus.NOT_STARTED:
            continue
        started = min(today, plan.issued_on + datetime.timedelta(days=20 + i % 30))
        if task.status == TaskStatus.COMPLETED and task.completed_on and task.completed_on > six_month_cutoff:
            # A task completed in the second half of the year was reported on from July only:
            # the six-month figures (and every entry up to 14/06) stay what they were.
            started = max(datetime.date(plan.year, 7, 1), task.completed_on - datetime.timedelta(days=30))
        if task.status == TaskStatus.IN_PROGRESS:
            # The latest progress report, spread over July … the load date.
            on = min(today, second_half + datetime.timedelta(days=(i * 37) % second_half_days))
            add(
                task,
                TaskEventKind.PROGRESS,
                reporter,
                on,
                (TaskStatus.IN_PROGRESS, task.progress),
                data.PROGRESS_NOTES[i % len(data.PROGRESS_NOTES)],
            )
            continue
        # Completed, pending and returned tasks were all reported done with evidence first,
        # after some work in progress.
        claimed = task.completed_on or min(today, datetime.date(plan.year, 9, 20) - datetime.timedelta(days=i % 25))
        add(task, TaskEventKind.PROGRESS, reporter, min(started, claimed), (TaskStatus.IN_PROGRESS, 50))
        submitted = add(
            task,
            TaskEventKind.SUBMITTED,
            reporter,
            claimed,
            (TaskStatus.PENDING, 100),
            data.REPORT_NOTES[i % len(data.REPORT_NOTES)],
            claimed,
        )
        report = CompletionReport(
            task=task,
            submitted_by=reporter,
            completed_on=claimed,
            note=entries[submitted].note,
            is_late=task.deadline is not None and claimed > task.deadline,
            status=ReportStatus.AWAITING_SECRETARIAT,
            progress_before=50,
            status_before=TaskStatus.IN_PROGRESS,
        )
        if task.status == TaskStatus.COMPLETED:
            add(
                task,
                TaskEventKind.CONFIRMED,
                secretariat,
                claimed,
                (TaskStatus.COMPLETED, 100),
                "Đã kiểm tra tài liệu kiểm chứng.",
                claimed,
            )
            report.status, report.decided_by = ReportStatus.CONFIRMED, secretariat
        elif task.status == TaskStatus.RETURNED:
            reason = data.RETURN_REASONS[i % len(data.RETURN_REASONS)]
            add(
                task,
                TaskEventKind.RETURNED,
                secretariat,
                min(today, claimed + datetime.timedelta(days=4)),
                (TaskStatus.RETURNED, task.progress),
                reason,
            )
            report.status, report.decided_by, report.decision_note = ReportStatus.RETURNED, secretariat, reason
        reports.append((task, report, submitted))

    events = task_history_import(entries=entries)
    evidence = []
    for task, report, submitted in reports:
        report.event = events[submitted]
        if report.decided_by is not None:
            report.decided_at = _at(entries[submitted].effective_on + datetime.timedelta(days=3))
        number = f"{40 + task.position}/{'QĐ' if task.position % 2 else 'BC'}-{task.lead_unit.code}"
        evidence.append(
            Evidence(
                task=task,
                event=events[submitted],
                document_number=number,
                document_date=report.completed_on,
                document_title=task.expected_output or task.content[:200],
                uploaded_by=report.submitted_by,
            )
        )
    CompletionReport.objects.bulk_create([r for _, r, _ in reports])
    Evidence.objects.bulk_create(evidence)
    for _task, report, submitted in reports:
        stamp = _at(entries[submitted].effective_on)
        CompletionReport.objects.filter(pk=report.pk).update(submitted_at=stamp)
        Evidence.objects.filter(event=events[submitted]).update(created_at=stamp)


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))


def _load_users(units: dict[str, Unit]) -> dict[str, User]:
    """The five demo users, and a staff member for every unit that leads tasks (who reports for
    it). The unit staff come first: where a unit has one of the five, that person stays the one
    who reports (later entries win in {unit: user} look-ups)."""
    accounts = [(u, name, Role.UNIT_STAFF, code) for u, name, code in unit_staff_accounts()]
    users = {}
    for username, full_name, role, unit_code in [*accounts, *DEMO_USERS]:
        last, _, first = full_name.partition(" (")[0].rpartition(" ")
        user, created = User.objects.get_or_create(username=username)
        user.first_name, user.last_name = first, last
        user.unit = units[unit_code]
        user.is_staff = role == Role.SECRETARIAT
        user.email = f"{username}@songlam.example"
        if created:
            user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.set([Group.objects.get(name=role.value)])
        users[username] = user
    return users
