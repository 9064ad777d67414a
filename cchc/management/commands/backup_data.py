from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cchc.backup import ARCHIVE_PREFIX, ARCHIVE_SUFFIX, backup_create, backups_prune


def _size(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KB"


class Command(BaseCommand):
    help = (
        "Back up the database (one consistent snapshot) and the uploaded files into one .tar.gz "
        "with a manifest, readable by its owner only"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "-o", "--output", help="archive path (default backups/cchc-YYYYmmdd-HHMMSS.tar.gz, or in --dir)"
        )
        parser.add_argument("--dir", help="folder for a timestamped archive cchc-YYYYmmdd-HHMMSS.tar.gz")
        parser.add_argument(
            "--keep",
            type=int,
            help="afterwards, keep only the KEEP newest cchc-*.tar.gz archives in the archive's folder",
        )

    def handle(self, *args, output=None, dir=None, keep=None, **options):
        if output and dir:
            raise CommandError("Give either --output or --dir, not both.")
        if keep is not None and keep < 1:
            raise CommandError("--keep must be at least 1.")
        name = f"{ARCHIVE_PREFIX}{timezone.localtime():%Y%m%d-%H%M%S}{ARCHIVE_SUFFIX}"
        destination = Path(output) if output else Path(dir or "backups") / name
        started = timezone.now()
        summary = backup_create(destination=destination)
        seconds = (timezone.now() - started).total_seconds()
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {destination}: {summary.rows} rows, {summary.files} files, "
                f"{_size(summary.size)} in {seconds:.1f} s"
            )
        )
        if summary.missing_files:
            self.stderr.write(
                f"Warning: {len(summary.missing_files)} file(s) named by the data were not in the storage "
                f"(listed in the manifest), e.g. {summary.missing_files[0]}"
            )
        if keep is not None:
            for old in backups_prune(folder=destination.parent, keep=keep):
                self.stdout.write(f"Removed old backup {old}")
