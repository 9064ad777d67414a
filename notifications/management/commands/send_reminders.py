"""The daily reminders job (notifications/services.py `reminders_send`):

    python manage.py send_reminders                      # today: make and send
    python manage.py send_reminders --dry-run             # what would be made and sent, nothing written
    python manage.py send_reminders --dry-run --date 01/12/2026

On the steering pack's sending day (set by the secretariat on /reports/steering/) it also makes
last month's pack if missing and e-mails it (notifications/steering_mail.py).

Run it once a day (docs/DEPLOYMENT.md, "Reminders": a systemd timer). Running it twice, or on
two servers at once, sends once: the notifications and deliveries are unique send records."""

from __future__ import annotations

from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.models import User
from cchc.formatting import format_date, parse_date
from notifications.models import NotificationKind
from notifications.services import reminders_send
from notifications.steering_mail import steering_pack_send


class Command(BaseCommand):
    help = "Make the day's reminders and send them (in-app, e-mail digest, configured channels)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="The day to compute for, dd/mm/yyyy (default: today).")
        parser.add_argument("--dry-run", action="store_true", help="Show what would be sent; write nothing.")

    def handle(self, *args, date=None, dry_run=False, verbosity=1, **options):
        today = timezone.localdate()
        if date:
            try:
                today = parse_date(date)
            except ValueError as exc:
                raise CommandError(f"Invalid date {date!r}: use dd/mm/yyyy.") from exc
        started = timezone.now()
        result = reminders_send(today=today, dry_run=dry_run)
        seconds = (timezone.now() - started).total_seconds()
        names = dict(User.objects.filter(pk__in={i.recipient_id for i in result.items}).values_list("pk", "username"))
        heading = "Would make" if dry_run else "Made"
        self.stdout.write(f"{heading} {result.created} notifications for {format_date(today)} ({seconds:.1f} s).")
        for kind, count in sorted(Counter(i.kind for i in result.items).items()):
            self.stdout.write(f"  {NotificationKind(kind).label}: {count}")
        if verbosity >= 1:
            for item in sorted(result.items, key=lambda i: (names.get(i.recipient_id, ""), i.kind, i.object_key)):
                self.stdout.write(f"  → {names.get(item.recipient_id, item.recipient_id)}: {item.title}")
        channels = result.would_send if dry_run else result.sent
        for channel, count in sorted(channels.items()):
            self.stdout.write(f"{'Would send' if dry_run else 'Sent'} through {channel}: {count}")
        for channel, count in sorted(result.failed.items()):
            self.stderr.write(f"Failed through {channel}: {count}")
        pack = steering_pack_send(today=today, dry_run=dry_run)
        if pack.pack is not None:
            made = " (made now)" if pack.made else ""
            if dry_run:
                self.stdout.write(f"Steering pack {pack.pack.identifier}: would send to {pack.would_send}")
            else:
                self.stdout.write(f"Steering pack {pack.pack.identifier}{made}: sent to {pack.sent}")
        if pack.failed:
            self.stderr.write(f"Steering pack failed for: {pack.failed}")
