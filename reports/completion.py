"""Completion figures — the one module that computes the numbers leaders read.

Pages, exports, the API and tests all call this module; nothing recomputes a figure or a
rate elsewhere, in a template or in a Python loop over tasks.

**As of a date D.** For D today or later, a task's state is its own row (the services write
the row and the history together and date nothing ahead). For a past D it is read from the
immutable history (TaskEvent):
the ``*_after`` values of its most recently *recorded* event (highest ``id``) among those
with ``effective_on ≤ D``. Recorded order, not effective date, because a confirmation is
backdated to the reported completion date: a task with a progress entry on 15/09 whose
completion dated 20/07 is confirmed in November counts as completed from 20/07 on, and is
not overtaken by the older progress entry. Every task has history from its creation
(tasks/services/ is the one write path); a task whose history starts after D did not exist
yet at D and counts nowhere. So the figures for 30/06 do not change when tasks are completed in July.

**Buckets at D** (``Bucket``), over the tasks of the plan at D:

- *removed* (đưa ra khỏi kế hoạch): status REMOVED at D. Excluded from every other
  figure and counted separately.
- *total*: every other task.
- *completed*: status COMPLETED (confirmed by the secretariat) with a completion date
  ≤ D. PENDING (reported, waiting for confirmation) is not completed.
  - *on time* (hoàn thành đúng hạn): completed on or before the reference deadline
    ``coalesce(original_deadline, deadline at D)``, or the task has no deadline;
  - *late* (hoàn thành quá hạn): completed after the reference deadline.
- *open*: not completed at D.
  - *overdue* (quá hạn chưa hoàn thành): deadline at D is before D;
  - *within* (chưa hoàn thành, trong hạn): deadline ≥ D, or no deadline.

  The four official buckets on time + late + within + overdue = total, always.
  Extra columns are subsets, not part of that sum:
  - *due soon* (sắp đến hạn): open, D ≤ deadline ≤ D + 5 days (part of *within*);
  - *no deadline* (không hạn): open without a deadline (part of *within*);
  - *not started* (chưa triển khai): open with status NOT_STARTED (within or overdue).

**Rates**, two decimals rounded half up (``rate_percent``: 40/77 → 51.95, shown 51,95%):

- over all tasks: completed ÷ total;
- over tasks already due (đến hạn): completed ÷ (completed + overdue) — tasks completed
  early count in the denominator, so the rate never exceeds 100%.

**Query counts.** Every function below runs a fixed number of queries whatever the number
of tasks or units (one for a set of figures, one grouped query per breakdown, one for a whole
trend): the state at D is a LEFT JOIN of each task to its state span covering D
(``tasks.TaskStateSpan``, derived from the history on every write; index
``statespan_task_from_idx``), and counting is conditional ``Count(..., filter=Q(...))``
in the database. ``Bucket`` conditions (``_AsOf.q``) serve both the counts and the
drill-down lists, so a cell and its list cannot disagree.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, fields
from decimal import Decimal

from django.db import models
from django.db.models import Case, Count, Exists, F, FilteredRelation, Max, OuterRef, Q, QuerySet, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cchc.dates import end_of_month
from cchc.formatting import rate_percent
from tasks.models import (
    DUE_SOON_DAYS,
    OPEN_STATUSES,
    SILENT_AFTER_DAYS,
    Task,
    TaskEventKind,
    TaskSource,
    TaskStateSpan,
    TaskStatus,
)
from units.models import Unit

_IN_PLAN_STATUSES = [s for s in TaskStatus.values if s != TaskStatus.REMOVED]


class Bucket(models.TextChoices):
    """What a dashboard cell counts; each is a condition on the state at the as-of date.

    The labels are the one vocabulary of the buckets (docs/DOMAIN.md, "Figures"): the page, the
    chart's table, the Excel report, the closing report and the English interface all show
    these words, never a shorter form ("Quá hạn" alone would not say whether the task is done).
    """

    TOTAL = "total", _("Tổng số nhiệm vụ")
    COMPLETED = "completed", _("Đã hoàn thành")
    ON_TIME = "on_time", _("Hoàn thành đúng hạn")
    LATE = "late", _("Hoàn thành quá hạn")
    WITHIN = "within", _("Chưa hoàn thành, trong hạn")
    OVERDUE = "overdue", _("Quá hạn chưa hoàn thành")
    DUE_SOON = "due_soon", _("Sắp đến hạn (5 ngày)")
    NO_DEADLINE = "no_deadline", _("Không hạn")
    NOT_STARTED = "not_started", _("Chưa triển khai")
    DUE = "due", _("Đã đến hạn hoặc đã hoàn thành")
    REMOVED = "removed", _("Đưa ra khỏi kế hoạch")


# The four official buckets: they partition the total.
OFFICIAL_BUCKETS = (Bucket.ON_TIME, Bucket.LATE, Bucket.WITHIN, Bucket.OVERDUE)
# Extra dashboard columns: subsets of the open tasks.
EXTRA_BUCKETS = (Bucket.DUE_SOON, Bucket.NO_DEADLINE, Bucket.NOT_STARTED)


@dataclass(frozen=True)
class Completion:
    """The figures of a set of tasks at one date. Counts are of tasks, removed ones apart."""

    total: int = 0
    on_time: int = 0
    late: int = 0
    within: int = 0
    overdue: int = 0
    due_soon: int = 0
    no_deadline: int = 0
    not_started: int = 0
    removed: int = 0

    @property
    def completed(self) -> int:
        return self.on_time + self.late

    @property
    def open(self) -> int:
        return self.within + self.overdue

    @property
    def due(self) -> int:
        """Denominator of the rate over tasks already due: completed or past their deadline."""
        return self.completed + self.overdue

    @property
    def rate(self) -> Decimal | None:
        """Completed ÷ all tasks (removed ones excluded)."""
        return rate_percent(self.completed, self.total)

    @property
    def rate_due(self) -> Decimal | None:
        """Completed ÷ tasks already due."""
        return rate_percent(self.completed, self.due)

    def count(self, bucket: str) -> int:
        return getattr(self, Bucket(bucket).value)


COUNTED_FIELDS = [f.name for f in fields(Completion)]


class _AsOf:
    """The state of tasks at one date as annotations, and the bucket conditions over them.

    ``prefix`` lets one query carry the state at several dates (the trend)."""

    def __init__(self, as_of: datetime.date, prefix: str = "asof"):
        self.date = as_of
        self.event = f"{prefix}_event"
        self.status = f"{prefix}_status"
        self.completed_on = f"{prefix}_completed_on"
        self.deadline = f"{prefix}_deadline"
        self.reference_deadline = f"{prefix}_reference_deadline"
        self.lead_unit = f"{prefix}_lead_unit"
        self.received = f"{prefix}_received"

    def annotate(self, tasks: QuerySet[Task], *, all_spans: str | None = None) -> QuerySet[Task]:
        # One LEFT JOIN to the task's state span covering the date (tasks.TaskStateSpan: the
        # latest recorded entry effective at the date, precomputed from the history). Every
        # task has history from its creation (tasks/services/ is the one write path), so a
        # task without a span at the date gets a null status: it did not exist then, and every
        # bucket requires a status. A range join, not a correlated subquery: PostgreSQL cannot
        # use a subquery as a join key and would hash the whole history per date
        # (bench/FINDINGS.md).
        #
        # `all_spans` names a join of every span of each task (one row per span, see
        # completion_at_dates): the state at the date is then read from the one row whose span
        # covers it, and the other rows of the task count nowhere.
        d = self.date
        if all_spans is None and d >= timezone.localdate():
            # Today and later, each task's own row is its state: every service writes the row
            # and its history entry together, and no entry takes effect ahead of the day it is
            # recorded (tasks/history.py, FutureEntry). No join: one pass over the scope's rows.
            return tasks.annotate(
                **{
                    self.status: F("status"),
                    self.completed_on: F("completed_on"),
                    self.deadline: F("deadline"),
                    self.reference_deadline: Coalesce(F("original_deadline"), F("deadline")),
                }
            )
        if all_spans is None:
            covers = Q(state_spans__valid_from__lte=d) & (
                Q(state_spans__valid_until__gt=d) | Q(state_spans__valid_until__isnull=True)
            )
            tasks = tasks.annotate(**{self.event: FilteredRelation("state_spans", condition=covers)})
            span = self.event
            annotations = {
                self.status: F(f"{span}__status"),
                self.completed_on: F(f"{span}__completed_on"),
                self.deadline: F(f"{span}__deadline"),
            }
        else:
            span = all_spans
            covers = Q(**{f"{span}__valid_from__lte": d}) & (
                Q(**{f"{span}__valid_until__gt": d}) | Q(**{f"{span}__valid_until__isnull": True})
            )

            # Only the covering row has a status; the others count in no bucket, whatever
            # their dates say.
            annotations = {
                self.status: Case(
                    When(covers, then=F(f"{span}__status")), default=None, output_field=models.CharField()
                ),
                self.completed_on: F(f"{span}__completed_on"),
                self.deadline: F(f"{span}__deadline"),
            }
        tasks = tasks.annotate(**annotations)
        return tasks.annotate(**{self.reference_deadline: Coalesce(F("original_deadline"), F(self.deadline))})

    def annotate_lead(self, tasks: QuerySet[Task]) -> QuerySet[Task]:
        """The lead unit at the date and whether it received the task by a handover
        (docs/DOMAIN.md, "The 2025 reorganisation"), after `annotate`: today the task's row
        and its current span, earlier the span covering the date (the history's lead unit;
        the row's where an entry predates the column)."""
        if self.date >= timezone.localdate():
            current = TaskStateSpan.objects.filter(task=OuterRef("pk"), valid_until__isnull=True, received=True)
            return tasks.annotate(**{self.lead_unit: F("lead_unit_id"), self.received: Exists(current)})
        return tasks.annotate(
            **{
                self.lead_unit: Coalesce(F(f"{self.event}__lead_unit_id"), F("lead_unit_id")),
                self.received: Coalesce(F(f"{self.event}__received"), models.Value(False)),
            }
        )

    def q(self, bucket: str) -> Q:
        """The condition a task's state at the date meets to count in `bucket`."""
        d = self.date
        status, done_on, deadline = self.status, self.completed_on, self.deadline
        done = Q(**{status: TaskStatus.COMPLETED, f"{done_on}__lte": d})
        not_done = Q(**{f"{status}__in": OPEN_STATUSES}) | Q(
            Q(**{f"{done_on}__isnull": True}) | Q(**{f"{done_on}__gt": d}), **{status: TaskStatus.COMPLETED}
        )
        overdue = not_done & Q(**{f"{deadline}__lt": d})
        conditions = {
            Bucket.TOTAL: Q(**{f"{status}__in": _IN_PLAN_STATUSES}),
            Bucket.COMPLETED: done,
            Bucket.ON_TIME: done
            & (
                Q(**{f"{self.reference_deadline}__isnull": True}) | Q(**{f"{done_on}__lte": F(self.reference_deadline)})
            ),
            Bucket.LATE: done & Q(**{f"{done_on}__gt": F(self.reference_deadline)}),
            Bucket.WITHIN: not_done & (Q(**{f"{deadline}__isnull": True}) | Q(**{f"{deadline}__gte": d})),
            Bucket.OVERDUE: overdue,
            Bucket.DUE_SOON: not_done
            & Q(**{f"{deadline}__gte": d, f"{deadline}__lte": d + datetime.timedelta(days=DUE_SOON_DAYS)}),
            Bucket.NO_DEADLINE: not_done & Q(**{f"{deadline}__isnull": True}),
            Bucket.NOT_STARTED: Q(**{status: TaskStatus.NOT_STARTED}),
            Bucket.DUE: done | overdue,
            Bucket.REMOVED: Q(**{status: TaskStatus.REMOVED}),
        }
        return conditions[Bucket(bucket)]

    def counts(self, suffix: str = "", names: list[str] = COUNTED_FIELDS) -> dict[str, Count]:
        return {f"{name}{suffix}": Count("pk", filter=self.q(name)) for name in names}


def _aggregate_row(tasks: QuerySet[Task], aggregates: dict) -> dict:
    """`tasks.aggregate(**aggregates)` with a fraction of the ORM's work: aggregate() re-walks
    every earlier aggregate's expression tree for each new one (quadratic in their number:
    55 ms of Python for the 60 counts of a trend, more than its SQL), annotate() does not.
    Grouping by a constant gives the same single row."""
    rows = list(
        tasks.order_by().annotate(_all=models.Value(1)).values("_all").annotate(**aggregates).values(*aggregates)
    )
    return rows[0] if rows else dict.fromkeys(aggregates, 0)


def _completion(row: dict, suffix: str = "") -> Completion:
    return Completion(**{name: row[f"{name}{suffix}"] or 0 for name in COUNTED_FIELDS})


def completion_of(tasks: QuerySet[Task], *, as_of: datetime.date) -> Completion:
    """The figures of any task queryset (a plan, a year, an area, a unit) at a date: one query."""
    state = _AsOf(as_of)
    return _completion(_aggregate_row(state.annotate(tasks), state.counts()))


def _completion_by(tasks: QuerySet[Task], key: str, *, as_of: datetime.date) -> dict:
    state = _AsOf(as_of)
    rows = state.annotate(tasks).values(key).order_by(key).annotate(**state.counts())
    return {row[key]: _completion(row) for row in rows}


def completion_by_area(tasks: QuerySet[Task], *, as_of: datetime.date) -> dict[int, Completion]:
    """{area_id: Completion} in one grouped query."""
    return _completion_by(tasks, "area_id", as_of=as_of)


def completion_by_unit(tasks: QuerySet[Task], *, as_of: datetime.date) -> dict[int, Completion]:
    """{lead_unit_id: Completion} for the tasks each unit leads at `as_of`, in one grouped query."""
    return {unit_id: c for unit_id, (c, _received) in completion_and_received_by_unit(tasks, as_of=as_of).items()}


def completion_and_received_by_unit(
    tasks: QuerySet[Task], *, as_of: datetime.date
) -> dict[int, tuple[Completion, int]]:
    """{lead_unit_id: (Completion, received)} in one grouped query, grouped by the lead unit
    *at* `as_of`: before a reorganisation's effective date a handed-over task counts for the
    old unit, from it for the successor, and `received` counts the tasks (in the total) it
    received by a handover ("trong đó tiếp nhận: 7"; docs/DOMAIN.md, "The 2025
    reorganisation"). Agency totals do not change: each task counts for one unit at a date."""
    state = _AsOf(as_of)
    counts = state.counts()
    counts["received"] = Count("pk", filter=state.q(Bucket.TOTAL) & Q(**{state.received: True}))
    rows = (
        state.annotate_lead(state.annotate(tasks)).values(state.lead_unit).order_by(state.lead_unit).annotate(**counts)
    )
    return {row[state.lead_unit]: (_completion(row), row["received"]) for row in rows}


def completion_by_source(tasks: QuerySet[Task], *, as_of: datetime.date) -> dict[str, Completion]:
    """{TaskSource value: Completion}: Government-assigned, assigned by a superior, self-set."""
    figures = _completion_by(tasks, "source", as_of=as_of)
    return {source: figures.get(source, Completion()) for source in TaskSource.values}


def completion_with_breakdowns(
    tasks: QuerySet[Task], *, as_of: datetime.date
) -> tuple[Completion, dict[int, Completion], dict[str, Completion]]:
    """The figures of `tasks`, {area_id: Completion} and {TaskSource value: Completion} — a
    dashboard's headline and its two tables — from one query grouped by area and source: each
    figure is a sum over the groups, which partition the tasks, so it equals completion_of,
    completion_by_area and completion_by_source (one pass over the tasks instead of three)."""
    state = _AsOf(as_of)
    rows = state.annotate(tasks).values("area_id", "source").order_by("area_id", "source").annotate(**state.counts())
    total = dict.fromkeys(COUNTED_FIELDS, 0)
    areas: dict[int, dict[str, int]] = {}
    sources: dict[str, dict[str, int]] = {source: dict.fromkeys(COUNTED_FIELDS, 0) for source in TaskSource.values}
    for row in rows:
        area = areas.setdefault(row["area_id"], dict.fromkeys(COUNTED_FIELDS, 0))
        source = sources.setdefault(row["source"], dict.fromkeys(COUNTED_FIELDS, 0))
        for name in COUNTED_FIELDS:
            value = row[name] or 0
            total[name] += value
            area[name] += value
            source[name] += value
    return (
        Completion(**total),
        {area_id: Completion(**counts) for area_id, counts in areas.items()},
        {code: Completion(**counts) for code, counts in sources.items()},
    )


def tasks_in_bucket(tasks: QuerySet[Task], *, as_of: datetime.date, bucket: str) -> QuerySet[Task]:
    """Exactly the tasks a dashboard cell counts (same condition as the count)."""
    state = _AsOf(as_of)
    return state.annotate(tasks).filter(state.q(bucket))


_TREND_FIELDS = [Bucket.TOTAL, Bucket.ON_TIME, Bucket.LATE, Bucket.OVERDUE, Bucket.REMOVED]


def completion_at_dates(tasks: QuerySet[Task], dates: list[datetime.date]) -> dict[datetime.date, Completion]:
    """The official buckets at several dates (the trend) in one query over the tasks' state
    spans. The extra columns (due soon, no deadline, not started) stay 0."""
    if not dates:
        return {}
    aggregates = {}
    # Today and later: the task rows themselves (see _AsOf.annotate), no join.
    rows_only = min(dates) >= timezone.localdate()
    if not rows_only:
        # One join of every span of each task, read at each date (rather than one join per date).
        tasks = tasks.annotate(
            spans=FilteredRelation("state_spans", condition=Q(state_spans__valid_from__isnull=False))
        )
    for i, day in enumerate(dates):
        state = _AsOf(day, prefix=f"d{i}")
        tasks = state.annotate(tasks) if rows_only else state.annotate(tasks, all_spans="spans")
        aggregates.update(state.counts(suffix=f"_{i}", names=[b.value for b in _TREND_FIELDS]))
    row = _aggregate_row(tasks, aggregates)
    result = {}
    for i, day in enumerate(dates):
        on_time, late, overdue = row[f"on_time_{i}"], row[f"late_{i}"], row[f"overdue_{i}"]
        within = row[f"total_{i}"] - on_time - late - overdue  # the four official buckets partition the total
        result[day] = Completion(
            total=row[f"total_{i}"],
            on_time=on_time,
            late=late,
            within=within,
            overdue=overdue,
            removed=row[f"removed_{i}"],
        )
    return result


def month_ends(year: int, *, until: datetime.date) -> list[datetime.date]:
    """The last day of each month of `year` up to `until`, then `until` itself if it falls mid-month."""
    days = []
    for month in range(1, 13):
        end = end_of_month(year, month)
        if end > until:
            if until.year == year and until.month == month:
                days.append(until)
            break
        days.append(end)
    return days


def completion_by_plan(tasks: QuerySet[Task], *, as_of: datetime.date) -> dict[int, Completion]:
    """{plan_id: Completion} in one grouped query (the list of plans of a year)."""
    return _completion_by(tasks, "plan_id", as_of=as_of)


def same_day_previous_year(day: datetime.date) -> datetime.date:
    """30/06/2026 → 30/06/2025; 29/02 → 28/02."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


@dataclass(frozen=True)
class TrendPoint:
    day: datetime.date
    completion: Completion
    previous_day: datetime.date | None = None
    previous: Completion | None = None


def completion_trend(
    tasks: QuerySet[Task],
    *,
    year: int,
    as_of: datetime.date,
    previous_tasks: QuerySet[Task] | None = None,
) -> list[TrendPoint]:
    """Completion at each month end of `year` up to `as_of` (one query), and at the same
    days a year earlier over `previous_tasks` when given (one more query)."""
    days = month_ends(year, until=as_of)
    figures = completion_at_dates(tasks, days)
    previous_days = [same_day_previous_year(day) for day in days]
    previous = completion_at_dates(previous_tasks, previous_days) if previous_tasks is not None else {}
    return [
        TrendPoint(day, figures[day], previous_day, previous.get(previous_day))
        for day, previous_day in zip(days, previous_days, strict=True)
    ]


@dataclass(frozen=True)
class UnitFigures:
    """A lead unit's line in the units table: its figures, last update and rank."""

    unit: Unit
    completion: Completion
    last_update: datetime.date | None
    rank: int
    silent: bool
    received: int = 0  # tasks (in the total) the unit received by a handover
    label: str = ""  # the unit's name as figures at the date show it (Unit.label_on)


_REPORTED_KINDS = [kind for kind in TaskEventKind.values if kind != TaskEventKind.CREATED]


def _last_updates_since(tasks: QuerySet[Task], since: datetime.date, as_of: datetime.date) -> dict[int, datetime.date]:
    """{lead_unit_id: last update} of the units with a reported entry dated from `since` to
    `as_of`. A range of the index taskevent_reported_on_idx (~11,000 entries for 30 days
    nationally) instead of a scan of the whole history (0.5 M rows, 150 ms); joined from the
    tasks' side, not the history filtered by a subquery of the tasks (which joins them twice)."""
    # By the entry's own lead unit: an update made before a handover is the old unit's.
    return dict(
        tasks.filter(events__effective_on__gte=since, events__effective_on__lte=as_of, events__kind__in=_REPORTED_KINDS)
        .order_by()
        .values("events__lead_unit_id")
        .annotate(last=Max("events__effective_on"))
        .values_list("events__lead_unit_id", "last")
    )


def _units(tasks: QuerySet[Task], unit_ids: list[int], *, lately: dict, as_of: datetime.date) -> QuerySet[Unit]:
    """The units, with ``older_update``: None for those in `lately` (their last update is
    known), else their last update read from their whole history. One query, a union whose
    second part is a grouped join over these units and their tasks only (the subquery of all
    of `tasks` would be hashed whole): PostgreSQL reads it by index for a few units and by a
    scan for many (a closed plan) — not a subquery per unit, 0.2–1 ms each."""
    older = [unit_id for unit_id in unit_ids if unit_id not in lately]
    known = Unit.objects.filter(pk__in=[unit_id for unit_id in unit_ids if unit_id in lately])
    history = Unit.objects.filter(pk__in=older, led_tasks__in=tasks.filter(lead_unit_id__in=older)).annotate(
        older_update=Max(
            "led_tasks__events__effective_on",
            filter=Q(led_tasks__events__effective_on__lte=as_of, led_tasks__events__kind__in=_REPORTED_KINDS),
        )
    )
    no_date = models.Value(None, output_field=models.DateField())
    return known.annotate(older_update=no_date).order_by().union(history.order_by(), all=True)


def unit_ranking(tasks: QuerySet[Task], *, as_of: datetime.date) -> list[UnitFigures]:
    """Every unit leading tasks in `tasks`, ranked by completion rate (ties share a rank:
    1, 2, 2, 4), in three queries. `last_update` is the latest history entry other than
    creation with effective date ≤ as_of; a unit with open tasks and no update in the last
    SILENT_AFTER_DAYS days is *silent*."""
    by_unit = {
        unit_id: row for unit_id, row in completion_and_received_by_unit(tasks, as_of=as_of).items() if row[0].total
    }
    figures = {unit_id: c for unit_id, (c, _received) in by_unit.items()}
    silent_before = as_of - datetime.timedelta(days=SILENT_AFTER_DAYS)
    # The recent entries give the last update of every unit that reported lately (most of
    # them); only the others' older history is read. For a date to come, "lately" ends today:
    # nothing is recorded ahead. Where the range starts changes the cost, never the result.
    since = min(as_of, timezone.localdate()) - datetime.timedelta(days=SILENT_AFTER_DAYS)
    last_updates = _last_updates_since(tasks, since, as_of)
    units = {}
    for unit in _units(tasks, list(figures), lately=last_updates, as_of=as_of):
        units[unit.pk] = unit
        if unit.older_update:
            last_updates[unit.pk] = unit.older_update
    ceased = set(figures) - set(units)
    if ceased:
        # Units that led tasks at a past date and lead none of them now (they ceased in a
        # reorganisation): one more query, only for such dates.
        units.update(Unit.objects.in_bulk(ceased))
    rates = {unit_id: c.rate for unit_id, c in figures.items()}  # a Decimal division each: once

    def sort_key(unit_id: int):
        rate, unit = rates[unit_id], units[unit_id]
        return (rate is None, -(rate or 0), -figures[unit_id].completed, unit.order, unit.name)

    ranked: list[UnitFigures] = []
    previous_rate = object()
    for position, unit_id in enumerate(sorted(figures, key=sort_key), start=1):
        c, rate = figures[unit_id], rates[unit_id]
        rank = ranked[-1].rank if ranked and rate == previous_rate else position
        previous_rate = rate
        last = last_updates.get(unit_id)
        silent = c.open > 0 and (last is None or last < silent_before)
        unit = units[unit_id]
        ranked.append(UnitFigures(unit, c, last, rank, silent, by_unit[unit_id][1], unit.label_on(as_of)))
    return ranked


def led_at(tasks: QuerySet[Task], unit_id: int, *, as_of: datetime.date) -> QuerySet[Task]:
    """The tasks `unit_id` leads at `as_of`: the units table's drill-down, grouped as its
    counts are (completion_and_received_by_unit): the row's lead unit today, the history's
    before (a task handed over in a reorganisation is the old unit's before the handover)."""
    if as_of >= timezone.localdate():
        return tasks.filter(lead_unit_id=unit_id)
    covering = TaskStateSpan.objects.filter(valid_from__lte=as_of, lead_unit_id=unit_id).filter(
        Q(valid_until__gt=as_of) | Q(valid_until__isnull=True)
    )
    return tasks.filter(pk__in=covering.values("task_id"))


def tasks_with_state(tasks: QuerySet[Task], *, as_of: datetime.date) -> QuerySet[Task]:
    """`tasks` annotated with their state at `as_of` (``asof_status``, ``asof_completed_on``,
    ``asof_deadline``, ``asof_reference_deadline``) and ``asof_bucket``: the official bucket the
    task counts in at that date (on_time, late, within, overdue), "removed", or None for a task
    that did not exist yet. The same conditions as the counts, so a list and its figures agree;
    no extra query per task (the export's detail sheet)."""
    state = _AsOf(as_of)
    order = (*OFFICIAL_BUCKETS, Bucket.REMOVED)
    bucket = Case(
        *(When(state.q(b), then=models.Value(b.value)) for b in order),
        default=None,
        output_field=models.CharField(),
    )
    return state.annotate(tasks).annotate(asof_bucket=bucket)
