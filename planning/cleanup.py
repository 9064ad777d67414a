"""Abandoned plan imports: an upload the secretariat never confirmed (pending) or cancelled
keeps a row and, while pending, the workbook in the upload storage under imports/. After a
while neither serves anyone; `manage.py cleanup_imports --older-than-days N` (run daily, see
docs/DEPLOYMENT.md) removes them, and any file under imports/ that no import row refers to
(an upload whose row was never saved). Applied imports stay: the plan's history links to them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from cchc.backup import stored_files
from plans.models import PlanImport, PlanImportStatus

IMPORTS_FOLDER = "imports"
ABANDONED = (PlanImportStatus.PENDING, PlanImportStatus.CANCELLED)


@dataclass
class CleanupResult:
    records: list[PlanImport] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # every file removed (or to remove)


def _modified(name: str) -> datetime.datetime | None:
    try:
        return default_storage.get_modified_time(name)
    except (NotImplementedError, OSError):
        return None


def plan_imports_cleanup(
    *, older_than: datetime.timedelta, dry_run: bool = False, now: datetime.datetime | None = None
) -> CleanupResult:
    """Remove pending and cancelled imports untouched for `older_than`, their files, and import
    files older than that which no import refers to. With dry_run, only say what would go."""
    cutoff = (now or timezone.now()) - older_than
    result = CleanupResult()
    abandoned = PlanImport.objects.filter(status__in=ABANDONED, updated_at__lt=cutoff).order_by("created_at")
    for record in abandoned:
        result.records.append(record)
        if record.file:
            result.files.append(record.file.name)
    referenced = set(PlanImport.objects.exclude(file="").values_list("file", flat=True))
    for name in stored_files(IMPORTS_FOLDER):
        modified = _modified(name)
        if name not in referenced and modified is not None and modified < cutoff:
            result.files.append(name)
    if dry_run:
        return result
    with transaction.atomic():
        PlanImport.objects.filter(pk__in=[r.pk for r in result.records]).delete()
    # After the rows: a file whose delete fails is an orphan the next run removes.
    for name in result.files:
        default_storage.delete(name)
    return result
