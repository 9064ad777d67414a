"""Backups taken while people save progress restore, with the same rows and files.

A writer thread saves progress in a loop through tasks.services (a new history entry, the task's
state spans rewritten, now and then an evidence file) while backups are taken of the demo agency.
Each archive is then restored into the emptied, re-seeded database (as freshly migrated) and
checked: restore verifies the manifest itself (checksums, rows per table), and a second backup of
the restored database holds byte for byte the same data and the same files.

Before backups read one snapshot, `dumpdata` read table by table: a span written between the
history table and the span table named an event the archive did not hold, and every archive
failed to load (tasks_taskstatespan.event_id → missing tasks_taskevent).

PostgreSQL only: the test database is in memory on SQLite, where a second connection writing
during a read transaction waits on table locks rather than reading a snapshot
(tests/cchc/test_sqlite_concurrency.py covers SQLite on a file).
"""

from __future__ import annotations

import datetime
import importlib
import itertools
import json
import re
import tarfile
import threading
import time
from io import StringIO

import pytest
from django.apps import apps as django_apps
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection

from accounts.models import User
from accounts.roles import Role
from cchc.backup import backup_create, table_counts
from demo.services import demo_load
from tasks.models import Task, TaskEvent, TaskStateSpan
from tasks.services import EvidenceInput, task_report_progress
from tasks.workflow_models import Evidence
from tests.factories import make_unit, make_user

BACKUPS = 3
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


class Writer(threading.Thread):
    """Saves progress on the open tasks, one after another, until stopped."""

    def __init__(self, task_ids: list[int], username: str):
        super().__init__(daemon=True)
        self.task_ids, self.username = task_ids, username
        self.stop = threading.Event()
        self.saves = 0
        self.errors: list[str] = []

    def run(self):
        try:
            by = User.objects.get(username=self.username)
            for n in itertools.count(1):
                if self.stop.is_set():
                    break
                task = Task.objects.get(pk=self.task_ids[n % len(self.task_ids)])
                files = [SimpleUploadedFile(f"bien-ban-{n}.pdf", PDF + str(n).encode(), "application/pdf")]
                task_report_progress(
                    task=task,
                    by=by,
                    loaded_version=task.version,
                    status="in_progress",
                    progress=n % 99,
                    note=f"Lần cập nhật {n}",
                    evidence=EvidenceInput(files=files if n % 5 == 0 else []),
                )
                self.saves += 1
        except Exception as exc:  # surfaced by the test
            self.errors.append(repr(exc))
        finally:
            connection.close()


def _data(archive) -> str:
    with tarfile.open(archive) as backup:
        return re.sub(r'\.000Z"', 'Z"', backup.extractfile("data.json").read().decode("utf-8"))


def _manifest(archive) -> dict:
    with tarfile.open(archive) as backup:
        return json.load(backup.extractfile("manifest.json"))


def test_backups_taken_while_progress_is_saved_all_restore(reseed, tmp_path, settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (CI runs it); SQLite on a file: test_sqlite_concurrency.py")
    settings.MEDIA_ROOT = tmp_path / "media"
    demo_load(today=datetime.date(2026, 11, 22))
    make_user("tt_backup", role=Role.SECRETARIAT, unit=make_unit(code="SNV-B"), is_staff=True)
    open_tasks = list(Task.objects.filter(status__in=["not_started", "in_progress"]).values_list("pk", flat=True))
    assert len(open_tasks) >= 10

    writer = Writer(open_tasks, "tt_backup")
    writer.start()
    archives, saves_during = [], []
    try:
        while writer.saves < 5 and writer.is_alive():
            time.sleep(0.05)
        for n in range(BACKUPS):
            before = writer.saves
            archive = tmp_path / f"backup-{n}.tar.gz"
            backup_create(destination=archive)
            saves_during.append(writer.saves - before)
            archives.append(archive)
    finally:
        writer.stop.set()
        writer.join(60)
    assert not writer.is_alive() and writer.errors == []
    # The writer really wrote while each backup was read (else the test proves nothing).
    assert all(saves > 0 for saves in saves_during), saves_during

    restored = 0
    for archive in archives:
        manifest = _manifest(archive)
        assert archive.stat().st_mode & 0o777 == 0o600
        assert manifest["tables"]["tasks.taskevent"] > 0 and manifest["referenced_files_missing"] == []

        # A freshly migrated database: empty but for the migrations' seeds; no uploaded file.
        call_command("flush", "--noinput", verbosity=0)
        reseed_rows()
        for stored in (settings.MEDIA_ROOT).rglob("*"):
            if stored.is_file():
                stored.unlink()
        out = StringIO()
        call_command("restore_data", str(archive), stdout=out)
        assert "checked against its manifest" in out.getvalue()

        assert table_counts() == manifest["tables"]
        assert not TaskStateSpan.objects.exclude(event__in=TaskEvent.objects.all()).exists()
        named = set(Evidence.objects.exclude(file="").values_list("file", flat=True))
        assert named and all(default_storage.exists(name) for name in named)
        assert named <= {name.removeprefix("media/") for name in manifest["members"]}
        again = backup_create(destination=tmp_path / f"again-{archive.name}")
        assert again.missing_files == []
        second = _manifest(tmp_path / f"again-{archive.name}")
        assert second["tables"] == manifest["tables"]
        # Same files; the same rows, except that a time whose milliseconds are zero but not its
        # microseconds reads "…:53.000Z" in the first dump and "…:53Z" once restored (Django's
        # JSON fixtures keep milliseconds).
        assert {k: v for k, v in second["members"].items() if k != "data.json"} == {
            k: v for k, v in manifest["members"].items() if k != "data.json"
        }
        assert _data(tmp_path / f"again-{archive.name}") == _data(archive)
        restored += 1
    assert restored == BACKUPS


def reseed_rows():
    """As the `reseed` fixture: what the data migrations write into an empty database."""
    importlib.import_module("plans.migrations.0002_seed_reform_areas").seed(django_apps, None)
    importlib.import_module("figures.migrations.0002_seed_indicators").seed(django_apps, None)
    importlib.import_module("accounts.migrations.0002_seed_role_groups").assign(django_apps)
    importlib.import_module("accounts.migrations.0003_secretariat_unlock_and_audit_permissions").assign(django_apps)
