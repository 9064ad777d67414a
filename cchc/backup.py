"""Backup and restore of everything the app holds: the database (as Django fixtures, so a
backup taken on PostgreSQL restores on SQLite and back) and the uploaded files.

A backup is one .tar.gz with `data.json` and `media/…`. For large PostgreSQL installations
pg_dump is faster (docs in README); this format is the portable, tested one.
"""

from __future__ import annotations

import io
import json
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import transaction

# Rebuilt by migrate, or session/cache data not worth keeping.
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "admin.logentry", "axes"]


class RestoreRefused(Exception):
    pass


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
    media_root = Path(settings.MEDIA_ROOT)
    files = [p for p in media_root.rglob("*") if p.is_file()] if media_root.exists() else []
    destination.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(destination, "w:gz") as archive:
        info = tarfile.TarInfo("data.json")
        info.size = len(payload)
        archive.addfile(info, io.BytesIO(payload))
        for path in files:
            archive.add(path, arcname=f"media/{path.relative_to(media_root).as_posix()}")
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
    """Load a backup into a migrated, empty database, and its files into MEDIA_ROOT."""
    if database_holds_data() and not force:
        raise RestoreRefused("the database is not empty")
    media_root = Path(settings.MEDIA_ROOT)
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
                    target = media_root / path.relative_to(media_dir)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(path.read_bytes())
                    restored += 1
    return {"files": restored}
