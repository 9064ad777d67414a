"""Backup and restore of everything the app holds: the database (as Django fixtures, so a
backup taken on PostgreSQL restores on SQLite and back) and the uploaded files.

A backup is one .tar.gz (mode 0600: it holds password hashes and every evidence file) with
`data.json`, `media/…` and `manifest.json`: rows per table, the SHA-256 of every other member,
the applied migrations, the app and Django versions and the time it was taken.

One consistent snapshot: every table is read inside one transaction — REPEATABLE READ, READ ONLY
on PostgreSQL, one deferred read transaction on SQLite — so a backup taken while people save
progress never holds a state span whose event is missing (`dumpdata` on its own reads table by
table). The uploaded files are listed after that transaction: a row refers to a file only once
the file is stored, so every file a dumped row names is in the archive (files uploaded after the
snapshot come along as harmless orphans); the manifest records any that was not found.

Restore checks the archive against its manifest before touching the database, loads the rows in
one transaction into a migrated database whose only rows are those the migrations seed (replacing
them), and compares the row counts with the manifest before committing. Files are read and
written through the default storage, so the same commands serve a local folder and an S3 bucket
(STORAGE_BACKEND=s3).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import tarfile
import tempfile
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, models, router, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from cchc.restoring import restoring_backup

# Rebuilt by migrate, or session/cache data not worth keeping.
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "admin.logentry", "axes"]
# Tables the data migrations fill (reform areas, role groups, report indicators): a freshly
# migrated database holds these rows only, and a restore replaces them with the backup's.
SEEDED = ["plans.reformarea", "auth.group", "figures.indicator"]
MANIFEST = "manifest.json"
DATA = "data.json"
FORMAT = 2
ARCHIVE_PREFIX = "cchc-"
ARCHIVE_SUFFIX = ".tar.gz"
CHUNK = 1024 * 1024


class RestoreRefused(Exception):
    pass


@dataclass
class BackupSummary:
    rows: int
    files: int
    size: int
    missing_files: list[str] = field(default_factory=list)


@dataclass
class RestoreSummary:
    rows: int
    files: int
    verified: bool


def stored_files(folder: str = "") -> list[str]:
    """Every file name in the default storage under `folder` (none when it does not exist yet)."""
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return []
    prefix = f"{folder}/" if folder else ""
    names = [prefix + name for name in files]
    for sub in folders:
        names += stored_files(prefix + sub)
    return names


def _excluded(label: str) -> bool:
    return any(label == e or label.startswith(e + ".") for e in EXCLUDED)


def backed_up_models(using: str = DEFAULT_DB_ALIAS) -> list[type[models.Model]]:
    """The models `dumpdata` writes with EXCLUDED left out (same selection as dumpdata)."""
    return [
        model
        for model in apps.get_models()
        if not _excluded(model._meta.label_lower) and not model._meta.proxy and router.allow_migrate_model(using, model)
    ]


def table_counts(using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Rows per backed-up model, through the manager dumpdata reads with."""
    return {model._meta.label_lower: model._default_manager.using(using).count() for model in backed_up_models(using)}


def referenced_files(using: str = DEFAULT_DB_ALIAS) -> set[str]:
    """Every stored file name a row refers to (FileFields)."""
    names: set[str] = set()
    for model in backed_up_models(using):
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, models.FileField):
                values = model._default_manager.using(using).exclude(**{model_field.name: ""})
                names.update(name for name in values.values_list(model_field.name, flat=True) if name)
    return names


def applied_migrations(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    return sorted(f"{app}.{name}" for app, name in MigrationRecorder(connections[using]).applied_migrations())


def app_version() -> str:
    try:
        with (Path(settings.BASE_DIR) / "pyproject.toml").open("rb") as pyproject:
            return tomllib.load(pyproject)["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


@contextlib.contextmanager
def snapshot(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Every query inside reads the database as of one moment, and writes nothing."""
    connection = connections[using]
    if connection.in_atomic_block:
        raise RuntimeError("A backup opens its own snapshot transaction; call it outside transaction.atomic().")
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        with transaction.atomic(using=using):
            with connection.cursor() as cursor:  # must be the transaction's first statement
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
    elif connection.vendor == "sqlite":
        # Writes use BEGIN IMMEDIATE (settings), which would hold the write lock for the whole
        # dump; a deferred BEGIN reads one snapshot (WAL) and lets writers go on meanwhile.
        mode, connection.transaction_mode = connection.transaction_mode, None
        try:
            with transaction.atomic(using=using):
                connection.transaction_mode = mode
                yield
        finally:
            connection.transaction_mode = mode
    else:
        with transaction.atomic(using=using):
            yield


class _Hashing:
    """A file object that hashes what is read through it."""

    def __init__(self, raw):
        self.raw = raw
        self.sha256 = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        chunk = self.raw.read(size)
        self.sha256.update(chunk)
        return chunk


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def backup_create(*, destination: Path, using: str = DEFAULT_DB_ALIAS) -> BackupSummary:
    """Write the backup archive (through a temporary file renamed into place, so a
    half-written archive never carries the final name)."""
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with tempfile.TemporaryDirectory() as tmp:
        data_path = Path(tmp) / DATA
        with snapshot(using):
            created = timezone.now()
            with data_path.open("w", encoding="utf-8") as out:
                call_command(
                    "dumpdata",
                    "--natural-foreign",
                    "--natural-primary",
                    *[f"--exclude={e}" for e in EXCLUDED],
                    "--indent=1",
                    f"--database={using}",
                    stdout=out,
                )
            counts = table_counts(using)
            referenced = referenced_files(using)
            migrations = applied_migrations(using)
        files = sorted(stored_files())  # after the snapshot: see the module docstring
        missing = sorted(referenced - set(files))
        checksums = {DATA: {"sha256": _sha256_of(data_path), "size": data_path.stat().st_size}}

        partial = destination.with_name(f".{destination.name}.partial")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(descriptor, 0o600)  # also when a stale partial file was there before
        try:
            with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
                archive.add(data_path, arcname=DATA)
                for name in files:
                    info = tarfile.TarInfo(f"media/{name}")
                    info.size = default_storage.size(name)
                    info.mtime = int(created.timestamp())
                    with default_storage.open(name, "rb") as stored:
                        hashing = _Hashing(stored)
                        archive.addfile(info, hashing)
                    checksums[info.name] = {"sha256": hashing.sha256.hexdigest(), "size": info.size}
                manifest = {
                    "format": FORMAT,
                    "created": created.isoformat(),
                    "app_version": app_version(),
                    "django_version": django.get_version(),
                    "database_vendor": connections[using].vendor,
                    "migrations": migrations,
                    "tables": counts,
                    "members": checksums,
                    "referenced_files_missing": missing,
                }
                payload = json.dumps(manifest, indent=1, ensure_ascii=False, sort_keys=True).encode("utf-8")
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(payload)
                info.mtime = int(created.timestamp())
                archive.addfile(info, io.BytesIO(payload))
                raw.flush()
                os.fsync(raw.fileno())
            os.replace(partial, destination)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return BackupSummary(
        rows=sum(counts.values()), files=len(files), size=destination.stat().st_size, missing_files=missing
    )


def backups_prune(*, folder: Path, keep: int) -> list[Path]:
    """Delete all but the `keep` newest backups (cchc-*.tar.gz) in `folder`; return the deleted."""
    if keep < 1:
        raise ValueError("keep must be at least 1")
    archives = sorted(
        (p for p in Path(folder).glob(f"{ARCHIVE_PREFIX}*{ARCHIVE_SUFFIX}") if p.is_file()),
        key=lambda p: (p.stat().st_mtime, p.name),
        reverse=True,
    )
    for old in archives[keep:]:
        old.unlink()
    return archives[keep:]


def database_holds_data(using: str = DEFAULT_DB_ALIAS) -> bool:
    """True when any table other than those the migrations seed has rows."""
    for model in backed_up_models(using):
        if model._meta.label_lower in SEEDED or not model._meta.managed:
            continue
        if model._default_manager.using(using).exists():
            return True
    return False


def _check_members(tmp: Path, manifest: dict) -> None:
    """The extracted files are exactly those the manifest lists, with its checksums."""
    listed = manifest.get("members")
    if manifest.get("format") != FORMAT or not isinstance(listed, dict) or not isinstance(manifest.get("tables"), dict):
        raise RestoreRefused("Tệp kê khai (manifest.json) của bản sao lưu không đúng định dạng.")
    present = {p.relative_to(tmp).as_posix() for p in tmp.rglob("*") if p.is_file()} - {MANIFEST}
    if DATA not in listed:
        raise RestoreRefused("Tệp kê khai không liệt kê dữ liệu (data.json).")
    if missing := sorted(set(listed) - present):
        raise RestoreRefused(f"Bản sao lưu thiếu {len(missing)} tệp có trong tệp kê khai, ví dụ: {missing[0]}.")
    if extra := sorted(present - set(listed)):
        raise RestoreRefused(f"Bản sao lưu có {len(extra)} tệp không có trong tệp kê khai, ví dụ: {extra[0]}.")
    for name in sorted(listed):
        if _sha256_of(tmp / name) != listed[name].get("sha256"):
            raise RestoreRefused(
                f"Tệp {name} trong bản sao lưu bị hỏng hoặc đã bị sửa (mã kiểm tra SHA-256 không khớp)."
            )


def _check_migrations(manifest: dict, using: str) -> None:
    ahead = sorted(set(manifest.get("migrations", [])) - set(applied_migrations(using)))
    if ahead:
        raise RestoreRefused(
            f"Bản sao lưu được tạo từ phiên bản mới hơn: cơ sở dữ liệu chưa có {len(ahead)} migration "
            f"(ví dụ {ahead[0]}). Hãy cập nhật mã nguồn và chạy migrate trước."
        )


def _check_counts(expected: dict[str, int], using: str, *, at_least: bool) -> None:
    actual = table_counts(using)
    wrong = [
        (label, rows, actual.get(label, 0))
        for label, rows in sorted(expected.items())
        if (actual.get(label, 0) < rows if at_least else actual.get(label, 0) != rows)
    ]
    if wrong:
        label, rows, found = wrong[0]
        raise RestoreRefused(
            f"Số bản ghi sau khi nạp không khớp tệp kê khai ở {len(wrong)} bảng, ví dụ {label}: "
            f"kê khai {rows}, nạp được {found}. Không có gì được thay đổi."
        )


def backup_restore(*, source: Path, force: bool = False, using: str = DEFAULT_DB_ALIAS) -> RestoreSummary:
    """Load a backup into a migrated database holding only the migrations' seed rows (or any
    database with force), and its files into the default storage under their own names (the
    rows refer to them)."""
    with tarfile.open(source, "r:gz") as archive, tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for member in archive.getmembers():
            if member.name not in (DATA, MANIFEST) and not member.name.startswith("media/"):
                raise RestoreRefused(f"Bản sao lưu có mục lạ: {member.name}.")
        archive.extractall(tmp, filter="data")
        manifest = None
        if (tmp / MANIFEST).is_file():
            try:
                manifest = json.loads((tmp / MANIFEST).read_text(encoding="utf-8"))
            except ValueError as exc:
                raise RestoreRefused("Tệp kê khai (manifest.json) của bản sao lưu không đọc được.") from exc
            _check_members(tmp, manifest)
            _check_migrations(manifest, using)
        if not (tmp / DATA).is_file():
            raise RestoreRefused("Bản sao lưu không có dữ liệu (data.json).")
        if database_holds_data(using) and not force:
            raise RestoreRefused(
                "Cơ sở dữ liệu không trống (the database is not empty): chỉ khôi phục vào cơ sở dữ liệu "
                "mới, đã chạy migrate."
            )
        with transaction.atomic(using=using):
            if not force:
                # Only the migrations' seeds are there: the backup's own copies replace them.
                for label in SEEDED:
                    apps.get_model(label)._default_manager.using(using).all().delete()
            with restoring_backup():
                call_command("loaddata", str(tmp / DATA), f"--database={using}", verbosity=0)
            if manifest is not None:
                _check_counts(manifest["tables"], using, at_least=force)
        rows = sum(table_counts(using).values())
        restored = 0
        media_dir = tmp / "media"
        if media_dir.exists():
            for path in sorted(media_dir.rglob("*")):
                if path.is_file():
                    name = path.relative_to(media_dir).as_posix()
                    if default_storage.exists(name):  # saving would pick another name instead
                        default_storage.delete(name)
                    with path.open("rb") as stored:
                        default_storage.save(name, File(stored, name=name))
                    restored += 1
    return RestoreSummary(rows=rows, files=restored, verified=manifest is not None)
