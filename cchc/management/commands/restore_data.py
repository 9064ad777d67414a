from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cchc.backup import RestoreRefused, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by backup_data into a freshly migrated database, after checking it against its manifest"
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--force", action="store_true", help="load even if the database holds data")

    def handle(self, *args, archive, force, **options):
        source = Path(archive)
        if not source.is_file():
            raise CommandError(f"No such backup: {source}")
        try:
            summary = backup_restore(source=source, force=force)
        except RestoreRefused as exc:
            raise CommandError(f"Không khôi phục (refusing to restore): {exc}") from exc
        checked = (
            "checked against its manifest"
            if summary.verified
            else "no manifest (backup from an older version): not checked"
        )
        self.stdout.write(
            self.style.SUCCESS(f"Restored {source}: {summary.rows} rows, {summary.files} files; {checked}")
        )
