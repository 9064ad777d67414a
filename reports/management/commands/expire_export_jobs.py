from django.core.management.base import BaseCommand

from reports.jobs import export_jobs_expire


class Command(BaseCommand):
    help = "Mark failed the background exports whose worker died (running past EXPORT_JOB_TIMEOUT_MINUTES)."

    def handle(self, *args, **options):
        count = export_jobs_expire()
        self.stdout.write(f"{count} export job(s) marked failed.")
