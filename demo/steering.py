"""The demo's steering-committee packs (docs/DOMAIN.md, "The monthly steering-committee pack"):
the last three finished months before the demo's "today", each made on the 5th of the month
after (the default sending day) or on "today" if that is earlier: the first two by the
secretariat, the latest by the daily job. The first compares with figures recomputed (no pack
before it), the next two with the pack of the month before. A reloaded demo keeps the packs
already made (a pack is never made again)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from accounts.models import User
from plans.models import Plan
from reports.closing import ClosingScope
from reports.models import SteeringPack
from reports.steering import DEFAULT_SEND_DAY, last_finished_month, pack_make, previous_month

MONTHS = 3


def demo_load_packs(*, users: dict[str, User], today: datetime.date) -> list[SteeringPack]:
    latest = last_finished_month(today)
    months = [latest]
    while len(months) < MONTHS:
        months.insert(0, previous_month(months[0]))
    packs = []
    for month in months:
        scope = ClosingScope(year=month.year)
        made = SteeringPack.objects.filter(scope_key=scope.key, month=month).first()
        if made is None and Plan.objects.agency().filter(year=month.year).exists():
            sent_on = min(today, (month + datetime.timedelta(days=32)).replace(day=DEFAULT_SEND_DAY))
            made_at = timezone.make_aware(datetime.datetime(sent_on.year, sent_on.month, sent_on.day, 7, 0))
            made = pack_make(
                scope=scope, month=month, by=None if month == latest else users["thuongtruc"], made_at=made_at
            )
        if made is not None:
            packs.append(made)
    return packs
