"""Backup and restore of everything the app holds: the database (as Django fixtures, so a
backup taken on PostgreSQL restores on SQLite and back) and the uploaded files.

A backup is one .tar.gz with `data.json` and `media/…`. For large PostgreSQL installations
pg_dump is faster (docs in README); this format is the portable, tested one. Files are read and
written through the default storage, so the same commands serve a local folder and an S3
bucket (STORAGE_BACKEND=s3).
"""

from __future__ import annotations

import io
import json
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import transaction

# Rebuilt by migrate, or session/cache data not worth keeping.
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "admin.logentry", "axes"]


class RestoreRefused(Exception):
    pass


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


def backup_create(*, destination: Path) -> dict[str, int]:
    """Write the backup archive; return counts of rows and files for the report."""
    data = io.StringIO()
    call_command(
        "dumpdata",
        "--natural-foreign",
        "--natural-primary",
        *[f"--exclude={e}" for e in EXCLUDED],
        "--indent=1",
        stdout=data,
    )
    payload = data.getvalue().encode("utf-8")
    files = stored_files()
    destination.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(destination, "w:gz") as archive:
        info = tarfile.TarInfo("data.json")
        info.size = len(payload)
        archive.addfile(info, io.BytesIO(payload))
        for name in files:
            info = tarfile.TarInfo(f"media/{name}")
            info.size = default_storage.size(name)
            with default_storage.open(name, "rb") as stored:
                archive.addfile(info, stored)
    return {"rows": len(json.loads(payload)), "files": len(files)}


def database_holds_data() -> bool:
    """True when any table other than the migration seeds (areas, role groups) has rows."""
    seeded = {"plans.reformarea", "auth.group"}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in seeded or any(label == e or label.startswith(e + ".") for e in EXCLUDED):
            continue
        if model._meta.managed and not model._meta.proxy and model.objects.exists():
            return True
    return False


def backup_restore(*, source: Path, force: bool = False) -> dict[str, int]:
    """Load a backup into a migrated, empty database, and its files into the default storage
    under their own names (the rows refer to them)."""
    if database_holds_data() and not force:
        raise RestoreRefused("the database is not empty")
    with tarfile.open(source, "r:gz") as archive, tempfile.TemporaryDirectory() as tmp:
        members = archive.getmembers()
        for member in members:
            if member.name != "data.json" and not member.name.startswith("media/"):
                raise RestoreRefused(f"unexpected entry in backup: {member.name}")
        archive.extractall(tmp, filter="data")
        with transaction.atomic():
            call_command("loaddata", str(Path(tmp) / "data.json"), verbosity=0)
        restored = 0
        media_dir = Path(tmp) / "media"
        if media_dir.exists():
            for path in media_dir.rglob("*"):
                if path.is_file():
                    name = path.relative_to(media_dir).as_posix()
                    if default_storage.exists(name):  # saving would pick another name instead
                        default_storage.delete(name)
                    with path.open("rb") as source:
                        default_storage.save(name, File(source, name=name))
                    restored += 1
    return {"files": restored}
