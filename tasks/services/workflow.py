"""The progress workflow: the lead unit reports, the unit head approves, the secretariat
confirms or returns, deadline extensions (docs/DOMAIN.md, "Task status workflow")."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditAction
from audit.services import audit_record
from cchc.formatting import format_date
from tasks.access import can_approve_for_unit, can_change_task, can_contribute, can_decide

from ..history import TaskState, record_event, snapshot
from ..models import MAX_EXTENSIONS, Task, TaskEvent, TaskEventKind, TaskStatus
from ..rules import REPORTABLE_STATUSES, completion_date_error, progress_errors
from ..workflow_models import (
    CompletionReport,
    ExtensionRequest,
    ExtensionStatus,
    ReportStatus,
)

if TYPE_CHECKING:
    from accounts.models import User

from ._common import (
    EXTENSION_DECIDED,
    HEAD_DECIDED,
    NO_EVIDENCE,
    REPORT_DECIDED,
    REPORT_NOT_CONFIRMED,
    EvidenceInput,
    StrOrPromise,
    _attach_evidence,
    _Decided,
    _is_late,
    _lock,
    _save_versioned,
)

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
    of completion, which waits for confirmation). `today`, the day of the update (the entry
    takes effect on it), is the calendar's day except for the demo's history."""
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
                on=today,
            )
        task.status, task.progress, task.completed_on = status, progress, None
        _save_versioned(task, loaded_version=loaded_version, fields=["status", "progress", "completed_on"])
        event = record_event(
            task=task, kind=TaskEventKind.PROGRESS, actor=by, before=before, note=note, is_late=late, effective_on=today
        )
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
    on: datetime.date,
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
    event = record_event(
        task=task, kind=TaskEventKind.SUBMITTED, actor=by, before=before, note=note, is_late=late, effective_on=on
    )
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
