"""Every change to a task goes through these functions: they check the workflow rules, save
the task with optimistic locking, record the immutable history entry and attach evidence.

Rules (docs/DOMAIN.md, "Task status workflow"):
- The lead unit reports progress; reporting completion needs a completion date, a note and
  evidence, sets progress to 100 and sends a report to the secretariat — through the unit
  head first when the unit asks for it (Unit.requires_head_approval).
- A completion counts only once the secretariat confirms it, from the reported date; a
  return needs a reason and gives the task back to the unit.
- Deadline extensions: requested with a reason, decided by the secretariat, at most two per
  task; the first one keeps the original deadline for "completed late" counting.
- Concurrent edits: the unit's form carries the task version it was loaded at; a save against
  an older version raises TaskConflict instead of overwriting. Decisions lock the row.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar, Union

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from audit.models import AuditAction
from audit.services import audit_record
from cchc.formatting import format_date
from plans.access import can_edit_plan
from plans.services import plan_delete, plan_delete_error
from tasks.access import can_approve_for_unit, can_change_task, can_contribute, can_decide

from .history import PastEntry, TaskState, record_created_bulk, record_event, record_past_bulk, snapshot
from .models import MAX_EXTENSIONS, Task, TaskEvent, TaskEventKind, TaskSource, TaskStatus
from .rules import REPORTABLE_STATUSES, completion_date_error, progress_errors
from .workflow_models import (
    CompletionReport,
    Evidence,
    ExtensionRequest,
    ExtensionStatus,
    ReportStatus,
)

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

    from accounts.models import User
    from plans.models import Plan, ReformArea
    from units.models import Unit

HEAD_DECIDED = _lazy("Báo cáo này không còn chờ lãnh đạo đơn vị duyệt.")
REPORT_DECIDED = _lazy("Báo cáo này đã được xử lý.")
EXTENSION_DECIDED = _lazy("Đề nghị này đã được xử lý.")
REPORT_NOT_CONFIRMED = _lazy("Báo cáo này không ở trạng thái đã xác nhận.")


StrOrPromise = Union[str, "_StrPromise"]
_Decided = TypeVar("_Decided", CompletionReport, ExtensionRequest)


class TaskConflict(Exception):
    """Someone else changed the task after the user loaded it."""

    def __init__(self, task_id: int, loaded_version: int):
        super().__init__(f"Task {task_id} changed since version {loaded_version}")
        self.task_id = task_id
        self.loaded_version = loaded_version


@dataclass(frozen=True)
class EvidenceInput:
    """Evidence as a form hands it over: files and/or one issued document."""

    files: Sequence[UploadedFile] = field(default_factory=tuple)
    document_number: str = ""
    document_date: datetime.date | None = None
    document_title: str = ""
    # Evidence already held by other tasks, attached again (a copy of each file): the derived
    # tasks' evidence when the lead unit reports the agency task they implement completed.
    copies: Sequence[Evidence] = field(default_factory=tuple)

    def __bool__(self) -> bool:
        return bool(self.files) or bool(self.document_number.strip()) or bool(self.copies)


NO_EVIDENCE = EvidenceInput()


def _save_versioned(task: Task, *, loaded_version: int, fields: Iterable[str]) -> None:
    """UPDATE … WHERE version = loaded_version: the database decides who was first, so two
    saves racing from the same version can never both succeed."""
    values = {name: getattr(task, name) for name in fields}
    updated = Task.objects.filter(pk=task.pk, version=loaded_version).update(
        **values, version=F("version") + 1, updated_at=timezone.now()
    )
    if updated != 1:
        raise TaskConflict(task.pk, loaded_version)
    task.version = loaded_version + 1


def _lock(task: Task) -> Task:
    """Re-read the task under a row lock, for decisions that do not come from a versioned form."""
    locked: Task = Task.objects.select_for_update().select_related("lead_unit", "plan", "area").get(pk=task.pk)
    return locked


def _attach_evidence(*, task: Task, event: TaskEvent, evidence: EvidenceInput, by: User | None) -> list[Evidence]:
    rows = [
        Evidence(
            task=task,
            event=event,
            file=upload,
            original_name=(upload.name or "")[:255],
            size=upload.size or 0,
            uploaded_by=by,
        )
        for upload in evidence.files
    ]
    if evidence.document_number.strip():
        rows.append(
            Evidence(
                task=task,
                event=event,
                document_number=evidence.document_number.strip(),
                document_date=evidence.document_date,
                document_title=evidence.document_title.strip(),
                uploaded_by=by,
            )
        )
    for source in evidence.copies:
        copy = Evidence(
            task=task,
            event=event,
            original_name=source.original_name,
            size=source.size,
            document_number=source.document_number,
            document_date=source.document_date,
            document_title=source.document_title,
            uploaded_by=by,
        )
        if source.file:
            with source.file.open("rb") as handle:
                copy.file = File(io.BytesIO(handle.read()), name=source.original_name or "tai-lieu")
        rows.append(copy)
    for row in rows:
        row.save()  # one by one: FileField.save writes each file to storage
    return rows


def _is_late(task: Task, today: datetime.date) -> bool:
    return task.deadline is not None and today > task.deadline


# ---------------------------------------------------------------- creating tasks


def task_create(
    *,
    plan: Plan,
    area: ReformArea,
    number: str,
    content: str,
    lead_unit: Unit,
    by: User | None,
    expected_output: str = "",
    deadline: datetime.date | None = None,
    deadline_text: str = "",
    is_recurring: bool = False,
    coordinating_units: Iterable[Unit] = (),
    coordination_text: str = "",
    source: str = TaskSource.SELF,
    parent_task: Task | None = None,
    position: int | None = None,
    remarks: str = "",
    note: str = "",
    document: str = "",
    effective_on: datetime.date | None = None,
    evidence: EvidenceInput = NO_EVIDENCE,
) -> Task:
    """Create a task of a plan with its first history entry. A task added to an issued plan
    (bổ sung nhiệm vụ) carries the reason, the deciding document and the date it counts from."""
    with transaction.atomic():
        if position is None:
            last = plan.tasks.order_by("-position").values_list("position", flat=True).first()
            position = (last or 0) + 1
        task = Task(
            plan=plan,
            area=area,
            number=number,
            position=position,
            content=content,
            expected_output=expected_output,
            lead_unit=lead_unit,
            deadline=deadline,
            deadline_text=deadline_text,
            is_recurring=is_recurring,
            coordination_text=coordination_text,
            source=source,
            parent_task=parent_task,
            remarks=remarks,
        )
        task.full_clean()
        task.save()
        coordinating = [unit for unit in coordinating_units if unit.pk != lead_unit.pk]
        if coordinating:
            task.coordinating_units.set(coordinating)
        event = record_event(
            task=task,
            kind=TaskEventKind.CREATED,
            actor=by,
            before=None,
            note=note.strip(),
            document=document.strip(),
            effective_on=effective_on or min(timezone.localdate(), plan.issued_on or timezone.localdate()),
        )
        _attach_evidence(task=task, event=event, evidence=evidence, by=by)
    return task


# ---------------------------------------------------------------- editing the plan's tasks

# What an edit of the plan may change: the task as written in the plan, and (for corrections by
# the secretariat) its state. The version, extension count and original deadline belong to the
# workflow and change only through it.
EDITABLE_FIELDS = frozenset(
    {
        "area",
        "number",
        "position",
        "content",
        "expected_output",
        "lead_unit",
        "lead_unit_id",
        "coordination_text",
        "deadline",
        "deadline_text",
        "is_recurring",
        "status",
        "progress",
        "completed_on",
        "remarks",
        "source",
        "parent_task",
    }
)


def can_edit_plan_tasks(user: User | None, plan: Plan | None = None) -> bool:
    """The secretariat (and superusers, through the admin) edit a plan's tasks; a unit's people
    edit their own unit's plan (plans/access.py `can_edit_plan`); `None` is the system itself
    (commands, imports run from the shell)."""
    if user is None or user.is_superuser or (user.is_authenticated and user.is_secretariat):
        return True
    return plan is not None and can_edit_plan(user, plan)


def task_edit(
    *,
    task: Task,
    by: User | None,
    loaded_version: int,
    changes: Mapping[str, object],
    reason: str,
    document: str = "",
    coordinating_units: Iterable[Unit] | None = None,
    effective_on: datetime.date | None = None,
    evidence: EvidenceInput = NO_EVIDENCE,
) -> TaskEvent | None:
    """Change the task as written in the plan (content, lead unit, deadline…) or take it out
    of the plan (status REMOVED), with the reason and the deciding document. Refuses a save
    from a stale page (TaskConflict). Returns the history entry, or None when nothing changed."""
    if not can_edit_plan_tasks(by, task.plan):
        raise PermissionDenied("Only the secretariat edits a plan's tasks")
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"task_edit cannot change {sorted(unknown)}")
    if not reason.strip():
        raise ValidationError({"reason": _("Nêu lý do thay đổi.")})
    if effective_on is not None and effective_on > timezone.localdate():
        raise ValidationError({"effective_on": _("Ngày có hiệu lực không thể sau hôm nay.")})
    with transaction.atomic():
        task = _lock(task)
        if task.version != loaded_version:
            raise TaskConflict(task.pk, loaded_version)
        event = _edit(
            task,
            by=by,
            changes=changes,
            coordinating_ids=None if coordinating_units is None else [u.pk for u in coordinating_units],
            note=reason.strip(),
            document=document.strip(),
            effective_on=effective_on,
        )
        if event is not None:
            _attach_evidence(task=task, event=event, evidence=evidence, by=by)
        return event


def _edit(
    task: Task,
    *,
    by: User | None,
    changes: Mapping[str, object],
    coordinating_ids: Sequence[int] | None,
    note: str,
    document: str = "",
    effective_on: datetime.date | None = None,
) -> TaskEvent | None:
    """Apply changes to a locked task, bump its version and record an EDITED entry."""
    changed = [name for name, value in changes.items() if getattr(task, name) != value]
    old_coordinating = set(task.coordinating_units.values_list("pk", flat=True))
    new_coordinating = None if coordinating_ids is None else set(coordinating_ids) - {task.lead_unit_id}
    if not changed and (new_coordinating is None or new_coordinating == old_coordinating):
        return None
    before = snapshot(task)
    before_lead = task.lead_unit_id
    for name in changed:
        setattr(task, name, changes[name])
    if before_lead != task.lead_unit_id and new_coordinating is None:
        new_coordinating = old_coordinating - {task.lead_unit_id}
    task.clean_fields(exclude=["plan", "area", "lead_unit", "parent_task"])
    task.version += 1
    task.save(update_fields=[*{_field_name(name) for name in changed}, "version", "updated_at"])
    if new_coordinating is not None and new_coordinating != old_coordinating:
        task.coordinating_units.set(new_coordinating)
    return record_event(
        task=task,
        kind=TaskEventKind.EDITED,
        actor=by,
        before=before,
        note=note,
        document=document,
        effective_on=effective_on or timezone.localdate(),
    )


def _field_name(name: str) -> str:
    field = Task._meta.get_field(name)
    return getattr(field, "attname", name)  # lead_unit → lead_unit_id for update_fields


def tasks_reorder(*, positions: Mapping[int, int]) -> None:
    """Row order of tasks inside their plan (task id → position). Order is how the plan is
    printed, not a change of the task, so it leaves no history entry."""
    tasks = list(Task.objects.filter(pk__in=list(positions)).only("pk", "position"))
    for task in tasks:
        task.position = positions[task.pk]
    Task.objects.bulk_update(tasks, ["position"])


def tasks_renumber(
    *,
    plan: Plan,
    numbers: Mapping[int, str],
    by: User | None,
    reason: str,
    document: str = "",
    effective_on: datetime.date | None = None,
) -> list[TaskEvent]:
    """Give tasks of a plan new numbers as written (STT: "3", "1.2"), each with an EDITED entry
    carrying the reason and the deciding document. Numbers may be swapped among the tasks in
    one call: they are cleared first, so the unique (plan, area, number) holds at every step."""
    if not can_edit_plan_tasks(by, plan):
        raise PermissionDenied("Only the secretariat edits a plan's tasks")
    if not reason.strip():
        raise ValidationError({"reason": _("Nêu lý do thay đổi.")})
    with transaction.atomic():
        tasks = {t.pk: t for t in Task.objects.select_for_update().filter(plan=plan, pk__in=list(numbers))}
        wanted = {pk: number.strip() for pk, number in numbers.items() if pk in tasks}
        changed = {pk: number for pk, number in wanted.items() if tasks[pk].number != number}
        if not changed:
            return []
        if any(not number for number in changed.values()):
            raise ValidationError({"numbers": _("Nhập số thứ tự cho mọi nhiệm vụ.")})
        final = [
            (area_id, changed.get(pk, number))
            for pk, area_id, number in Task.objects.filter(plan=plan).values_list("pk", "area_id", "number")
        ]
        if len(set(final)) != len(final):
            raise ValidationError({"numbers": _("Hai nhiệm vụ trong cùng lĩnh vực không thể có cùng số thứ tự.")})
        for pk in changed:
            Task.objects.filter(pk=pk).update(number=f"#{pk}")  # out of the way of the swaps
        events = []
        for pk, number in changed.items():
            task = tasks[pk]
            before_number = task.number
            task.number = f"#{pk}"
            event = _edit(
                task,
                by=by,
                changes={"number": number},
                coordinating_ids=None,
                note=_("%(reason)s (STT %(old)s → %(new)s)")
                % {"reason": reason.strip(), "old": before_number, "new": number},
                document=document.strip(),
                effective_on=effective_on,
            )
            if event is not None:
                events.append(event)
    return events


def plan_discard(*, plan: Plan, by: User) -> None:
    """Delete a draft plan with its tasks (plans/services.py `plan_delete` says which plans may
    go: drafts only, never an issued plan)."""
    if not can_edit_plan(by, plan):
        raise PermissionDenied("This user does not change this plan")
    error = plan_delete_error(plan)
    if error:
        raise ValidationError(error)
    with transaction.atomic():
        Task.objects.filter(plan=plan).delete()
        plan_delete(plan=plan, by=by)


# ---------------------------------------------------------------- many tasks at once


@dataclass(frozen=True)
class NewTask:
    """One task of a plan as written in its table, for tasks_import."""

    area_id: int
    number: str
    content: str
    lead_unit_id: int
    position: int
    expected_output: str = ""
    deadline: datetime.date | None = None
    deadline_text: str = ""
    is_recurring: bool = False
    coordinating_ids: Sequence[int] = ()
    coordination_text: str = ""
    remarks: str = ""
    source: str = TaskSource.SELF
    parent_task_id: int | None = None
    # The state it is recorded in, when a plan is imported with its results (a past year's
    # plan); its CREATED entry carries that state from `effective_on`.
    status: str = TaskStatus.NOT_STARTED
    progress: int = 0
    completed_on: datetime.date | None = None
    original_deadline: datetime.date | None = None
    extension_count: int = 0


def tasks_import(
    *,
    plan: Plan,
    tasks: Sequence[NewTask],
    by: User | None,
    effective_on: datetime.date,
    note: str = "",
    recorded_at: datetime.datetime | None = None,
    batch_size: int = 5000,
) -> list[Task]:
    """Create many tasks of a plan at once (plan import, demo, benchmark data), each with its
    CREATED entry and state span, in a few queries per batch. Fields are validated as in
    task_create; the caller has checked the units and areas exist."""
    rows: list[Task] = []
    for spec in tasks:
        task = Task(
            plan=plan,
            area_id=spec.area_id,
            number=spec.number,
            position=spec.position,
            content=spec.content,
            expected_output=spec.expected_output,
            lead_unit_id=spec.lead_unit_id,
            deadline=spec.deadline,
            deadline_text=spec.deadline_text,
            is_recurring=spec.is_recurring,
            coordination_text=spec.coordination_text,
            remarks=spec.remarks,
            source=spec.source,
            parent_task_id=spec.parent_task_id,
            status=spec.status,
            progress=spec.progress,
            completed_on=spec.completed_on,
            original_deadline=spec.original_deadline,
            extension_count=spec.extension_count,
        )
        task.clean_fields(exclude=["plan", "area", "lead_unit", "parent_task"])
        rows.append(task)
    with transaction.atomic():
        Task.objects.bulk_create(rows, batch_size=batch_size)
        through = Task.coordinating_units.through
        through.objects.bulk_create(
            [
                through(task_id=task.pk, unit_id=unit_id)
                for task, spec in zip(rows, tasks, strict=True)
                for unit_id in dict.fromkeys(spec.coordinating_ids)
                if unit_id != spec.lead_unit_id
            ],
            batch_size=batch_size,
        )
        record_created_bulk(rows, actor=by, effective_on=effective_on, note=note, recorded_at=recorded_at)
    return rows


def task_history_import(*, entries: Sequence[PastEntry]) -> list[TaskEvent]:
    """Record history that happened before the tool held it — the demo's year, benchmark data,
    last year's plan with its results — as if each entry had been made through the workflow:
    before → after chained per task, versions bumped, the task row left in its last entry's
    state, state spans rebuilt. Entries of a task are in the order they happened."""
    with transaction.atomic():
        return record_past_bulk(entries)


def plan_tasks_purge(*, plan: Plan) -> int:
    """Delete a plan's tasks with their history. Only for recreating demo or benchmark data:
    a real task leaves a plan by task_edit(status=REMOVED), never by deletion."""
    with transaction.atomic():
        count, _by_model = Task.objects.filter(plan=plan).delete()
    return count


# ---------------------------------------------------------------- the lead unit reports


def task_report_progress(
    *,
    task: Task,
    by: User,
    loaded_version: int,
    status: str,
    progress: int,
    note: str,
    completed_on: datetime.date | None = None,
    evidence: EvidenceInput = NO_EVIDENCE,
    today: datetime.date | None = None,
) -> TaskEvent:
    """The lead unit's update. `status` is NOT_STARTED, IN_PROGRESS or COMPLETED (a report
    of completion, which waits for confirmation)."""
    today = today or timezone.localdate()
    if not can_change_task(by, task):
        raise PermissionDenied("Only the lead unit reports on this task")
    errors = _progress_errors(
        task, status=status, progress=progress, note=note, completed_on=completed_on, evidence=evidence, today=today
    )
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        before = snapshot(task)
        late = _is_late(task, today)
        if status == TaskStatus.COMPLETED and completed_on is not None:  # the date is required above
            return _submit_completion(
                task,
                by=by,
                loaded_version=loaded_version,
                before=before,
                note=note,
                completed_on=completed_on,
                evidence=evidence,
                late=late,
            )
        task.status, task.progress, task.completed_on = status, progress, None
        _save_versioned(task, loaded_version=loaded_version, fields=["status", "progress", "completed_on"])
        event = record_event(task=task, kind=TaskEventKind.PROGRESS, actor=by, before=before, note=note, is_late=late)
        _attach_evidence(task=task, event=event, evidence=evidence, by=by)
    return event


def _progress_errors(
    task: Task,
    *,
    status: str,
    progress: int,
    note: str,
    completed_on: datetime.date | None,
    evidence: EvidenceInput,
    today: datetime.date,
) -> dict[str, str]:
    if task.status not in REPORTABLE_STATUSES:
        return {
            "__all__": _("Nhiệm vụ đang ở trạng thái “%(status)s”, không thể cập nhật tiến độ.")
            % {"status": task.get_status_display()}
        }
    if task.completion_reports.open().exists():
        return {"__all__": _("Báo cáo hoàn thành của nhiệm vụ đang chờ duyệt; chưa thể cập nhật thêm.")}
    errors: dict[str, str] = {}
    if not note.strip():
        errors["note"] = _("Nhập nội dung đã thực hiện.")
    if status == TaskStatus.COMPLETED:
        date_error = completion_date_error(completed_on, today=today, plan_issued_on=task.plan.issued_on)
        if date_error:
            errors["completed_on"] = date_error
        if not evidence:
            errors["files"] = _("Báo cáo hoàn thành cần tài liệu kiểm chứng: tệp đính kèm hoặc số văn bản.")
    errors.update(progress_errors(status=status, progress=progress))
    return errors


def _submit_completion(
    task: Task,
    *,
    by: User,
    loaded_version: int,
    before: TaskState,
    note: str,
    completed_on: datetime.date,
    evidence: EvidenceInput,
    late: bool,
) -> TaskEvent:
    needs_head = task.lead_unit.requires_head_approval and not (by.is_unit_head or by.is_secretariat)
    if needs_head:
        # The task itself waits at the unit; only its version moves, so that a concurrent
        # second report from the same form conflicts.
        if task.status == TaskStatus.NOT_STARTED:
            task.status = TaskStatus.IN_PROGRESS
        _save_versioned(task, loaded_version=loaded_version, fields=["status"])
        report_status = ReportStatus.AWAITING_HEAD
    else:
        task.status, task.progress, task.completed_on = TaskStatus.PENDING, 100, completed_on
        _save_versioned(task, loaded_version=loaded_version, fields=["status", "progress", "completed_on"])
        report_status = ReportStatus.AWAITING_SECRETARIAT
    event = record_event(task=task, kind=TaskEventKind.SUBMITTED, actor=by, before=before, note=note, is_late=late)
    _attach_evidence(task=task, event=event, evidence=evidence, by=by)
    CompletionReport.objects.create(
        task=task,
        submitted_by=by,
        completed_on=completed_on,
        note=note,
        is_late=late,
        status=report_status,
        progress_before=before.progress,
        status_before=before.status,
        event=event,
    )
    return event


def task_contribute(*, task: Task, by: User, note: str, evidence: EvidenceInput = NO_EVIDENCE) -> TaskEvent:
    """A coordinating unit's contribution: a note and evidence; the task itself is unchanged."""
    if not can_contribute(by, task):
        raise PermissionDenied("Only a coordinating unit contributes to this task")
    if not note.strip():
        raise ValidationError({"note": _("Nhập nội dung phối hợp đã thực hiện.")})
    with transaction.atomic():
        before = snapshot(task)
        event = record_event(
            task=task,
            kind=TaskEventKind.CONTRIBUTION,
            actor=by,
            before=before,
            note=f"{by.unit.name if by.unit else ''}: {note.strip()}",
        )
        _attach_evidence(task=task, event=event, evidence=evidence, by=by)
    return event


# ---------------------------------------------------------------- the unit head


def report_head_approve(*, report: CompletionReport, by: User, note: str = "") -> CompletionReport:
    if not can_approve_for_unit(by, report.task):
        raise PermissionDenied("Only the lead unit's head approves")
    with transaction.atomic():
        report = _locked(report, expected=ReportStatus.AWAITING_HEAD, message=HEAD_DECIDED)
        task = _lock(report.task)
        before = snapshot(task)
        task.status, task.progress, task.completed_on = TaskStatus.PENDING, 100, report.completed_on
        _save_versioned(task, loaded_version=task.version, fields=["status", "progress", "completed_on"])
        record_event(task=task, kind=TaskEventKind.HEAD_APPROVED, actor=by, before=before, note=note.strip())
        report.status = ReportStatus.AWAITING_SECRETARIAT
        report.save(update_fields=["status"])
    return report


def report_head_reject(*, report: CompletionReport, by: User, reason: str) -> CompletionReport:
    if not can_approve_for_unit(by, report.task):
        raise PermissionDenied("Only the lead unit's head approves")
    if not reason.strip():
        raise ValidationError({"reason": _("Nêu lý do không duyệt.")})
    with transaction.atomic():
        report = _locked(report, expected=ReportStatus.AWAITING_HEAD, message=HEAD_DECIDED)
        task = _lock(report.task)
        record_event(task=task, kind=TaskEventKind.HEAD_REJECTED, actor=by, before=snapshot(task), note=reason.strip())
        _close(report, status=ReportStatus.REJECTED_BY_HEAD, by=by, note=reason)
    return report


def _locked(record: _Decided, *, expected: str, message: StrOrPromise) -> _Decided:
    """Re-read a report or request under a row lock; refuse when someone decided it meanwhile."""
    record = type(record).objects.select_for_update().get(pk=record.pk)
    if record.status != expected:
        raise ValidationError(message)
    return record


def _close(record: CompletionReport | ExtensionRequest, *, status: str, by: User, note: str) -> None:
    """Record a decision on a completion report or an extension request."""
    record.status, record.decided_by, record.decided_at = status, by, timezone.now()
    record.decision_note = note.strip()
    record.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])


# ---------------------------------------------------------------- the secretariat decides


def _require_pending(task: Task) -> None:
    """A task taken out of the plan or paused meanwhile is no longer decided from its report."""
    if task.status != TaskStatus.PENDING:
        raise ValidationError(
            _("Nhiệm vụ đang ở trạng thái “%(status)s”, không còn chờ xác nhận.")
            % {"status": task.get_status_display()}
        )


def report_confirm(*, report: CompletionReport, by: User, note: str = "") -> Task:
    """The task counts as completed from the date the unit reported."""
    if not can_decide(by):
        raise PermissionDenied("Only the secretariat confirms")
    with transaction.atomic():
        report = _locked(report, expected=ReportStatus.AWAITING_SECRETARIAT, message=REPORT_DECIDED)
        task = _lock(report.task)
        _require_pending(task)
        before = snapshot(task)
        task.status, task.progress, task.completed_on = TaskStatus.COMPLETED, 100, report.completed_on
        _save_versioned(task, loaded_version=task.version, fields=["status", "progress", "completed_on"])
        record_event(
            task=task,
            kind=TaskEventKind.CONFIRMED,
            actor=by,
            before=before,
            note=note.strip(),
            effective_on=report.completed_on,
        )
        _close(report, status=ReportStatus.CONFIRMED, by=by, note=note)
        audit_record(action=AuditAction.TASK_CONFIRMED, actor=by, target=task, detail=f"report={report.pk}")
    return task


def report_return(*, report: CompletionReport, by: User, reason: str) -> Task:
    """Back to the unit with a reason it will see; the reported completion is undone."""
    if not can_decide(by):
        raise PermissionDenied("Only the secretariat returns reports")
    if not reason.strip():
        raise ValidationError({"reason": _("Nêu lý do trả lại để đơn vị bổ sung.")})
    with transaction.atomic():
        report = _locked(report, expected=ReportStatus.AWAITING_SECRETARIAT, message=REPORT_DECIDED)
        task = _lock(report.task)
        _require_pending(task)
        before = snapshot(task)
        task.status, task.progress, task.completed_on = TaskStatus.RETURNED, report.progress_before, None
        _save_versioned(task, loaded_version=task.version, fields=["status", "progress", "completed_on"])
        record_event(task=task, kind=TaskEventKind.RETURNED, actor=by, before=before, note=reason.strip())
        _close(report, status=ReportStatus.RETURNED, by=by, note=reason)
        audit_record(action=AuditAction.TASK_RETURNED, actor=by, target=task, detail=reason.strip()[:500])
    return task


def report_confirm_undo(*, report: CompletionReport, by: User, reason: str) -> Task:
    """Withdraw a confirmation made by mistake, on the day it was made, with a reason: the task
    is pending again and the report back in the queue. Nothing is deleted: the confirmation
    stays in the history, followed by a CONFIRMATION_UNDONE entry (who, why) that takes effect
    from the same date as the confirmation did (the reported completion date), so the task
    counts as completed on no date any more (docs/DOMAIN.md, "Task status workflow")."""
    if not can_decide(by):
        raise PermissionDenied("Only the secretariat undoes a confirmation")
    if not reason.strip():
        raise ValidationError({"reason": _("Nêu lý do hủy xác nhận.")})
    with transaction.atomic():
        report = _locked(report, expected=ReportStatus.CONFIRMED, message=REPORT_NOT_CONFIRMED)
        if report.decided_at is None or timezone.localdate(report.decided_at) != timezone.localdate():
            raise ValidationError(_("Chỉ hủy được xác nhận trong ngày đã xác nhận."))
        task = _lock(report.task)
        if task.status != TaskStatus.COMPLETED or task.completed_on != report.completed_on:
            raise ValidationError(
                _("Nhiệm vụ đã thay đổi sau khi xác nhận (trạng thái “%(status)s”), không hủy được.")
                % {"status": task.get_status_display()}
            )
        before = snapshot(task)
        task.status, task.completed_on = TaskStatus.PENDING, None
        _save_versioned(task, loaded_version=task.version, fields=["status", "completed_on"])
        record_event(
            task=task,
            kind=TaskEventKind.CONFIRMATION_UNDONE,
            actor=by,
            before=before,
            note=reason.strip(),
            effective_on=report.completed_on,
        )
        report.status, report.decided_by, report.decided_at, report.decision_note = (
            ReportStatus.AWAITING_SECRETARIAT,
            None,
            None,
            "",
        )
        report.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        audit_record(
            action=AuditAction.TASK_CONFIRMATION_UNDONE,
            actor=by,
            target=task,
            detail=f"report={report.pk}: {reason.strip()}"[:500],
        )
    return task


# ---------------------------------------------------------------- deadline extensions


def latest_extension(task: Task) -> datetime.date:
    """The last day a task may be extended to: the end of the year after its plan's year
    (settings.EXTENSION_YEARS_AFTER_PLAN years after, 1 by default)."""
    return datetime.date(task.plan.year + settings.EXTENSION_YEARS_AFTER_PLAN, 12, 31)


def extension_request(*, task: Task, by: User, requested_deadline: datetime.date, reason: str) -> ExtensionRequest:
    if not can_change_task(by, task):
        raise PermissionDenied("Only the lead unit requests an extension")
    errors: dict[str, str] = {}
    if not task.is_open:
        errors["__all__"] = _("Nhiệm vụ đã hoàn thành hoặc không còn trong kế hoạch.")
    elif task.deadline is None:
        errors["__all__"] = _("Nhiệm vụ không có thời hạn, không cần gia hạn.")
    elif task.extension_count >= MAX_EXTENSIONS:
        errors["__all__"] = _("Nhiệm vụ đã được gia hạn %(n)s lần, không thể gia hạn thêm.") % {"n": MAX_EXTENSIONS}
    elif task.extension_requests.filter(status=ExtensionStatus.PENDING).exists():
        errors["__all__"] = _("Đã có một đề nghị gia hạn đang chờ xem xét.")
    elif requested_deadline > latest_extension(task):
        errors["requested_deadline"] = _("Không gia hạn quá ngày %(d)s (hết năm sau năm kế hoạch).") % {
            "d": format_date(latest_extension(task))
        }
    elif requested_deadline <= task.deadline:
        errors["requested_deadline"] = _("Thời hạn đề nghị phải sau thời hạn hiện tại (%(d)s).") % {
            "d": format_date(task.deadline)
        }
    if not reason.strip():
        errors["reason"] = _("Nêu lý do đề nghị gia hạn.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        request = ExtensionRequest.objects.create(
            task=task,
            requested_by=by,
            current_deadline=task.deadline,
            requested_deadline=requested_deadline,
            reason=reason.strip(),
        )
        record_event(
            task=task,
            kind=TaskEventKind.EXTENSION_REQUESTED,
            actor=by,
            before=snapshot(task),
            note=_("Đề nghị gia hạn đến %(d)s: %(reason)s")
            % {"d": format_date(requested_deadline), "reason": reason.strip()},
        )
    return request


def extension_approve(*, request: ExtensionRequest, by: User, note: str = "") -> Task:
    if not can_decide(by):
        raise PermissionDenied("Only the secretariat decides extensions")
    with transaction.atomic():
        request = _locked(request, expected=ExtensionStatus.PENDING, message=EXTENSION_DECIDED)
        task = _lock(request.task)
        if task.extension_count >= MAX_EXTENSIONS:
            raise ValidationError(
                _("Nhiệm vụ đã được gia hạn %(n)s lần, không thể gia hạn thêm.") % {"n": MAX_EXTENSIONS}
            )
        before = snapshot(task)
        task.original_deadline = task.original_deadline or task.deadline
        task.deadline = request.requested_deadline
        task.extension_count += 1
        _save_versioned(task, loaded_version=task.version, fields=["original_deadline", "deadline", "extension_count"])
        record_event(
            task=task,
            kind=TaskEventKind.EXTENSION_APPROVED,
            actor=by,
            before=before,
            note=note.strip() or request.reason,
        )
        _close(request, status=ExtensionStatus.APPROVED, by=by, note=note)
    return task


def extension_refuse(*, request: ExtensionRequest, by: User, reason: str) -> ExtensionRequest:
    if not can_decide(by):
        raise PermissionDenied("Only the secretariat decides extensions")
    if not reason.strip():
        raise ValidationError({"reason": _("Nêu lý do không đồng ý gia hạn.")})
    with transaction.atomic():
        request = _locked(request, expected=ExtensionStatus.PENDING, message=EXTENSION_DECIDED)
        task = _lock(request.task)
        record_event(
            task=task, kind=TaskEventKind.EXTENSION_REFUSED, actor=by, before=snapshot(task), note=reason.strip()
        )
        _close(request, status=ExtensionStatus.REFUSED, by=by, note=reason)
    return request
