"""What the task services share: the conflict error, evidence as forms hand it over, the
versioned save, the row lock and the evidence writer."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar, Union

from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _lazy

from ..models import Task, TaskEvent
from ..workflow_models import (
    CompletionReport,
    Evidence,
    ExtensionRequest,
)

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

    from accounts.models import User


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
