"""The daily reminders job on a generated dataset (bench/generate.py): its time and query count.

    python bench/reminders.py --database-url postgres://postgres@127.0.0.1:5432/cchc_bench_province \
        --date 2026-12-13

Everything runs inside one transaction that is rolled back, so the database is left as it was
and runs can be repeated: every user gets an address (the e-mail channel skips users without
one), the year's reporting periods exist, then a dry run, the run itself (notifications made,
digests sent to Django's in-memory outbox) and a second run (idempotence: nothing new) are timed.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.environment import setup_django


class _Rollback(Exception):
    pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--date", help="yyyy-mm-dd (default: today)")
    args = parser.parse_args()
    setup_django(args.database_url)

    from django.conf import settings
    from django.core import mail
    from django.db import connection, transaction
    from django.db.models import Value
    from django.db.models.functions import Concat
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from accounts.models import User
    from figures.services import periods_ensure_year
    from notifications.models import Notification
    from notifications.services import reminders_send
    from tasks.models import Task
    from units.models import Unit

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    today = datetime.date.fromisoformat(args.date) if args.date else timezone.localdate()
    figures: dict = {
        "date": today.isoformat(),
        "users": User.objects.filter(is_active=True).count(),
        "units": Unit.objects.count(),
        "tasks": Task.objects.count(),
    }

    def timed(label: str, **kwargs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            result = reminders_send(today=today, **kwargs)
            seconds = time.perf_counter() - started
        figures[label] = {
            "seconds": round(seconds, 2),
            "queries": len(queries.captured_queries),
            "notifications": result.created,
            "sent": dict(result.sent),
            "would_send": dict(result.would_send),
        }
        return result

    try:
        with transaction.atomic():
            User.objects.filter(email="").update(email=Concat("username", Value("@bench.example.gov.vn")))
            periods_ensure_year(today.year)
            timed("dry_run", dry_run=True)
            timed("run")
            figures["emails"] = len(mail.outbox)
            figures["notifications_stored"] = Notification.objects.count()
            timed("second_run")
            raise _Rollback
    except _Rollback:
        pass
    print(json.dumps(figures, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
