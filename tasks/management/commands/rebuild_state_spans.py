"""Rebuild every task's state spans from its history (tasks.TaskStateSpan).

The spans are kept up to date on every write; run this after restoring the history table
from elsewhere or loading rows with raw SQL."""

from django.core.management.base import BaseCommand

from tasks.history import rebuild_all_state_spans


class Command(BaseCommand):
    help = "Tính lại khoảng trạng thái của mọi nhiệm vụ từ lịch sử (TaskStateSpan)."

    def handle(self, *args, **options):
        written = rebuild_all_state_spans()
        self.stdout.write(f"{written} state spans written")
