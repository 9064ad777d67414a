"""What needs each person now: the unit's task list as a work list ("Cần xử lý" first) and the
summaries above the head's approvals and the secretariat's queue. Reads only, each in a fixed
number of queries; built on tasks/selectors.py without changing it. Completion figures (rates,
buckets as of a date) are not computed here: see reports/completion.py."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Case, Count, Exists, F, IntegerField, Min, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from plans.models import ReformArea
from units.models import Unit

from .models import (
    OPEN_STATUSES,
    SILENT_AFTER_DAYS,
    Task,
    TaskEvent,
    TaskEventKind,
    TaskStatus,
    due_soon_condition,
    overdue_condition,
)
from .selectors import reports_awaiting_secretariat, unit_tasks
from .workflow_models import CompletionReport, ExtensionRequest, ExtensionStatus, ReportStatus


@dataclass(frozen=True)
class Bucket:
    """A section of the unit's work list, in the order the list shows them."""

    rank: int
    key: str
    label: str | Promise
    attention: bool  # in "Cần xử lý": something for the unit to do now


def buckets(*, head: bool) -> list[Bucket]:
    """The sections, most urgent first. A report waiting for the unit head needs the head; for
    the staff it is work in progress."""
    return [
        Bucket(0, "returned", _("Bị trả lại"), True),
        Bucket(1, "overdue", _("Quá hạn"), True),
        Bucket(2, "due_soon", _("Sắp đến hạn"), True),
        Bucket(3, "not_started", _("Chưa triển khai"), True),
        Bucket(4, "awaiting_head", _("Chờ lãnh đạo đơn vị duyệt"), head),
        Bucket(5, "in_progress", _("Đang triển khai"), False),
        Bucket(6, "coordinating", _("Nhiệm vụ phối hợp"), False),
        Bucket(7, "pending", _("Chờ thường trực xác nhận"), False),
        Bucket(8, "done", _("Đã hoàn thành hoặc đưa ra khỏi kế hoạch"), False),
    ]


def _bucket_rank(unit: Unit, today: datetime.date) -> Case:
    """The section of each row, as one expression of the row's own columns and one probe of the
    completion reports' index: no extra query."""
    led = Q(lead_unit=unit)
    awaiting_head = Exists(
        CompletionReport.objects.filter(task=OuterRef("pk"), status=ReportStatus.AWAITING_HEAD).order_by()
    )
    done = Q(status__in=[TaskStatus.COMPLETED, TaskStatus.REMOVED])
    not_pending = ~Q(status=TaskStatus.PENDING)
    return Case(
        When(done, then=Value(8)),
        When(~led, then=Value(6)),
        When(status=TaskStatus.RETURNED, then=Value(0)),
        When(awaiting_head, then=Value(4)),
        When(overdue_condition(today) & not_pending, then=Value(1)),
        When(due_soon_condition(today) & not_pending, then=Value(2)),
        When(status=TaskStatus.NOT_STARTED, then=Value(3)),
        When(status=TaskStatus.PENDING, then=Value(7)),
        default=Value(5),
        output_field=IntegerField(),
    )


def unit_worklist(unit: Unit, *, today: datetime.date, **filters: object) -> QuerySet[Task]:
    """unit_tasks (the same filters, columns and annotations), by section, then soonest deadline
    first. Each row has `bucket_rank` (see buckets())."""
    return (
        unit_tasks(unit, today=today, **filters)  # type: ignore[arg-type]
        .annotate(bucket_rank=_bucket_rank(unit, today))
        .order_by("bucket_rank", F("deadline").asc(nulls_last=True), "area__order", "position", "id")
    )


@dataclass(frozen=True)
class WorklistCounts:
    led: int
    coordinated: int
    returned: int
    overdue: int
    due_soon: int
    not_started: int
    pending: int
    completed: int


def unit_worklist_counts(unit: Unit, *, today: datetime.date) -> WorklistCounts:
    """The figures above the unit's list, in one query. Each is the size of the list its link
    opens (UnitTaskFilterForm): overdue and due soon count the led tasks, as the timeliness
    filter with "Đơn vị chủ trì" lists them."""
    led = Q(lead_unit=unit)
    figures = Task.objects.involving(unit).aggregate(
        led=Count("pk", filter=led),
        coordinated=Count("pk", filter=~led),
        returned=Count("pk", filter=led & Q(status=TaskStatus.RETURNED)),
        overdue=Count("pk", filter=led & overdue_condition(today)),
        due_soon=Count("pk", filter=led & due_soon_condition(today)),
        not_started=Count("pk", filter=led & Q(status=TaskStatus.NOT_STARTED)),
        pending=Count("pk", filter=led & Q(status=TaskStatus.PENDING)),
        completed=Count("pk", filter=led & Q(status=TaskStatus.COMPLETED)),
    )
    return WorklistCounts(**figures)


# ---------------------------------------------------------------- the unit head


def head_approvals(unit: Unit) -> QuerySet[CompletionReport]:
    """Reports of the unit waiting for its head, oldest first, with the task's deadline."""
    return (
        CompletionReport.objects.filter(status=ReportStatus.AWAITING_HEAD, task__lead_unit=unit)
        .select_related("task", "task__plan", "task__area", "submitted_by")
        .order_by("submitted_at", "id")
    )


# ---------------------------------------------------------------- the secretariat


@dataclass(frozen=True)
class SecretariatSummary:
    queue_size: int
    oldest_submitted_at: datetime.datetime | None
    extensions_pending: int
    oldest_extension_at: datetime.datetime | None
    units_late: Sequence[Unit]  # units leading overdue tasks, most overdue first; each has `.overdue`
    units_silent: Sequence[Unit]  # units leading open tasks with no report for SILENT_AFTER_DAYS days


def secretariat_summary(*, today: datetime.date, late_units: int = 5) -> SecretariatSummary:
    """Above the confirmation queue: its size and oldest report, extension requests to decide,
    the units with the most overdue tasks and the units gone silent. Four queries."""
    queue = CompletionReport.objects.filter(
        status=ReportStatus.AWAITING_SECRETARIAT, task__status=TaskStatus.PENDING
    ).aggregate(size=Count("pk"), oldest=Min("submitted_at"))
    extensions = ExtensionRequest.objects.filter(
        status=ExtensionStatus.PENDING, task__status__in=OPEN_STATUSES
    ).aggregate(size=Count("pk"), oldest=Min("requested_at"))
    units = list(
        Unit.objects.annotate(overdue=Count("led_tasks", filter=overdue_condition(today, prefix="led_tasks__")))
        .filter(overdue__gt=0)
        .order_by("-overdue", "name")[:late_units]
    )
    reported_lately = TaskEvent.objects.filter(
        task__lead_unit=OuterRef("pk"), effective_on__gte=today - datetime.timedelta(days=SILENT_AFTER_DAYS)
    ).exclude(kind=TaskEventKind.CREATED)
    leads_open = Task.objects.filter(lead_unit=OuterRef("pk"), status__in=OPEN_STATUSES)
    silent = list(
        Unit.objects.filter(Exists(leads_open)).exclude(Exists(reported_lately)).order_by("name")[:late_units]
    )
    return SecretariatSummary(
        queue_size=queue["size"],
        oldest_submitted_at=queue["oldest"],
        extensions_pending=extensions["size"],
        oldest_extension_at=extensions["oldest"],
        units_late=units,
        units_silent=list(silent[:late_units]),
    )


def secretariat_queue_reports(
    *,
    today: datetime.date,
    unit: Unit | None = None,
    area: ReformArea | None = None,
    older_than: int | None = None,
    search: str = "",
) -> QuerySet[CompletionReport]:
    """The confirmation queue (selectors.reports_awaiting_secretariat: oldest first, with the
    evidence), narrowed by the lead unit, the area, how long a report has waited and words of
    the task (content, number, plan number) or of the unit's name."""
    reports = reports_awaiting_secretariat()
    if unit is not None:
        reports = reports.filter(task__lead_unit=unit)
    if area is not None:
        reports = reports.filter(task__area=area)
    if older_than:
        cutoff = datetime.datetime.combine(today - datetime.timedelta(days=older_than), datetime.time.min)
        reports = reports.filter(submitted_at__lt=timezone.make_aware(cutoff))
    for word in search.split():
        reports = reports.filter(
            Q(task__content__icontains=word)
            | Q(task__plan__number__icontains=word)
            | Q(task__lead_unit__name__icontains=word)
            | Q(task__lead_unit__code__iexact=word)
        )
    return reports


def confirmed_today(task: Task) -> CompletionReport | None:
    """The task's report confirmed today, whose confirmation the secretariat may still undo
    (services.report_confirm_undo), if the task is still completed from it."""
    if task.status != TaskStatus.COMPLETED:
        return None
    start = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time.min))
    return (
        task.completion_reports.filter(status=ReportStatus.CONFIRMED, decided_at__gte=start)
        .order_by("-decided_at", "-id")
        .first()
    )
