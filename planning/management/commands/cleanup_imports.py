import datetime

from django.core.management.base import BaseCommand, CommandError

from cchc.formatting import format_date
from planning.cleanup import plan_imports_cleanup


class Command(BaseCommand):
    help = (
        "Remove plan imports left pending or cancelled for more than N days, their uploaded workbooks, "
        "and workbooks under imports/ that no import refers to"
    )

    def add_arguments(self, parser):
        parser.add_argument("--older-than-days", type=int, required=True, metavar="N")
        parser.add_argument("--dry-run", action="store_true", help="list what would be removed, remove nothing")

    def handle(self, *args, older_than_days, dry_run, **options):
        if older_than_days < 1:
            raise CommandError("--older-than-days must be at least 1.")
        result = plan_imports_cleanup(older_than=datetime.timedelta(days=older_than_days), dry_run=dry_run)
        verb = "Would remove" if dry_run else "Removed"
        for record in result.records:
            self.stdout.write(
                f"{verb} import #{record.pk} ({record.get_status_display()}, {record.original_name}, "
                f"{format_date(record.updated_at.date())})"
            )
        for name in result.files:
            self.stdout.write(f"{verb} file {name}")
        self.stdout.write(
            self.style.SUCCESS(f"{verb} {len(result.records)} import(s) and {len(result.files)} file(s).")
        )
