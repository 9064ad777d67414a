from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from demo.services import DEMO_PASSWORD, DEMO_USERS, DemoRefused, demo_load


class Command(BaseCommand):
    help = (
        "Load the demo agency (its units across the 2025 reorganisation, last year's plan, "
        "a 77-task plan, one user per role). Safe to run twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="load even if the database holds other data")
        parser.add_argument("--reset", action="store_true", help="recreate the demo plan's tasks from scratch")

    def handle(self, *args, force, reset, **options):
        try:
            result = demo_load(today=timezone.localdate(), force=force, reset=reset)
        except DemoRefused as exc:
            raise CommandError(f"Refusing to load demo data: {exc}. Use --force to load it anyway.") from exc
        verb = "Loaded" if result.created else "Demo data already loaded:"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} plan {result.plan.number} ({result.plan.year}) with {result.tasks} tasks, "
                f"{result.completed} completed."
            )
        )
        users = ", ".join(u[0] for u in DEMO_USERS)
        self.stdout.write(f"Demo users: {users} — password {DEMO_PASSWORD}")
