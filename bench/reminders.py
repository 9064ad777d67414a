"""The daily reminders job on a generated dataset (bench/generate.py): its time and query count.

    python bench/reminders.py --database-url postgres://postgres@127.0.0.1:5432/cchc_bench_province \
        --date 2026-12-13

Everything runs inside one transaction that is rolled back, so the database is left as it was
and runs can be repeated: migrations newer than the dataset are applied (PostgreSQL's DDL is
transactional: they vanish with the rollback), `--users N` tops the active users up to N with a
head and more staff per unit (the national dataset has one person per unit; the national size
is ~3 000 people), every user gets an address (the e-mail channel skips users without one), the
year's reporting periods exist, then a dry run, the run itself (notifications made, digests sent
to Django's in-memory outbox) and a second run (idempotence: nothing new) are timed.
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
    parser.add_argument("--users", type=int, default=0, help="top the active users up to this many")
    args = parser.parse_args()
    setup_django(args.database_url)

    from django.conf import settings
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.core import mail
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.db.models import Value
    from django.db.models.functions import Concat
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from accounts.models import User
    from accounts.roles import Role
    from figures.services import periods_ensure_year
    from notifications.models import Notification
    from notifications.services import reminders_send
    from tasks.models import Task
    from units.models import Unit

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    today = datetime.date.fromisoformat(args.date) if args.date else timezone.localdate()
    figures: dict = {"date": today.isoformat()}

    def top_up_users(target: int) -> None:
        """Unit heads, then second staff, unit by unit, until `target` active users."""
        missing = target - User.objects.filter(is_active=True).count()
        units = list(Unit.objects.exclude(kind="ministry").order_by("pk").values_list("pk", flat=True))
        if missing <= 0 or not units:
            return
        groups = {g.name: g.pk for g in Group.objects.all()}
        unusable = make_password(None)
        new, roles = [], []
        for n in range(missing):
            round_, unit_id = divmod(n, len(units))
            role = Role.UNIT_HEAD if round_ == 0 else Role.UNIT_STAFF
            new.append(User(username=f"bench_extra_{n}", unit_id=unit_id, password=unusable, last_name="Bổ sung"))
            roles.append(groups[role.value])
        created = User.objects.bulk_create(new, batch_size=1000)
        through = User.groups.through
        through.objects.bulk_create(
            [through(user_id=u.pk, group_id=g) for u, g in zip(created, roles, strict=True)], batch_size=1000
        )

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
            call_command("migrate", verbosity=0)
            top_up_users(args.users)
            figures.update(
                users=User.objects.filter(is_active=True).count(),
                units=Unit.objects.count(),
                tasks=Task.objects.count(),
            )
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
