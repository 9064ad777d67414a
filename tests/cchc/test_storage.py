"""Uploaded files live wherever STORAGES["default"] says — the MEDIA_ROOT folder, or an S3
bucket with STORAGE_BACKEND=s3 — so the code must reach them through the storage API only.
Here the storage keeps files in memory and, like S3Storage, has no local path: an evidence
upload and download, a background export's file and a backup all work on it."""

from __future__ import annotations

import io
import os
import re
import tarfile
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from cchc.backup import backup_create, backup_restore
from reports.models import ExportJob, ExportJobStatus
from tasks.models import TaskStatus
from tasks.workflow_models import Evidence
from tests.factories import make_plan, make_task

ROOT = Path(__file__).resolve().parents[2]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

pytestmark = pytest.mark.django_db


class PathlessStorage(InMemoryStorage):
    """Files in memory and, as on S3, no path on a local disk for the code to ask for."""

    def path(self, name):
        raise NotImplementedError("This storage has no local path")

    def _relative_path(self, name):  # InMemoryStorage's own use of path()
        return os.path.relpath(InMemoryStorage.path(self, name), self.location)


@pytest.fixture(autouse=True)
def memory_storage(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # must stay empty
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": f"{__name__}.PathlessStorage"}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    yield
    assert not settings.MEDIA_ROOT.exists(), "a file was written to MEDIA_ROOT, not to the storage"


def content(response) -> bytes:
    return b"".join(response.streaming_content)


def test_the_storage_under_test_has_no_local_path():
    with pytest.raises(NotImplementedError):
        default_storage.path("evidence/x.pdf")


def test_evidence_is_stored_and_served_through_the_storage(cast):
    task = make_task(plan=make_plan(year=2026), lead_unit=cast.unit_a, status=TaskStatus.IN_PROGRESS, progress=40)
    response = cast.client(cast.staff_a).post(
        reverse("tasks:update", args=[task.pk]),
        {
            "version": task.version,
            "status": "completed",
            "progress": 100,
            "note": "Đã ban hành",
            "completed_on": timezone.localdate().isoformat(),
            "files": [SimpleUploadedFile("quyet-dinh.pdf", PDF, content_type="application/pdf")],
        },
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get(task=task)
    assert default_storage.exists(evidence.file.name)
    download = cast.client(cast.secretariat).get(reverse("tasks:evidence", args=[evidence.pk]))
    assert download.status_code == 200 and content(download) == PDF
    assert download["Content-Disposition"].startswith("attachment")


def test_a_background_export_is_kept_and_downloaded_through_the_storage(cast):
    plan = make_plan(number="8/KH-UBND", year=2023)
    make_task(plan=plan, status=TaskStatus.COMPLETED)
    make_task(plan=plan, status=TaskStatus.IN_PROGRESS)
    client = cast.client(cast.leader)
    query = f"plan={plan.pk}&kind=custom&start=01/01/2023&end=30/06/2023"
    assert client.post(f"{reverse('reports:export_job_create')}?{query}", {"format": "xlsx"}).status_code == 302
    job = ExportJob.objects.get()
    assert job.status == ExportJobStatus.DONE and default_storage.exists(job.file.name)
    download = client.get(reverse("reports:export_job_download", args=[job.pk]))
    assert download.status_code == 200
    summary = load_workbook(io.BytesIO(content(download)))["Tổng hợp"]
    assert any(str(cell.value).startswith("Hoàn thành 1/2 nhiệm vụ") for row in summary.iter_rows() for cell in row)


# Transactional: a backup opens its own snapshot transaction (cchc/backup.py).
@pytest.mark.django_db(transaction=True)
def test_a_backup_takes_and_restores_the_stored_files(reseed, cast, tmp_path):
    name = default_storage.save("evidence/2026/abc.pdf", ContentFile(PDF))
    archive = tmp_path / "backup.tar.gz"
    assert backup_create(destination=archive).files == 1
    with tarfile.open(archive) as backup:
        assert backup.extractfile(f"media/{name}").read() == PDF

    default_storage.delete(name)
    restored = backup_restore(source=archive, force=True)
    assert (restored.files, restored.verified) == (1, True)
    with default_storage.open(name, "rb") as restored:  # under its own name: the rows refer to it
        assert restored.read() == PDF


def test_no_code_reaches_uploaded_files_by_a_local_path():
    """MEDIA_ROOT belongs to the local storage alone, and FieldFile.path does not exist on S3."""
    pattern = re.compile(r"MEDIA_ROOT|\b(?:file|minutes|evidence|field_file)\.path\b")
    skipped = {".venv", "tests", "bench", "migrations", "node_modules", "staticfiles", "media"}
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in ROOT.rglob("*.py")
        if not skipped & set(path.relative_to(ROOT).parts) and path != ROOT / "cchc" / "settings.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []
