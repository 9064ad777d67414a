from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from cchc.backup import backup_create


class Command(BaseCommand):
    help = "Back up the database and uploaded files into one .tar.gz"

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", help="archive path (default backups/cchc-YYYYmmdd-HHMM.tar.gz)")

    def handle(self, *args, output=None, **options):
        destination = Path(output or f"backups/cchc-{timezone.localtime():%Y%m%d-%H%M}.tar.gz")
        counts = backup_create(destination=destination)
        self.stdout.write(
            self.style.SUCCESS(f"Backup written to {destination}: {counts['rows']} rows, {counts['files']} files")
        )
