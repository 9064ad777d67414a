"""Abandoned plan imports and their workbooks are removed after N days; applied imports, recent
ones and every other upload stay."""

from __future__ import annotations

import datetime
import os
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.utils import timezone

from plans.models import PlanImport, PlanImportStatus
from tests.factories import make_plan, make_unit

XLSX = b"PK\x05\x06" + bytes(18)


@pytest.fixture
def imports(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    unit = make_unit(code="UB")
    long_ago = timezone.now() - datetime.timedelta(days=40)

    def make(status, *, old: bool, name: str):
        record = PlanImport.objects.create(
            file=ContentFile(XLSX, name=f"{name}.xlsx"),
            original_name=f"{name}.xlsx",
            number=f"{name}/KH",
            year=2026,
            issuing_unit=unit,
            created_by=cast.secretariat,
            status=status,
        )
        if status == PlanImportStatus.CANCELLED:  # as plan_import_cancel: the file goes at once
            record.file.delete(save=False)
            record.save()
        if old:
            PlanImport.objects.filter(pk=record.pk).update(created_at=long_ago, updated_at=long_ago)
        return record

    records = {
        "old_pending": make(PlanImportStatus.PENDING, old=True, name="cu-cho"),
        "old_cancelled": make(PlanImportStatus.CANCELLED, old=True, name="cu-huy"),
        "old_applied": make(PlanImportStatus.APPLIED, old=True, name="cu-da-nhap"),
        "new_pending": make(PlanImportStatus.PENDING, old=False, name="moi-cho"),
    }
    PlanImport.objects.filter(pk=records["old_applied"].pk).update(plan=make_plan(year=2026))
    orphan_old = default_storage.save("imports/2026/mo-coi-cu.xlsx", ContentFile(XLSX))
    orphan_new = default_storage.save("imports/2026/mo-coi-moi.xlsx", ContentFile(XLSX))
    old_time = long_ago.timestamp()
    os.utime(default_storage.path(orphan_old), (old_time, old_time))
    evidence = default_storage.save("evidence/2026/bien-ban.pdf", ContentFile(b"%PDF-1.4"))
    os.utime(default_storage.path(evidence), (old_time, old_time))
    return records, {"old": orphan_old, "new": orphan_new, "evidence": evidence}


def test_dry_run_lists_and_keeps_everything(imports):
    records, files = imports
    out = StringIO()
    call_command("cleanup_imports", "--older-than-days", "30", "--dry-run", stdout=out)
    text = out.getvalue()
    assert f"Would remove import #{records['old_pending'].pk} (Chờ xác nhận, cu-cho.xlsx" in text
    assert f"Would remove import #{records['old_cancelled'].pk} (Đã hủy, cu-huy.xlsx" in text
    assert f"Would remove file {records['old_pending'].file.name}" in text
    assert f"Would remove file {files['old']}" in text
    assert "Would remove 2 import(s) and 2 file(s)." in text
    assert PlanImport.objects.count() == 4 and default_storage.exists(files["old"])


def test_abandoned_imports_and_orphan_workbooks_are_removed(imports):
    records, files = imports
    pending_file = records["old_pending"].file.name
    out = StringIO()
    call_command("cleanup_imports", "--older-than-days", "30", stdout=out)
    assert "Removed 2 import(s) and 2 file(s)." in out.getvalue()
    assert set(PlanImport.objects.values_list("pk", flat=True)) == {
        records["old_applied"].pk,
        records["new_pending"].pk,
    }
    assert not default_storage.exists(pending_file) and not default_storage.exists(files["old"])
    # Kept: the applied import's and the recent upload's workbooks, a recent orphan, evidence.
    for kept in (records["old_applied"].file.name, records["new_pending"].file.name, files["new"], files["evidence"]):
        assert default_storage.exists(kept), kept
    # Nothing left to do on a second run.
    again = StringIO()
    call_command("cleanup_imports", "--older-than-days", "30", stdout=again)
    assert "Removed 0 import(s) and 0 file(s)." in again.getvalue()


@pytest.mark.django_db
def test_the_age_is_required_and_positive():
    with pytest.raises(CommandError, match="at least 1"):
        call_command("cleanup_imports", "--older-than-days", "0")
