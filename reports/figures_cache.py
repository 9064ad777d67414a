"""Figures cached under the figures tokens of the plans they count (tasks.PlanFiguresVersion).

Every write to a task gives its plan a new *current* token in the same transaction (written by
tasks/history.py, the one writer of the history); a write that could alter a figure of a date
before today — a backdated entry, an edit of a task's plan fields, an import, a deletion — a new
*past* token too. A figure of today or a later date is cached under the current tokens of the
plans of its years, a figure of earlier dates under their past tokens, both read *before* the
figure is computed: it is never served once its data may have changed (a new token is a new
key; the old entry is left to expire). So the day's progress reports leave the month-end points
of closed months, last year's figures and every past-date dashboard in the cache, and a
dashboard of today is computed again after each write to its plans' tasks.

The cache is Django's default cache: Redis when REDIS_URL is set (shared by every app server),
else each process's own memory. Either is correct, because the tokens live in the database; a
process's own cache only hits less often. The key also holds the SQL of the task queryset (its
scope and the reader's visibility), the dates, the language where the value holds text, and the
database's name.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from plans.models import Plan, ReformArea
from tasks.models import Task
from units.models import Unit

T = TypeVar("T")

# Entries are never stale (see above); the timeout only returns the memory of old ones.
TIMEOUT_SECONDS = 24 * 3600


class CachedFigures:
    """The figures tokens of every plan of some years (one query), and figures of task
    querysets within those plans, computed once per state of their data."""

    def __init__(self, years: Iterable[int], plans: Iterable[Plan | None] = ()):
        # The tokens of the plans a figure can count: the agency's plans of the years (a year
        # scope counts those only, reports/views.py `_year_tasks`) and the scope's own plans
        # (`plans`: a plan dashboard's plan and last year's) — not every unit's plan of the
        # years, whose number grows with the database, not with the scope (issue 22: 2,000
        # plans a year at ten times national size). With each plan's parent: a plan that
        # gains or loses one enters or leaves the year's count.
        wanted = sorted({plan.pk for plan in plans if plan is not None})
        rows = (
            Plan.objects.filter(year__in=sorted(set(years)))
            .filter(Q(parent__isnull=True) | Q(pk__in=wanted))
            .order_by("pk")
            .values_list("pk", "parent_id", "figures_version__current", "figures_version__past")
        )
        tokens = list(rows)
        self.current = ";".join(f"{pk}/{parent}:{current}" for pk, parent, current, _past in tokens)
        self.past = ";".join(f"{pk}/{parent}:{past}" for pk, parent, _current, past in tokens)
        self.today = timezone.localdate()

    def key(self, name: str, tasks: QuerySet[Task], days: list[datetime.date], extra: tuple) -> str | None:
        try:
            sql, params = tasks.query.sql_with_params()
        except EmptyResultSet:
            return None
        stamp = self.past if max(days) < self.today else f"{self.current}@{self.today.isoformat()}"
        database = connections[tasks.db].settings_dict["NAME"]
        text = repr((str(database), stamp, name, sql, params, [d.isoformat() for d in days], extra))
        return f"cchc:figures:{hashlib.sha256(text.encode()).hexdigest()}"

    def get(
        self, name: str, tasks: QuerySet[Task], days: list[datetime.date], compute: Callable[[], T], extra: tuple = ()
    ) -> T:
        """compute() — the figures `name` of `tasks` at `days` — or its cached value. `extra`:
        whatever else the value depends on (the language of its text, the units' names)."""
        key = self.key(name, tasks, days, extra) if days else None
        if key is None:
            return compute()
        value = cache.get(key)
        if value is None:
            value = compute()
            cache.set(key, value, TIMEOUT_SECONDS)
        return value


def units_stamp() -> tuple:
    """What the units table shows of the units themselves (names, codes, order) changes with
    their rows: their number and latest update (one query over ~1,000 rows)."""
    row = Unit.objects.aggregate(n=Count("pk"), last=Max("updated_at"))
    return (row["n"], row["last"].isoformat() if row["last"] else "")


def areas_stamp() -> tuple:
    """What a cached fragment shows of the seven reform areas (their codes and short names):
    the rows themselves (one query over 7)."""
    return tuple(ReformArea.objects.values_list("pk", "code", "short_name"))
