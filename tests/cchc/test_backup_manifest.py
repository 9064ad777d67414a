"""What a backup archive holds and what restore checks before it commits anything: the
manifest (rows per table, SHA-256 of every member, migrations), mode 0600, retention, and a
restore into a freshly migrated database (whose migrations seeded reform areas, role groups and
15 indicators) that refuses, in Vietnamese, an archive that does not match its manifest."""

from __future__ import annotations

import hashlib
import io
import json
import os
import tarfile
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from cchc.backup import applied_migrations, backup_create, table_counts
from figures.models import Indicator
from plans.models import ReformArea
from tasks.models import Task, TaskStatus
from tasks.services import EvidenceInput, task_report_progress
from tests.factories import make_plan, make_task

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# Transactional: a backup opens its own snapshot transaction, and restore needs an empty database.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def agency(reseed, cast, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path / "media"
    plan = make_plan(year=2026)
    tasks = [make_task(plan=plan, lead_unit=cast.unit_a) for _ in range(3)]
    task_report_progress(
        task=tasks[0],
        by=cast.staff_a,
        loaded_version=tasks[0].version,
        status=TaskStatus.IN_PROGRESS,
        progress=30,
        note="Đã họp",
        evidence=EvidenceInput(files=[SimpleUploadedFile("bien-ban.pdf", PDF)]),
    )
    return tasks


def _fresh_database(settings):
    """As after `migrate` on an empty database: only the data migrations' rows, no files."""
    import importlib

    from django.apps import apps as django_apps

    call_command("flush", "--noinput", verbosity=0)
    importlib.import_module("plans.migrations.0002_seed_reform_areas").seed(django_apps, None)
    importlib.import_module("figures.migrations.0002_seed_indicators").seed(django_apps, None)
    importlib.import_module("accounts.migrations.0002_seed_role_groups").assign(django_apps)
    for path in sorted(settings.MEDIA_ROOT.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()


def _members(archive) -> dict[str, bytes]:
    with tarfile.open(archive) as backup:
        return {m.name: backup.extractfile(m).read() for m in backup.getmembers() if m.isfile()}


def _rewrite(archive, target, **replaced: bytes):
    """A copy of the archive with some members' content replaced (keys: names, / as __)."""
    members = _members(archive)
    for key, content in replaced.items():
        members[key.replace("__", "/")] = content
    with tarfile.open(target, "w:gz") as out:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            out.addfile(info, io.BytesIO(content))
    return target


def test_the_archive_is_private_and_its_manifest_describes_it(agency, tmp_path):
    archive = tmp_path / "backups" / "b.tar.gz"
    summary = backup_create(destination=archive)
    assert os.stat(archive).st_mode & 0o777 == 0o600
    assert not list(archive.parent.glob(".*partial"))
    members = _members(archive)
    manifest = json.loads(members.pop("manifest.json"))
    assert manifest["format"] == 2 and manifest["created"] and manifest["app_version"] == "0.1.0"
    assert manifest["migrations"] == applied_migrations() and "tasks.0001_initial" in manifest["migrations"]
    assert manifest["tables"] == table_counts()
    assert manifest["tables"]["tasks.task"] == 3 and manifest["tables"]["figures.indicator"] == 15
    assert set(manifest["members"]) == set(members)
    assert {name: entry["sha256"] for name, entry in manifest["members"].items()} == {
        name: hashlib.sha256(content).hexdigest() for name, content in members.items()
    }
    assert [name for name in members if name.startswith("media/evidence/")] and summary.files == 1
    assert summary.rows == sum(manifest["tables"].values()) and manifest["referenced_files_missing"] == []


def test_restore_into_a_freshly_migrated_database(agency, tmp_path, settings):
    archive = tmp_path / "b.tar.gz"
    backup_create(destination=archive)
    counts = table_counts()
    _fresh_database(settings)
    assert ReformArea.objects.count() == 7 and Indicator.objects.count() == 15  # the seeds
    out = StringIO()
    call_command("restore_data", str(archive), stdout=out)
    assert "checked against its manifest" in out.getvalue()
    assert table_counts() == counts
    assert Task.objects.get(pk=agency[0].pk).progress == 30


@pytest.mark.parametrize(
    ("member", "message"),
    [
        ("data.json", "Tệp data.json trong bản sao lưu bị hỏng hoặc đã bị sửa (mã kiểm tra SHA-256 không khớp)."),
        ("media", "bị hỏng hoặc đã bị sửa (mã kiểm tra SHA-256 không khớp)."),
    ],
)
def test_a_tampered_archive_is_refused_before_anything_is_loaded(agency, tmp_path, settings, member, message):
    archive = tmp_path / "b.tar.gz"
    backup_create(destination=archive)
    members = _members(archive)
    name = member if member == "data.json" else next(n for n in members if n.startswith("media/"))
    tampered = _rewrite(archive, tmp_path / "t.tar.gz", **{name.replace("/", "__"): members[name] + b" "})
    _fresh_database(settings)
    with pytest.raises(CommandError, match="Không khôi phục") as refused:
        call_command("restore_data", str(tampered), stdout=StringIO())
    assert message in str(refused.value)
    assert not Task.objects.exists() and not list(settings.MEDIA_ROOT.rglob("*.pdf"))


def test_counts_that_do_not_match_the_manifest_roll_the_restore_back(agency, tmp_path, settings):
    archive = tmp_path / "b.tar.gz"
    backup_create(destination=archive)
    manifest = json.loads(_members(archive)["manifest.json"])
    manifest["tables"]["tasks.task"] = 4
    wrong = _rewrite(archive, tmp_path / "w.tar.gz", **{"manifest.json": json.dumps(manifest).encode()})
    _fresh_database(settings)
    with pytest.raises(CommandError) as refused:
        call_command("restore_data", str(wrong), stdout=StringIO())
    assert "Số bản ghi sau khi nạp không khớp tệp kê khai ở 1 bảng, ví dụ tasks.task: kê khai 4, nạp được 3." in str(
        refused.value
    )
    assert not Task.objects.exists() and ReformArea.objects.count() == 7  # rolled back, seeds kept


def test_an_archive_from_a_newer_version_is_refused(agency, tmp_path, settings):
    archive = tmp_path / "b.tar.gz"
    backup_create(destination=archive)
    manifest = json.loads(_members(archive)["manifest.json"])
    manifest["migrations"].append("tasks.9999_from_the_future")
    newer = _rewrite(archive, tmp_path / "n.tar.gz", **{"manifest.json": json.dumps(manifest).encode()})
    _fresh_database(settings)
    with pytest.raises(CommandError, match=r"phiên bản mới hơn.*tasks\.9999_from_the_future.*chạy migrate"):
        call_command("restore_data", str(newer), stdout=StringIO())


def test_scheduled_backups_keep_the_newest_n(agency, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    for n, day in enumerate(["20260101", "20260102", "20260103"]):
        old = folder / f"cchc-{day}-020000.tar.gz"
        old.write_bytes(b"old")
        os.utime(old, (1_700_000_000 + n * 86400,) * 2)
    (folder / "notes.txt").write_text("kept")
    out = StringIO()
    call_command("backup_data", "--dir", str(folder), "--keep", "2", stdout=out)
    left = sorted(p.name for p in folder.iterdir())
    assert len(left) == 3 and "notes.txt" in left and "cchc-20260103-020000.tar.gz" in left
    new = next(p for p in folder.glob("cchc-*.tar.gz") if p.name != "cchc-20260103-020000.tar.gz")
    assert os.stat(new).st_mode & 0o777 == 0o600
    assert "Removed old backup" in out.getvalue() and "cchc-20260101-020000.tar.gz" in out.getvalue()
    with pytest.raises(CommandError, match="at least 1"):
        call_command("backup_data", "--dir", str(folder), "--keep", "0")
