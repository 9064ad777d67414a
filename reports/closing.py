"""Closing a reporting period ("chốt số liệu"): the figures of a plan (or of every plan of a
year) at the period's cut-off, frozen in a PeriodClosing that is never updated.

- ``collect_snapshot`` reads the figures (reports/completion.py, through collect_review — the
  same reading as the Excel review — plus the breakdown by source and the tasks' states) into a
  JSON-safe dict; ``Snapshot`` reads such a dict back for pages and the Word draft.
- ``period_close`` / ``period_reopen`` are the two writes (secretariat only), audited.
- ``closing_compare`` sets the reported figures beside the current ones at the same cut-off,
  with the tasks whose bucket changed and the history entries recorded after the closing that
  changed them (the revisions of the period); ``closings_affected_by`` lists the closings a
  change dated `effective_on` to a task would revise.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.models import AuditAction
from audit.services import audit_record
from cchc.formatting import format_date, headline
from figures.models import PeriodKind, default_period
from inspections.models import InspectionPlan
from inspections.selectors import coverage
from plans.models import Plan, ReformArea
from tasks.models import Task, TaskEvent, TaskSource, TaskStatus

from .completion import COUNTED_FIELDS, Bucket, Completion, completion_by_source, tasks_with_state
from .models import PeriodClosing, PeriodReopening
from .review_changes import ChangeLine, stored_change_lines
from .review_data import collect_review
from .review_period import ReviewPeriod
from .review_tasks import TaskLine, evidence_texts, timeliness_label

# 2: each task also keeps the review's detail columns (expected output, coordinating units,
# latest note), the overdue sheet's rows, the units' last updates, the inspections' and the
# appendix figures' columns: the Excel review and the CSV of a closed period are written from it.
SNAPSHOT_FORMAT = 2

# The identifier's period code: CCHC-6T-2026-01.
KIND_CODES = {PeriodKind.Q1: "Q1", PeriodKind.H1: "6T", PeriodKind.Q3: "Q3", PeriodKind.YEAR: "NAM"}
DONE_BUCKETS = (Bucket.ON_TIME.value, Bucket.LATE.value)
OPEN_BUCKETS = (Bucket.WITHIN.value, Bucket.OVERDUE.value)


# ---------------------------------------------------------------- the scope


@dataclass(frozen=True)
class ClosingScope:
    """What is closed: one plan, or every plan of a year (all their tasks, whoever closes)."""

    year: int
    plan: Plan | None = None

    @property
    def key(self) -> str:
        return f"plan-{self.plan.pk}" if self.plan else f"year-{self.year}"

    @property
    def tasks(self) -> QuerySet[Task]:
        if self.plan is not None:
            return Task.objects.filter(plan=self.plan)
        # As the year's dashboard and export count: the agency's plans only (a unit's own plan
        # repeats agency tasks as its parts).
        return Task.objects.filter(plan__year=self.year, plan__in=Plan.objects.agency())

    @property
    def plans(self) -> list[Plan]:
        if self.plan is not None:
            return [self.plan]
        return list(Plan.objects.agency().filter(year=self.year).select_related("issuing_unit").order_by("number"))


def scope_of(closing: PeriodClosing) -> ClosingScope:
    return ClosingScope(year=closing.year, plan=closing.plan)


# ---------------------------------------------------------------- reading the figures


def _counts(c: Completion) -> dict[str, int]:
    return {name: getattr(c, name) for name in COUNTED_FIELDS}


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def next_cutoff(period: ReviewPeriod) -> datetime.date:
    """The cut-off of the next report (IV. phương hướng lists the tasks due by then)."""
    following = {PeriodKind.Q1: PeriodKind.H1, PeriodKind.H1: PeriodKind.Q3, PeriodKind.Q3: PeriodKind.YEAR}
    if period.kind in following:
        return default_period(period.year, following[PeriodKind(period.kind)]).cutoff
    if period.kind == PeriodKind.YEAR:
        return default_period(period.year + 1, PeriodKind.Q1).cutoff
    return period.cutoff + datetime.timedelta(days=91)


def task_states(
    tasks: QuerySet[Task], *, as_of: datetime.date, lines: Iterable[TaskLine] | None = None
) -> list[dict[str, Any]]:
    """Every task existing at `as_of` with its state then (one query, plus one for evidence),
    in the plan's order. `lines`, the review's task detail of the same tasks (same rows, same
    order), adds its columns to each task."""
    rows = list(
        tasks_with_state(tasks, as_of=as_of)
        .filter(asof_status__isnull=False)
        .order_by("plan__year", "plan__number", "plan_id", "area__order", "position", "id")
        .values(
            "id",
            "number",
            "plan__number",
            "area__code",
            "content",
            "lead_unit_id",
            "lead_unit__name",
            "deadline_text",
            "asof_deadline",
            "asof_status",
            "asof_completed_on",
            "asof_bucket",
        )
    )
    evidence = evidence_texts([r["id"] for r in rows], as_of=as_of, using=tasks.db) if rows else {}
    details = _detail_columns(rows, lines)
    return [
        {
            "id": r["id"],
            "number": r["number"],
            "plan": r["plan__number"],
            "area": r["area__code"],
            "content": r["content"],
            "lead_unit_id": r["lead_unit_id"],
            "lead_unit": r["lead_unit__name"],
            "deadline": _iso(r["asof_deadline"]),
            "deadline_text": r["deadline_text"],
            "status": r["asof_status"],
            "bucket": r["asof_bucket"],
            "completed_on": _iso(r["asof_completed_on"]) if r["asof_bucket"] in DONE_BUCKETS else None,
            "evidence": evidence.get(r["id"], ""),
            **details.get(r["id"], {}),
        }
        for r in rows
    ]


def _detail_columns(rows: list[dict[str, Any]], lines: Iterable[TaskLine] | None) -> dict[int, dict[str, Any]]:
    """{task id: the review's detail columns the task rows lack}, pairing each row with the
    review's line in the same place (both list the tasks existing at the cut-off in the
    plan's order)."""
    if lines is None:
        return {}
    lines = list(lines)
    if [line.number for line in lines] != [r["number"] for r in rows]:
        raise RuntimeError("The review's task detail and the closing's task rows differ")
    return {
        r["id"]: {
            "expected_output": line.expected_output,
            "coordinating_units": line.coordinating_units,
            "note": line.note,
            "progress_on": _iso(line.progress_on),
        }
        for r, line in zip(rows, lines, strict=True)
    }


def collect_snapshot(scope: ClosingScope, period: ReviewPeriod) -> dict[str, Any]:
    """The figures the report prints, at the period's cut-off, as a JSON-safe dict: the same
    reading as the Excel review (collect_review) plus the split by source and every task's
    state. Appendix figures and inspections are those entered at the time of reading."""
    tasks, as_of = scope.tasks, period.cutoff
    plans = scope.plans
    data = collect_review(
        tasks=tasks, plans=plans, year=scope.year, period=period, multi_plan=scope.plan is None, today=as_of
    )
    area_names = {a.code: a.name for a in ReformArea.objects.all()}
    states = task_states(tasks, as_of=as_of, lines=data.tasks)
    overdue = list(data.overdue)  # after the detail was read: the same pass
    by_source = completion_by_source(tasks, as_of=as_of)
    inspection_plan = InspectionPlan.objects.filter(year=scope.year).order_by("pk").first()
    cover = coverage(inspection_plan) if inspection_plan else None
    return {
        "format": SNAPSHOT_FORMAT,
        "agency": data.agency,
        "scope": {
            "label": data.scope_label,
            "plans": [
                {"id": p.pk, "number": p.number, "title": p.title, "issued_on": _iso(p.issued_on)} for p in plans
            ],
        },
        "period": {
            "kind": period.kind,
            "year": period.year,
            "start": period.start.isoformat(),
            "cutoff": period.cutoff.isoformat(),
            "next_cutoff": next_cutoff(period).isoformat(),
            "label": period.label,
            "title": period.title,
        },
        "headline": _counts(data.completion),
        "areas": [
            {"code": a.code, "name": a.name, "full_name": area_names.get(a.code, a.name), **_counts(a.completion)}
            for a in data.areas
        ],
        "units": [
            {
                "id": u.unit.pk,
                "name": u.label or u.unit.name,
                "rank": u.rank,
                "last_update": _iso(u.last_update),
                "silent": u.silent,
                **_counts(u.completion),
            }
            for u in data.units
        ],
        "sources": [
            {"source": source, "label": str(TaskSource(source).label), **_counts(c)} for source, c in by_source.items()
        ],
        "tasks": states,
        "overdue": [{**line._asdict(), "deadline": _iso(line.deadline)} for line in overdue],
        # The plan's changes in the period as the review printed them (sheet "Thay đổi kế hoạch").
        "changes": [{**line._asdict(), "effective_on": _iso(line.effective_on)} for line in data.changes],
        "generated_on": timezone.localdate().isoformat(),
        "inspections": {
            "plan": (inspection_plan.number or inspection_plan.title) if inspection_plan else "",
            "subject": cover.subject if cover else 0,
            "inspected": cover.inspected if cover else 0,
            "rate": str(cover.rate) if cover and cover.rate is not None else None,
            "lines": [
                {
                    "unit": line.unit,
                    "team": line.team,
                    "plan": line.plan,
                    "areas": line.areas,
                    "answered": line.answered,
                    "start": _iso(line.start),
                    "end": _iso(line.end),
                    "recommendations": line.recommendations,
                    "open": line.open,
                    "closed": line.closed,
                    "overdue": line.overdue,
                }
                for line in data.inspections
            ],
        },
        "figures": [
            {
                "indicator": t.indicator.name,
                "unit_of_measure": t.indicator.unit_of_measure,
                "group": t.indicator.group,
                "aggregate": t.indicator.aggregate,
                "total": str(t.total) if t.total is not None else None,
                "units_reported": t.units_reported,
            }
            for t in (data.figures or [])
        ],
        "has_figures": data.figures is not None,
    }


# ---------------------------------------------------------------- reading a snapshot back


def _completion(row: dict[str, Any]) -> Completion:
    return Completion(**{name: int(row.get(name, 0)) for name in COUNTED_FIELDS})


@dataclass(frozen=True)
class Line:
    """A row of a breakdown (area, unit, source) with its figures."""

    key: str
    name: str
    completion: Completion
    full_name: str = ""
    rank: int | None = None


@dataclass(frozen=True)
class TaskState:
    id: int
    number: str
    plan: str
    area: str
    content: str
    lead_unit: str
    deadline: datetime.date | None
    deadline_text: str
    status: str
    bucket: str | None
    completed_on: datetime.date | None
    evidence: str

    @property
    def status_label(self) -> str:
        return str(TaskStatus(self.status).label)

    @property
    def bucket_label(self) -> str:
        return timeliness_label(self.bucket)

    @property
    def is_open(self) -> bool:
        return self.bucket in OPEN_BUCKETS


def _date(text: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


class Snapshot:
    """A closing's stored figures, read back with the same types the live figures have."""

    def __init__(self, data: dict[str, Any]):
        self.data = data
        period = data["period"]
        self.start: datetime.date = datetime.date.fromisoformat(period["start"])
        self.cutoff: datetime.date = datetime.date.fromisoformat(period["cutoff"])
        self.next_cutoff: datetime.date = datetime.date.fromisoformat(period["next_cutoff"])
        self.kind: str = period["kind"]
        self.year: int = period["year"]
        self.period_label: str = period["label"]
        self.period_title: str = period["title"]
        self.agency: str = data["agency"]
        self.scope_label: str = data["scope"]["label"]
        self.plans: list[dict[str, Any]] = data["scope"]["plans"]
        self.completion = _completion(data["headline"])
        self.areas = [
            Line(a["code"], a["name"], _completion(a), full_name=a.get("full_name", a["name"])) for a in data["areas"]
        ]
        self.units = [Line(str(u["id"]), u["name"], _completion(u), rank=u["rank"]) for u in data["units"]]
        self.sources = [Line(s["source"], s["label"], _completion(s)) for s in data["sources"]]
        # The plan's changes in the period as the review printed them (none in older snapshots).
        self.changes: list[ChangeLine] = stored_change_lines(data.get("changes", []))
        self.tasks = [
            TaskState(
                id=t["id"],
                number=t["number"],
                plan=t["plan"],
                area=t["area"],
                content=t["content"],
                lead_unit=t["lead_unit"],
                deadline=_date(t["deadline"]),
                deadline_text=t["deadline_text"],
                status=t["status"],
                bucket=t["bucket"],
                completed_on=_date(t["completed_on"]),
                evidence=t["evidence"],
            )
            for t in data["tasks"]
        ]
        self.inspections: dict[str, Any] = data["inspections"]
        self.figures: list[dict[str, Any]] = data["figures"]

    @property
    def headline(self) -> str:
        c = self.completion
        return headline(c.completed, c.total, c.rate)

    @property
    def inspection_rate(self) -> Decimal | None:
        rate = self.inspections.get("rate")
        return Decimal(rate) if rate is not None else None

    def overdue_tasks(self) -> list[TaskState]:
        """Open past their deadline at the cut-off, longest overdue first."""
        overdue = [t for t in self.tasks if t.bucket == Bucket.OVERDUE]
        return sorted(overdue, key=lambda t: (t.deadline or self.cutoff, t.lead_unit, t.number))

    def open_tasks(self) -> list[TaskState]:
        return [t for t in self.tasks if t.is_open]

    def due_next_period(self) -> list[TaskState]:
        """Open at the cut-off with a deadline after it, up to the next report's cut-off."""
        return [
            t
            for t in self.tasks
            if t.bucket == Bucket.WITHIN and t.deadline and self.cutoff < t.deadline <= self.next_cutoff
        ]

    def tasks_of_area(self, code: str) -> list[TaskState]:
        return [t for t in self.tasks if t.area == code]

    @property
    def data_range(self) -> str:
        """ "số liệu từ 15/12/2025 đến 14/6/2026" as the agency writes it (no leading zero on the month)."""
        return _("số liệu từ %(start)s đến %(end)s") % {"start": vn_short(self.start), "end": vn_short(self.cutoff)}


def vn_short(day: datetime.date) -> str:
    """15/12/2025, 14/6/2026: the day with two digits, the month without a leading zero, as
    administrative documents write dates in text."""
    return f"{day.day:02d}/{day.month}/{day.year}"


def snapshot_of(closing: PeriodClosing) -> Snapshot:
    return Snapshot(closing.snapshot)


# ---------------------------------------------------------------- writes


def can_close_periods(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_secretariat)


def active_closing(scope: ClosingScope, period_id: int) -> PeriodClosing | None:
    """The closing in force for a scope and period: the latest one not reopened."""
    return (
        PeriodClosing.objects.filter(scope_key=scope.key, period_id=period_id, reopening__isnull=True)
        .order_by("-version")
        .first()
    )


def _identifier(kind: str, year: int, period_start: datetime.date, period_cutoff: datetime.date) -> str:
    code = KIND_CODES.get(PeriodKind(kind)) or f"TC{period_start:%d%m}{period_cutoff:%d%m}"
    prefix = f"CCHC-{code}-{year}-"
    taken = PeriodClosing.objects.filter(identifier__startswith=prefix).count()
    return f"{prefix}{taken + 1:02d}"


def period_close(
    *, scope: ClosingScope, period: ReviewPeriod, by: User, closed_at: datetime.datetime | None = None
) -> PeriodClosing:
    """Freeze the scope's figures at the period's cut-off. Secretariat only; one closing in
    force per scope and period (reopen it first); the cut-off must be past. `closed_at` is now
    (the demo records a closing made on the report's due date)."""
    closed_at = closed_at or timezone.now()
    if not can_close_periods(by):
        raise PermissionDenied("Only the secretariat closes a period")
    if period.reporting_period is None:
        raise ValidationError(_("Kỳ tùy chọn chưa có kỳ báo cáo tương ứng: hãy tạo kỳ báo cáo trước khi chốt."))
    if period.cutoff >= timezone.localdate(closed_at):
        raise ValidationError(
            _("Chỉ chốt số liệu sau ngày chốt số liệu của kỳ (%(day)s).") % {"day": format_date(period.cutoff)}
        )
    if not scope.tasks.exists():
        raise ValidationError(_("Phạm vi này chưa có nhiệm vụ nào."))
    with transaction.atomic():
        in_force = active_closing(scope, period.reporting_period.pk)
        if in_force is not None:
            raise ValidationError(
                _("Kỳ này đã được chốt (%(identifier)s). Mở lại kỳ trước khi chốt lần mới.")
                % {"identifier": in_force.identifier}
            )
        version = PeriodClosing.objects.filter(scope_key=scope.key, period=period.reporting_period).count() + 1
        try:
            with transaction.atomic():
                closing = PeriodClosing(
                    identifier=_identifier(period.kind, period.year, period.start, period.cutoff),
                    scope_key=scope.key,
                    plan=scope.plan,
                    year=scope.year,
                    period=period.reporting_period,
                    kind=period.kind,
                    start=period.start,
                    cutoff=period.cutoff,
                    version=version,
                    closed_at=closed_at,
                    closed_by=by,
                    snapshot=collect_snapshot(scope, period),
                )
                closing.save()
        except IntegrityError as exc:  # another closing of the same period at the same moment
            raise ValidationError(_("Kỳ này vừa được chốt bởi người khác.")) from exc
        audit_record(
            actor=by,
            action=AuditAction.PERIOD_CLOSED,
            target=closing,
            detail=f"Chốt số liệu {closing.identifier}: {snapshot_of(closing).headline}",
        )
    return closing


def period_reopen(*, closing: PeriodClosing, by: User, reason: str) -> PeriodReopening:
    """Reopen a closed period (recorded with its reason); the closing itself stays as it was."""
    if not can_close_periods(by):
        raise PermissionDenied("Only the secretariat reopens a period")
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Nhập lý do mở lại kỳ đã chốt."))
    with transaction.atomic():
        if PeriodReopening.objects.filter(closing=closing).exists():
            raise ValidationError(_("Lần chốt này đã được mở lại."))
        reopening = PeriodReopening(closing=closing, reopened_at=timezone.now(), reopened_by=by, reason=reason)
        try:
            with transaction.atomic():
                reopening.save()
        except IntegrityError as exc:
            raise ValidationError(_("Lần chốt này đã được mở lại.")) from exc
        audit_record(
            actor=by,
            action=AuditAction.PERIOD_REOPENED,
            target=closing,
            detail=f"Mở lại kỳ {closing.identifier}: {reason}",
        )
    return reopening


# ---------------------------------------------------------------- after the closing


@dataclass(frozen=True)
class Revision:
    """A task whose figures at the cut-off changed after the closing, and why."""

    task_id: int
    number: str
    content: str
    lead_unit: str
    reported: str | None  # bucket in the snapshot (None: did not exist then)
    current: str | None
    events: list[TaskEvent]

    @property
    def reported_label(self) -> str:
        return timeliness_label(self.reported) if self.reported else _("Chưa có trong kế hoạch")

    @property
    def current_label(self) -> str:
        return timeliness_label(self.current) if self.current else _("Chưa có trong kế hoạch")


@dataclass(frozen=True)
class Comparison:
    reported: Snapshot
    current: Snapshot
    revisions: list[Revision]

    @property
    def changed(self) -> bool:
        return bool(self.revisions) or self.reported.completion != self.current.completion

    def area_pairs(self) -> list[tuple[Line, Line]]:
        now = {line.key: line for line in self.current.areas}
        return [(line, now.get(line.key, Line(line.key, line.name, Completion()))) for line in self.reported.areas]


def closing_compare(closing: PeriodClosing) -> Comparison:
    """The reported figures beside the figures at the same cut-off now, and every task whose
    bucket differs with the history entries recorded after the closing, dated on or before
    the cut-off, that changed it."""
    reported = snapshot_of(closing)
    scope = scope_of(closing)
    period = ReviewPeriod(
        year=reported.year,
        kind=reported.kind,
        start=reported.start,
        cutoff=reported.cutoff,
        reporting_period=closing.period,
    )
    current = Snapshot(collect_snapshot(scope, period))
    before = {t.id: t for t in reported.tasks}
    after = {t.id: t for t in current.tasks}
    changed = [
        i for i in {*before, *after} if (before.get(i) and before[i].bucket) != (after.get(i) and after[i].bucket)
    ]
    events: dict[int, list[TaskEvent]] = {}
    for event in (
        TaskEvent.objects.filter(
            task_id__in=changed, created_at__gt=closing.closed_at, effective_on__lte=closing.cutoff
        )
        .select_related("actor")
        .order_by("created_at", "id")
    ):
        events.setdefault(event.task_id, []).append(event)
    revisions = []
    for task_id in changed:
        task = after.get(task_id) or before[task_id]
        revisions.append(
            Revision(
                task_id=task_id,
                number=task.number,
                content=task.content,
                lead_unit=task.lead_unit,
                reported=before[task_id].bucket if task_id in before else None,
                current=after[task_id].bucket if task_id in after else None,
                events=events.get(task_id, []),
            )
        )
    revisions.sort(key=lambda r: (r.number, r.task_id))
    return Comparison(reported=reported, current=current, revisions=revisions)


def closings_affected_by(task: Task, effective_on: datetime.date) -> list[PeriodClosing]:
    """The closings in force whose figures a change to `task` taking effect on `effective_on`
    would revise: those covering the task's plan (or its year) with a cut-off on or after it."""
    return list(
        PeriodClosing.objects.filter(
            scope_key__in=[f"plan-{task.plan_id}", f"year-{task.plan.year}"],
            cutoff__gte=effective_on,
            reopening__isnull=True,
        ).order_by("cutoff", "pk")
    )


def closings_at(plan: Plan | None, year: int, cutoff: datetime.date) -> list[PeriodClosing]:
    """The closings in force of a plan's (or a year's) scope with this cut-off (the dashboard)."""
    key = f"plan-{plan.pk}" if plan is not None else f"year-{year}"
    return list(PeriodClosing.objects.filter(scope_key=key, cutoff=cutoff, reopening__isnull=True).order_by("pk"))


def closings_for(scope_keys: Iterable[str]) -> QuerySet[PeriodClosing]:
    return PeriodClosing.objects.filter(scope_key__in=list(scope_keys)).select_related(
        "plan", "closed_by", "reopening", "reopening__reopened_by", "period"
    )


def snapshot_fields() -> list[str]:
    """The counted figures of a Completion, in order (the columns of the appendix tables)."""
    return [f.name for f in fields(Completion)]
