from __future__ import annotations

import datetime

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cchc.formatting import format_date
from cchc.models import TimeStampedModel


class TaskStatus(models.TextChoices):
    """The stored workflow state. Timeliness (on time, overdue…) is computed at an as-of date."""

    NOT_STARTED = "not_started", _("Chưa triển khai")
    IN_PROGRESS = "in_progress", _("Đang triển khai")
    PENDING = "pending", _("Chờ xác nhận")
    COMPLETED = "completed", _("Hoàn thành")
    RETURNED = "returned", _("Trả lại")
    PAUSED = "paused", _("Tạm dừng")
    REMOVED = "removed", _("Đưa ra khỏi kế hoạch")


# Statuses of a task that still has work to do (everything but completed and removed).
OPEN_STATUSES = (
    TaskStatus.NOT_STARTED,
    TaskStatus.IN_PROGRESS,
    TaskStatus.PENDING,
    TaskStatus.RETURNED,
    TaskStatus.PAUSED,
)
# A task is extended at most this many times (tasks/rules.py enforces it before the constraint).
MAX_EXTENSIONS = 2
# "Sắp đến hạn": dashboards and the unit's task list warn this many days ahead.
DUE_SOON_DAYS = 5
# A unit leading open tasks with no reported entry for this many days is silent (docs/DOMAIN.md).
SILENT_AFTER_DAYS = 30


class TaskSource(models.TextChoices):
    """Who assigned the task: national reports split Government-assigned tasks out."""

    GOVERNMENT = "government", _("Chính phủ, Thủ tướng Chính phủ giao")
    SUPERIOR = "superior", _("Cơ quan cấp trên giao")
    SELF = "self", _("Tự đề ra")


def overdue_condition(as_of: datetime.date, *, prefix: str = "") -> Q:
    """The one definition of a task overdue at `as_of` on its stored state (figures as of a
    past date apply the same rule to the state then: reports/completion.py): open
    (OPEN_STATUSES) and its deadline before `as_of`. `prefix` reaches tasks through a
    relation ("tasks__")."""
    return Q(**{f"{prefix}status__in": OPEN_STATUSES, f"{prefix}deadline__lt": as_of})


def due_soon_condition(as_of: datetime.date, *, prefix: str = "", days: int = DUE_SOON_DAYS) -> Q:
    """A task due soon at `as_of`: open and its deadline within `days` days (both ends included)."""
    soon = as_of + datetime.timedelta(days=days)
    return Q(**{f"{prefix}status__in": OPEN_STATUSES, f"{prefix}deadline__gte": as_of, f"{prefix}deadline__lte": soon})


class TaskQuerySet(models.QuerySet):
    def in_plan(self):
        """Tasks that count: everything except those taken out of the plan."""
        return self.exclude(status=TaskStatus.REMOVED)

    def completed(self):
        return self.filter(status=TaskStatus.COMPLETED)

    def open(self):
        return self.in_plan().exclude(status=TaskStatus.COMPLETED)

    def overdue(self, as_of: datetime.date):
        return self.filter(overdue_condition(as_of))

    def due_within(self, as_of: datetime.date, days: int = DUE_SOON_DAYS):
        """Open tasks whose deadline falls in [as_of, as_of + days]."""
        return self.filter(due_soon_condition(as_of, days=days))

    def on_time(self, as_of: datetime.date):
        """Open tasks whose deadline is further away than the due-soon window."""
        return self.open().filter(deadline__gt=as_of + datetime.timedelta(days=DUE_SOON_DAYS))

    def without_deadline(self):
        return self.open().filter(deadline__isnull=True)

    def involving(self, unit):
        """Tasks a unit leads or coordinates, without duplicate rows.

        `id IN (led ids UNION ALL coordinated ids)`: two index scans (lead_unit, the through
        table's unit) and a semi-join, which yields each task once. The equivalent
        `lead_unit = X OR id IN (…)` cannot use an index for the OR and reads every task
        (bench/FINDINGS.md §2). Every list of a unit's tasks goes through here."""
        led = Task.objects.filter(lead_unit=unit).order_by().values("pk")
        coordinated = Task.coordinating_units.through.objects.filter(unit=unit).order_by().values("task_id")
        return self.filter(pk__in=led.union(coordinated, all=True))


class Task(TimeStampedModel):
    """A task (nhiệm vụ) of a plan, as written in the plan's task table."""

    plan = models.ForeignKey("plans.Plan", verbose_name=_("Kế hoạch"), on_delete=models.CASCADE, related_name="tasks")
    area = models.ForeignKey(
        "plans.ReformArea", verbose_name=_("Lĩnh vực"), on_delete=models.PROTECT, related_name="tasks"
    )
    number = models.CharField(_("STT"), max_length=16, help_text=_("Số thứ tự như trong kế hoạch: 3, 1.2"))
    position = models.PositiveIntegerField(_("Vị trí"), default=0, help_text=_("Thứ tự dòng trong kế hoạch"))
    content = models.TextField(_("Nội dung nhiệm vụ"))
    expected_output = models.CharField(_("Sản phẩm"), max_length=500, blank=True)
    lead_unit = models.ForeignKey(
        "units.Unit", verbose_name=_("Đơn vị chủ trì"), on_delete=models.PROTECT, related_name="led_tasks"
    )
    coordinating_units = models.ManyToManyField(
        "units.Unit", verbose_name=_("Đơn vị phối hợp"), related_name="coordinated_tasks", blank=True
    )
    coordination_text = models.CharField(_("Phối hợp (như ghi trong kế hoạch)"), max_length=500, blank=True)
    deadline = models.DateField(_("Thời hạn"), null=True, blank=True, db_index=True)
    deadline_text = models.CharField(
        _("Thời hạn (như ghi trong kế hoạch)"), max_length=128, blank=True, help_text=_("Ví dụ: Quý II, Thường xuyên")
    )
    original_deadline = models.DateField(
        _("Thời hạn ban đầu"),
        null=True,
        blank=True,
        help_text=_("Thời hạn trước khi gia hạn; dùng để tính hoàn thành quá hạn"),
    )
    extension_count = models.PositiveSmallIntegerField(_("Số lần gia hạn"), default=0)
    is_recurring = models.BooleanField(
        _("Thường xuyên"), default=False, help_text=_("Nhiệm vụ thường xuyên, tính hạn đến 31/12")
    )
    status = models.CharField(
        _("Trạng thái"), max_length=16, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED, db_index=True
    )
    progress = models.PositiveSmallIntegerField(_("Tiến độ (%)"), default=0)
    completed_on = models.DateField(_("Ngày hoàn thành"), null=True, blank=True)
    remarks = models.TextField(_("Ghi chú"), blank=True)
    source = models.CharField(_("Nguồn giao"), max_length=16, choices=TaskSource.choices, default=TaskSource.SELF)
    # Optimistic locking: every write through a service checks and bumps it.
    version = models.PositiveIntegerField(_("Phiên bản"), default=1)
    parent_task = models.ForeignKey(
        "self",
        verbose_name=_("Nhiệm vụ cấp trên"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="derived_tasks",
        help_text=_("Nhiệm vụ trong kế hoạch cấp trên mà nhiệm vụ này triển khai"),
    )

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["plan", "area__order", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "area", "number"], name="task_unique_number_per_plan_area"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="task_progress_0_100"),
            models.CheckConstraint(
                condition=~Q(status="completed") | Q(completed_on__isnull=False),
                name="task_completed_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="completed") | Q(progress=100),
                name="task_completed_is_100_percent",
            ),
            models.CheckConstraint(condition=~Q(parent_task=models.F("id")), name="task_not_own_parent"),
            models.CheckConstraint(
                condition=Q(extension_count__lte=MAX_EXTENSIONS), name="task_at_most_two_extensions"
            ),
        ]
        indexes = [
            models.Index(fields=["lead_unit", "status"], name="task_lead_status_idx"),
            models.Index(fields=["plan", "status"], name="task_plan_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.area.code}.{self.number} {self.content[:80]}"

    def get_absolute_url(self) -> str:
        return reverse("tasks:detail", args=[self.pk])

    def is_overdue(self, as_of: datetime.date) -> bool:
        return self.deadline is not None and self.deadline < as_of and self.status in OPEN_STATUSES

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class TaskEventKind(models.TextChoices):
    CREATED = "created", _("Tạo nhiệm vụ")
    PROGRESS = "progress", _("Cập nhật tiến độ")
    SUBMITTED = "submitted", _("Báo cáo hoàn thành")
    HEAD_APPROVED = "head_approved", _("Lãnh đạo đơn vị duyệt")
    HEAD_REJECTED = "head_rejected", _("Lãnh đạo đơn vị không duyệt")
    CONFIRMED = "confirmed", _("Xác nhận hoàn thành")
    CONFIRMATION_UNDONE = "confirmation_undone", _("Hủy xác nhận hoàn thành")
    RETURNED = "returned", _("Trả lại")
    EXTENSION_REQUESTED = "extension_requested", _("Đề nghị gia hạn")
    EXTENSION_APPROVED = "extension_approved", _("Đồng ý gia hạn")
    EXTENSION_REFUSED = "extension_refused", _("Không đồng ý gia hạn")
    CONTRIBUTION = "contribution", _("Đơn vị phối hợp báo cáo")
    EDITED = "edited", _("Chỉnh sửa")
    HANDED_OVER = "handed_over", _("Bàn giao do sắp xếp tổ chức")


class TaskEventQuerySet(models.QuerySet):
    pass


class TaskEvent(models.Model):
    """One immutable entry of a task's history: who, when, before → after, note.

    `effective_on` is the date from which the change counts: for a confirmed completion
    it is the completion date the unit reported; for everything else the day it happened.
    The state of a task as of a date D is the `*_after` of its most recently recorded event
    (highest id) among those with effective_on ≤ D — dashboards compute past figures that way
    (reports/completion.py).
    """

    task = models.ForeignKey(Task, verbose_name=_("Nhiệm vụ"), on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("Loại"), max_length=32, choices=TaskEventKind.choices)
    created_at = models.DateTimeField(_("Thời điểm"), auto_now_add=True, db_index=True)
    effective_on = models.DateField(_("Có hiệu lực từ ngày"))
    actor = models.ForeignKey(
        "accounts.User",
        verbose_name=_("Người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="task_events",
    )
    status_before = models.CharField(max_length=16, choices=TaskStatus.choices, blank=True)
    status_after = models.CharField(max_length=16, choices=TaskStatus.choices)
    progress_before = models.PositiveSmallIntegerField(null=True, blank=True)
    progress_after = models.PositiveSmallIntegerField()
    deadline_before = models.DateField(null=True, blank=True)
    deadline_after = models.DateField(null=True, blank=True)
    completed_on_before = models.DateField(null=True, blank=True)
    completed_on_after = models.DateField(null=True, blank=True)
    note = models.TextField(_("Nội dung"), blank=True)
    document = models.CharField(
        _("Văn bản quyết định"),
        max_length=255,
        blank=True,
        help_text=_("Văn bản căn cứ của thay đổi kế hoạch, ví dụ: Quyết định số 15/QĐ-UBND ngày 08/01/2026"),
    )
    # An edit of the plan's text (task_edit): each field of the task as written in the plan that
    # changed, as shown then — [{"field": "lead_unit", "before": "Sở Nội vụ", "after": "Sở Tư pháp"}]
    # — so the six-month review can say what an adjustment changed (docs/DOMAIN.md, "Plans
    # during the year"). Status, progress and completion have their own columns.
    field_changes = models.JSONField(_("Nội dung điều chỉnh"), default=list, blank=True)
    # The task's version after this change: a conflicting save lists the events newer than
    # the version the user had loaded.
    version = models.PositiveIntegerField(_("Phiên bản"), null=True, blank=True)
    is_late = models.BooleanField(_("Báo cáo muộn"), default=False, help_text=_("Đơn vị báo cáo sau thời hạn"))
    # The lead unit after this entry: figures by unit as of a past date group by it (through the
    # state spans), so a task handed over in a reorganisation counts for the old unit before the
    # handover and for the successor after it (docs/DOMAIN.md, "The 2025 reorganisation").
    lead_unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("Đơn vị chủ trì"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )

    objects = TaskEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("lịch sử nhiệm vụ")
        verbose_name_plural = _("lịch sử nhiệm vụ")
        ordering = ["task", "effective_on", "id"]
        indexes = [
            # (taskevent_task_effective_idx, on task, effective_on, id, was dropped: no query used it
            # in the benchmark — the state at a date reads the state spans — and it was the
            # history's largest index, 39 MB at national size, written on every entry.)
            # The recent reported entries of every task, for the units' last update
            # (reports/completion.py `_last_updates_since`): a range of dates, not the whole history.
            models.Index(fields=["effective_on"], condition=~Q(kind="created"), name="taskevent_reported_on_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(progress_after__lte=100), name="taskevent_progress_0_100"),
        ]

    def __str__(self) -> str:
        return f"{self.task_id} {self.kind} {format_date(self.effective_on)}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValueError("Task history is immutable")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Task history is immutable")


class TaskStateSpan(models.Model):
    """Derived from the history, never edited by hand: the dates between which one history
    entry *is* the task's state (``valid_from ≤ D < valid_until``; no ``valid_until``: still
    the state). Rebuilt for a task each time an entry is recorded for it
    (tasks/history.py ``refresh_state_spans``; ``manage.py rebuild_state_spans`` for all).

    Why: "the state at D" is the most recently recorded entry with effective_on ≤ D; finding
    it per task with a correlated subquery makes PostgreSQL hash the whole history once per
    date (bench/FINDINGS.md §1). As spans it is a plain range join on a narrow table, the same
    rule (tests/tasks/test_state_spans.py compares both on random histories). An entry
    overtaken before it took effect — a later-recorded entry effective on or before its date —
    has no span."""

    # Indexed by statespan_task_from_idx (task first), no separate index on task alone.
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="state_spans", db_index=False)
    event = models.OneToOneField(TaskEvent, on_delete=models.CASCADE, related_name="state_span")
    valid_from = models.DateField()
    valid_until = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=TaskStatus.choices)
    completed_on = models.DateField(null=True, blank=True)
    deadline = models.DateField(null=True, blank=True)
    # The lead unit during the span, and whether it received the task by a handover
    # (HANDED_OVER entry recorded at or before this one naming it): "trong đó tiếp nhận".
    lead_unit = models.ForeignKey(
        "units.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    received = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("khoảng trạng thái nhiệm vụ")
        verbose_name_plural = _("khoảng trạng thái nhiệm vụ")
        indexes = [models.Index(fields=["task", "valid_from"], name="statespan_task_from_idx")]
        constraints = [
            # Exactly one open span per task with history: the current state.
            models.UniqueConstraint(
                fields=["task"], condition=Q(valid_until__isnull=True), name="statespan_one_current_per_task"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gt=F("valid_from")),
                name="statespan_not_empty",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task_id} {self.status} {self.valid_from}–{self.valid_until or ''}"


class PlanFiguresVersion(models.Model):
    """Two tokens that change with the figures of a plan's tasks, written by the history
    writers only (tasks/history.py ``figures_changed``), in the same transaction as the change.
    Figures are cached under the tokens of the plans they count (reports/figures_cache.py), read
    before they are computed: a cached figure is never served after a change that could alter
    it, because a new token is a new key (the old entry is simply never read again).

    ``current`` changes with every write to a task of the plan: it keys the figures of today
    and later. ``past`` keys the figures of dates before today and changes only when those may
    change: an entry that takes effect today leaves every earlier date's figures as they were
    (the state at D < today is the latest recorded entry effective on or before D), so the day's
    progress reports keep it; a backdated entry, an edit of the task's plan fields (area,
    source, lead unit, original deadline), an import or a deletion change it."""

    plan = models.OneToOneField(
        "plans.Plan", on_delete=models.CASCADE, primary_key=True, related_name="figures_version"
    )
    current = models.UUIDField()
    past = models.UUIDField()

    class Meta:
        verbose_name = _("phiên bản số liệu của kế hoạch")
        verbose_name_plural = _("phiên bản số liệu của kế hoạch")

    def __str__(self) -> str:
        return f"{self.plan_id} {self.current} {self.past}"
