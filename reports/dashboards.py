"""What the dashboard pages show, assembled from the figures of reports/completion.py.

No figure is computed here: this module names the scope (a plan, or every plan of a year),
finds the previous year's plan, lays out rows and chart data. Query counts stay constant.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import hashlib
from dataclasses import dataclass
from typing import TypedDict
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db.models import Count, Min, QuerySet
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import formats
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cchc.formatting import format_date, percent, short_date, vn_int
from plans.models import Plan, ReformArea
from tasks.models import Task, TaskSource, TaskStatus
from tasks.workflow_models import CompletionReport, ReportStatus

from .completion import (
    COUNTED_FIELDS,
    EXTRA_BUCKETS,
    OFFICIAL_BUCKETS,
    Bucket,
    Completion,
    TrendPoint,
    UnitFigures,
    completion_at_dates,
    completion_by_area,
    completion_by_source,
    completion_of,
    completion_with_breakdowns,
    month_ends,
    same_day_previous_year,
    tasks_in_bucket,
    unit_ranking,
)
from .figures_cache import CachedFigures, areas_stamp, units_stamp

_UNSET = object()  # dashboard(): the caller did not look up the previous scope


@dataclass(frozen=True)
class Scope:
    """What a dashboard counts: one plan, or every plan of a year, as the user may see it."""

    year: int
    tasks: QuerySet[Task]
    plan: Plan | None = None

    @property
    def params(self) -> dict[str, int]:
        return {"plan": self.plan.pk} if self.plan else {"year": self.year}

    def url(self, name: str, **params) -> str:
        """A reports page for this scope: url("reports:overdue", as_of=...)."""
        query = {**self.params, **{k: v for k, v in params.items() if v not in (None, "")}}
        if name == "reports:plan_dashboard" and self.plan:
            query.pop("plan")
            base = reverse(name, args=[self.plan.pk])
        elif name == "reports:year_dashboard":
            query.pop("year", None)
            base = reverse(name, args=[self.year])
        else:
            base = reverse(name)
        return f"{base}?{urlencode(query)}" if query else base

    @property
    def dashboard_url(self) -> str:
        return self.url("reports:plan_dashboard" if self.plan else "reports:year_dashboard")


def previous_plan(plan: Plan) -> Plan | None:
    """The same issuer's plan of the year before, when there is one."""
    same_kind = {"parent__isnull": plan.parent_id is None}  # an agency plan, or a unit's own plan
    return (
        Plan.objects.filter(issuing_unit_id=plan.issuing_unit_id, year=plan.year - 1, **same_kind)
        .order_by("-issued_on", "-pk")
        .first()
    )


def previous_scope(scope: Scope) -> Scope | None:
    """Last year's counterpart of a scope: the previous plan, or last year's plans."""
    if scope.plan is not None:
        plan = previous_plan(scope.plan)
        return Scope(plan.year, Task.objects.filter(plan=plan), plan) if plan else None
    # A year counts the agency's plans only (reports/views.py `_year_tasks`).
    if Plan.objects.agency().filter(year=scope.year - 1).exists():
        return Scope(scope.year - 1, Task.objects.filter(plan__year=scope.year - 1, plan__parent__isnull=True))
    return None


@dataclass(frozen=True)
class Preset:
    label: str
    day: datetime.date

    @property
    def text(self) -> str:
        return format_date(self.day)


def as_of_presets(year: int) -> list[Preset]:
    """The report cut-offs of Bộ Nội vụ (14/3, 14/6, 14/9, 14/12) and the half-year and year ends."""
    return [
        Preset(_("Quý I"), datetime.date(year, 3, 14)),
        Preset(_("6 tháng"), datetime.date(year, 6, 14)),
        Preset(_("Hết quý II"), datetime.date(year, 6, 30)),
        Preset(_("9 tháng"), datetime.date(year, 9, 14)),
        Preset(_("Cả năm"), datetime.date(year, 12, 14)),
        Preset(_("Hết năm"), datetime.date(year, 12, 31)),
    ]


COLUMNS = (Bucket.TOTAL, *OFFICIAL_BUCKETS, *EXTRA_BUCKETS)


@dataclass(frozen=True)
class Cell:
    bucket: str
    count: int
    url: str


@dataclass(frozen=True)
class Row:
    """A row of a dashboard table: what it is, its figures, and each cell's drill-down link."""

    label: str
    completion: Completion
    cells: list[Cell]
    code: str = ""


def make_row(scope: Scope, as_of: datetime.date, label: str, completion: Completion, filters: dict, code="") -> Row:
    day = format_date(as_of)
    cells = [
        Cell(b.value, completion.count(b), scope.url("reports:drilldown", bucket=b.value, as_of=day, **filters))
        for b in COLUMNS
    ]
    return Row(label, completion, cells, code)


def area_rows(
    scope: Scope, as_of: datetime.date, filters: dict | None = None, figures: dict[int, Completion] | None = None
) -> list[Row]:
    """The seven (or more) reform areas in order, including those without tasks (`figures`:
    the areas' figures when already counted)."""
    if figures is None:
        figures = completion_by_area(scope.tasks, as_of=as_of)
    return [
        make_row(
            scope,
            as_of,
            f"{area.code}. {area.short_name}",
            figures.get(area.pk, Completion()),
            {**(filters or {}), "area": area.pk},
            code=area.code,
        )
        for area in ReformArea.objects.all()
    ]


def source_rows(
    scope: Scope, as_of: datetime.date, filters: dict | None = None, figures: dict[str, Completion] | None = None
) -> list[Row]:
    if figures is None:
        figures = completion_by_source(scope.tasks, as_of=as_of)
    return [
        make_row(scope, as_of, str(TaskSource(s).label), figures[s], {**(filters or {}), "source": s}, code=s)
        for s in TaskSource.values
    ]


def stacked_chart_data(rows: list[Row], labels: list[str]) -> dict:
    """The four official buckets per row, for the stacked bar (dashboard.js)."""
    return {
        "labels": labels,
        "datasets": [
            {"bucket": b.value, "label": str(b.label), "data": [r.completion.count(b) for r in rows]}
            for b in OFFICIAL_BUCKETS
        ],
    }


def _rate_text(rate) -> str | None:
    return None if rate is None else str(rate)


@dataclass(frozen=True)
class Dashboard:
    scope: Scope
    as_of: datetime.date
    completion: Completion
    areas: list[Row]
    sources: list[Row]
    trend: list
    previous: Scope | None
    previous_day: datetime.date
    previous_completion: Completion | None
    # Whether last year's tasks carry any recorded result. A previous-year plan imported without
    # its results would otherwise show as "0/29, 0,00%" instead of "no results recorded".
    previous_has_results: bool

    total: Row

    @property
    def stacked_chart(self) -> dict:
        return stacked_chart_data(self.areas, [row.code for row in self.areas])

    @property
    def trend_chart(self) -> dict:
        return {
            "labels": [point.day.strftime("%d/%m") for point in self.trend],
            "series": [
                {
                    "key": "current",
                    "label": str(_("Năm %(year)s") % {"year": self.scope.year}),
                    "data": [_rate_text(p.completion.rate) for p in self.trend],
                },
                *(
                    [
                        {
                            "key": "previous",
                            "label": str(_("Năm %(year)s") % {"year": self.previous.year}),
                            "data": [_rate_text(p.previous.rate if p.previous else None) for p in self.trend],
                        }
                    ]
                    if self.previous
                    else []
                ),
            ],
        }


def _trend(
    scope: Scope, previous: Scope | None, as_of: datetime.date, completion: Completion, past: CachedFigures
) -> list[TrendPoint]:
    """Completion at each month end of the scope's year up to `as_of`, and at the same days a
    year earlier, cached (reports/figures_cache.py): the closed months' points stay cached
    through the day's progress reports. Today's point is the headline itself."""
    today = past.today
    days = month_ends(scope.year, until=as_of)
    closed = [day for day in days if day < today]
    ahead = [day for day in days if day >= today]
    figures = dict(past.get("trend", scope.tasks, closed, lambda: completion_at_dates(scope.tasks, closed)))
    if ahead == [as_of] and as_of == today:
        # The trend counts the official buckets only.
        figures[today] = dataclasses.replace(completion, due_soon=0, no_deadline=0, not_started=0)
    elif ahead:
        figures.update(past.get("trend", scope.tasks, ahead, lambda: completion_at_dates(scope.tasks, ahead)))
    previous_days = [same_day_previous_year(day) for day in days]
    earlier = {}
    if previous is not None and previous_days:
        earlier = past.get(
            "trend", previous.tasks, previous_days, lambda: completion_at_dates(previous.tasks, previous_days)
        )
    return [
        TrendPoint(day, figures[day], previous_day, earlier.get(previous_day))
        for day, previous_day in zip(days, previous_days, strict=True)
    ]


def dashboard(
    scope: Scope,
    as_of: datetime.date,
    *,
    past: CachedFigures | None = None,
    previous: Scope | object | None = _UNSET,
    previous_has_results: bool | None = None,
) -> Dashboard:
    """A dashboard's figures: the headline, areas and sources in one query, the trend and last
    year's figures, each cached (reports/figures_cache.py: never served after a change that
    could alter it). `past`, `previous` and `previous_has_results` when the caller already has
    them (dashboard_fragments)."""
    previous = previous_scope(scope) if previous is _UNSET else previous
    assert previous is None or isinstance(previous, Scope)
    past = past or CachedFigures([scope.year, scope.year - 1], [scope.plan, previous.plan if previous else None])
    if previous_has_results is None:
        previous_has_results = has_results(previous)
    previous_day = same_day_previous_year(as_of)
    completion, by_area, by_source = past.get(
        "breakdowns", scope.tasks, [as_of], lambda: completion_with_breakdowns(scope.tasks, as_of=as_of)
    )
    previous_completion = None
    if previous is not None:
        previous_completion = past.get(
            "completion", previous.tasks, [previous_day], lambda: completion_of(previous.tasks, as_of=previous_day)
        )
    return Dashboard(
        scope=scope,
        as_of=as_of,
        completion=completion,
        areas=area_rows(scope, as_of, figures=by_area),
        sources=source_rows(scope, as_of, figures=by_source),
        trend=_trend(scope, previous, as_of, completion, past),
        previous=previous,
        previous_day=previous_day,
        previous_completion=previous_completion,
        previous_has_results=previous_has_results,
        total=make_row(scope, as_of, str(_("Tổng cộng")), completion, {}),
    )


def has_results(scope: Scope | None) -> bool:
    """Whether a scope's tasks carry any recorded result (one EXISTS query)."""
    return scope is not None and scope.tasks.exclude(status__in=[TaskStatus.NOT_STARTED, TaskStatus.REMOVED]).exists()


@dataclass(frozen=True)
class DashboardFragments:
    """A dashboard's figure sections as HTML, rendered once per state of their data: the
    headline and the rest (areas, trend, sources, chart data), with the headline's figures,
    which the page compares with a closed period's."""

    completion: Completion
    headline: SafeString
    body: SafeString


FRAGMENT_TEMPLATES = (
    "reports/_dashboard_headline.html",
    "reports/_dashboard_body.html",
    "reports/_bucket_table.html",
)


@functools.cache
def _templates_stamp(names: tuple[str, ...] = FRAGMENT_TEMPLATES) -> str:
    """The fragments' template sources, hashed: a deploy that changes them changes the key."""
    sources = "".join(get_template(name).template.source for name in names)  # type: ignore[attr-defined]
    return hashlib.sha256(sources.encode()).hexdigest()[:16]


def dashboard_fragments(scope: Scope, as_of: datetime.date) -> DashboardFragments:
    """The dashboard page's figure sections, cached as rendered HTML under the figures tokens
    (reports/figures_cache.py) with everything else the HTML shows in the key: the language,
    the templates, the plan's and last year's plan's number and title, the reform areas, and
    whether last year has results. A cached page costs three small queries and no rendering;
    each figure inside is still computed (or read from its own cache) exactly as dashboard()
    does on a miss. Nothing in the fragments depends on the reader beyond what scope.tasks
    holds (the reader's visibility is in the key through the queryset's SQL)."""
    previous = previous_scope(scope)
    past = CachedFigures([scope.year, scope.year - 1], [scope.plan, previous.plan if previous else None])
    previous_results = has_results(previous)
    areas = areas_stamp()
    plans = [(p.pk, p.number, p.title) for p in (scope.plan, previous.plan if previous else None) if p is not None]
    extra = (get_language(), _templates_stamp(), tuple(plans), areas, previous_results)

    def render() -> DashboardFragments:
        board = dashboard(scope, as_of, past=past, previous=previous, previous_has_results=previous_results)
        context = {"board": board, "scope": scope, "as_of": as_of}
        return DashboardFragments(
            completion=board.completion,
            headline=render_to_string(FRAGMENT_TEMPLATES[0], context),
            body=render_to_string(FRAGMENT_TEMPLATES[1], context),
        )

    return past.get("dashboard-fragments", scope.tasks, [as_of], render, extra=extra)


class UnitRow(TypedDict):
    """A line of the units table: the unit, the drill-down links of its cells ("" where the
    count is 0: nothing to list) and its figures as shown. A dict, not a dataclass: the
    template reads a dict's keys without first failing a row[...] lookup as on an object."""

    figures: UnitFigures
    name: str
    code: str
    silent: bool
    dashboard_url: str
    total_url: str
    completed_url: str
    overdue_url: str
    rank: str  # "4/199"
    total: str
    completed: str
    on_time: str
    late: str
    within: str
    overdue: str
    rate: str
    last_update: str  # "" when the unit never reported
    received: str  # tasks received by a handover, "" when none


# Stands for the unit's id in a link built once for all rows: letters pass urlencode unchanged,
# and no other part of these links (ids, bucket names, dd/mm/yyyy) contains it.
_UNIT_ID = "UNITID"


def _link_per_unit(url: str):
    """`url` (built with unit=_UNIT_ID) → a function unit id → the same link for that unit."""
    before, found, after = url.partition(_UNIT_ID)
    if not found or _UNIT_ID in after:
        raise ValueError(f"Expected one unit placeholder in {url}")
    return lambda unit_id: f"{before}{unit_id}{after}"


def _shown(format_value):
    """format_value for one table, each distinct value formatted (and escaped) once: counts,
    ranks, rates and dates repeat from row to row."""
    texts = {}

    def shown(value):
        if value not in texts:
            texts[value] = conditional_escape(format_value(value))
        return texts[value]

    return shown


def unit_rows(scope: Scope, as_of: datetime.date) -> list[UnitRow]:
    """The units table; each row's links are the same as scope.url(…, unit=<id>) would give,
    built from one reverse() + urlencode per kind of link rather than per row, and its
    figures formatted here once per table rather than by a template filter per cell (a
    thousand units at national size): as vn_int, percent and date:"SHORT_DATE_FORMAT" would."""
    day = format_date(as_of)

    def drilldown(bucket: Bucket):
        return _link_per_unit(scope.url("reports:drilldown", bucket=bucket.value, unit=_UNIT_ID, as_of=day))

    total, completed, overdue = drilldown(Bucket.TOTAL), drilldown(Bucket.COMPLETED), drilldown(Bucket.OVERDUE)
    dashboard = _link_per_unit(scope.url("reports:my_unit", unit=_UNIT_ID, as_of=day)) if scope.plan else None
    ranking = unit_ranking(scope.tasks, as_of=as_of)
    out_of = formats.localize(len(ranking))
    rank = _shown(lambda position: f"{formats.localize(position)}/{out_of}")
    count, rate = _shown(vn_int), _shown(percent)
    day_shown = _shown(short_date)
    rows = []
    for figures in ranking:
        unit, c = figures.unit, figures.completion
        rows.append(
            UnitRow(
                figures=figures,
                name=figures.label,
                code=unit.code,
                received=count(figures.received) if figures.received else "",
                silent=figures.silent,
                dashboard_url=dashboard(unit.pk) if dashboard else "",
                total_url=total(unit.pk),
                completed_url=completed(unit.pk) if c.completed else "",
                overdue_url=overdue(unit.pk) if c.overdue else "",
                rank=rank(figures.rank),
                total=count(c.total),
                completed=count(c.completed),
                on_time=count(c.on_time),
                late=count(c.late),
                within=count(c.within),
                overdue=count(c.overdue),
                rate=rate(c.rate),
                last_update=day_shown(figures.last_update) if figures.last_update else "",
            )
        )
    return rows


_UNIT_TR = (
    '<tr class="{css}" data-unit="{code}">\n'
    '      <th scope="row" class="fw-normal">{name}{badge}</th>\n'
    "      <td>{rank}</td>\n"
    '      <td><a href="{total_url}">{total}</a>{received}</td>\n'
    "      <td>{completed}</td>\n"
    "      <td>{on_time}</td>\n"
    "      <td>{late}</td>\n"
    "      <td>{within}</td>\n"
    "      <td>{overdue}</td>\n"
    "      <td>{rate}</td>\n"
    "      <td>{last_update}</td>\n"
    "    </tr>\n"
)


def unit_rows_html(rows: list[UnitRow]) -> SafeString:
    """The units table's body, one format_html per row instead of the template's ~15 variable
    lookups and tags per row (a thousand units at national size: 120 of the page's 200 ms).
    format_html escapes every value that is not already safe HTML (names, codes, links)."""
    badge = format_html(' <span class="badge text-bg-warning">{}</span>', _("Chưa cập nhật"))
    never = format_html('<span class="text-muted">{}</span>', _("Chưa có"))

    def received(count: str) -> SafeString | str:
        if not count:
            return ""
        return format_html(
            '<br><small class="text-muted">{}</small>', _("trong đó tiếp nhận: %(count)s") % {"count": count}
        )

    def link(url: str, text: str) -> SafeString | str:
        return format_html('<a href="{}">{}</a>', url, text) if url else "0"

    return format_html_join(
        "    ",
        _UNIT_TR,
        (
            {
                "css": "unit-silent" if row["silent"] else "",
                "code": row["code"],
                "name": link(row["dashboard_url"], row["name"]) if row["dashboard_url"] else row["name"],
                "badge": badge if row["silent"] else "",
                "rank": row["rank"],
                "total_url": row["total_url"],
                "total": row["total"],
                "received": received(row["received"]),
                "completed": link(row["completed_url"], row["completed"]),
                "on_time": row["on_time"],
                "late": row["late"],
                "within": row["within"],
                "overdue": link(row["overdue_url"], row["overdue"]),
                "rate": row["rate"],
                "last_update": row["last_update"] or never,
            }
            for row in rows
        ),
    )


def units_chart_data(rows: list[UnitRow]) -> dict:
    return stacked_chart_data([Row(r["name"], r["figures"].completion, []) for r in rows], [r["code"] for r in rows])


@dataclass(frozen=True)
class UnitsTable:
    """The units table as the page shows it: its rows' HTML, the chart's data, the number of units."""

    html: SafeString
    chart: dict
    count: int


def units_table(scope: Scope, as_of: datetime.date) -> UnitsTable:
    """The units table, cached (reports/figures_cache.py) under the plans' tokens, the units'
    own stamp (their names and codes are in it) and the language its figures are written in:
    unpickling a thousand units' figures would cost more than the text."""

    def build() -> UnitsTable:
        rows = unit_rows(scope, as_of)
        return UnitsTable(unit_rows_html(rows), units_chart_data(rows), len(rows))

    extra = (units_stamp(), get_language(), tuple(sorted(scope.params.items())))
    return CachedFigures([scope.year], [scope.plan]).get("units table", scope.tasks, [as_of], build, extra=extra)


def _bucket_tasks(tasks: QuerySet[Task], *, as_of: datetime.date, bucket: str) -> QuerySet[Task]:
    return (
        tasks_in_bucket(tasks, as_of=as_of, bucket=bucket)
        .select_related("plan", "area", "lead_unit")
        .order_by("plan__year", "plan_id", "area__order", "position", "id")
    )


TASK_PAGE_SIZE = 100


def task_page(tasks: QuerySet[Task], *, as_of: datetime.date, bucket: str, page: str | None) -> Page:
    """One page of a cell's tasks (task_list), with the cell's count on its paginator: a
    national cell holds thousands of tasks (one page of all of them was 0,6–2 MB of HTML)."""
    found = Paginator(_bucket_tasks(tasks, as_of=as_of, bucket=bucket), TASK_PAGE_SIZE).get_page(page)
    found.object_list = _with_overdue_days(list(found.object_list), as_of)
    return found


def task_list(tasks: QuerySet[Task], *, as_of: datetime.date, bucket: str) -> list[Task]:
    """The tasks of a cell, in the plan's order, with their state at the date for display."""
    return _with_overdue_days(list(_bucket_tasks(tasks, as_of=as_of, bucket=bucket)), as_of)


def _with_overdue_days(rows: list[Task], as_of: datetime.date) -> list[Task]:
    for task in rows:
        deadline = task.asof_deadline
        done = task.asof_status == TaskStatus.COMPLETED and task.asof_completed_on and task.asof_completed_on <= as_of
        still_due = task.asof_status != TaskStatus.REMOVED and not done
        task.days_overdue = (as_of - deadline).days if still_due and deadline and deadline < as_of else 0
    return rows


def completion_data(completion: Completion) -> dict:
    """Figures for the JSON API: counts, and rates both as decimals ("51.95") and as shown ("51,95%")."""
    data = {name: completion.count(name) for name in COUNTED_FIELDS}
    data.update(completed=completion.completed, due=completion.due)
    for key, rate in (("rate", completion.rate), ("rate_due", completion.rate_due)):
        data[key] = None if rate is None else str(rate)
        data[f"{key}_text"] = percent(rate)
    return data


def dashboard_data(scope: Scope, as_of: datetime.date) -> dict:
    """The plan or year figures as JSON: the same selectors, the same rounding as the pages."""
    return {
        "plan": {"id": scope.plan.pk, "number": scope.plan.number} if scope.plan else None,
        "year": scope.year,
        "as_of": as_of.isoformat(),
        "figures": completion_data(completion_of(scope.tasks, as_of=as_of)),
        "areas": [
            {"code": row.code, "name": row.label, **completion_data(row.completion)} for row in area_rows(scope, as_of)
        ],
        "sources": [{"source": row.code, **completion_data(row.completion)} for row in source_rows(scope, as_of)],
    }


# ---------------------------------------------------------------- the leaders' panel


@dataclass(frozen=True)
class UnitBehind:
    name: str
    overdue: int
    silent: bool
    url: str


@dataclass(frozen=True)
class Attention:
    """What needs a leader's attention in a year's plans today (reports:index): the headline,
    the areas with overdue tasks, the completion reports waiting for the secretariat and the
    units falling behind (overdue tasks, or silent). Every count links to its list."""

    scope: Scope
    completion: Completion
    overdue_areas: list[Row]
    waiting: int
    oldest_waiting: datetime.datetime | None
    waiting_url: str
    units_behind: list[UnitBehind]


ATTENTION_TEMPLATE = "reports/_attention.html"


def attention_panel(scope: Scope, today: datetime.date, past: CachedFigures | None = None) -> SafeString:
    """The leaders' panel of reports:index (leader_attention) as HTML, cached under the year's
    figures tokens like the dashboards' fragments: every count in it (headline, overdue by area,
    reports waiting, units behind) moves only with a history entry of the year's tasks, which
    renews a token; today's date is in the key (a unit falls silent with time), and so are the
    language, the template, the areas and the units' names. The leaders' landing page, otherwise
    ~170 ms nationally on every visit (bench/FINDINGS.md §10). `past`: the caller's tokens, when
    they cover the year's agency plans (reports:index reads every plan's)."""
    past = past or CachedFigures([scope.year])
    extra = (get_language(), _templates_stamp((ATTENTION_TEMPLATE,)), areas_stamp(), units_stamp())

    def render() -> SafeString:
        return render_to_string(ATTENTION_TEMPLATE, {"attention": leader_attention(scope, today)})

    return past.get("attention-panel", scope.tasks, [today], render, extra=extra)


def leader_attention(scope: Scope, today: datetime.date, *, units: int = 5) -> Attention:
    """The panel, from the same figures as the dashboard (completion_of, area_rows, unit_ranking)."""
    day = format_date(today)
    waiting = CompletionReport.objects.filter(
        status=ReportStatus.AWAITING_SECRETARIAT, task__status=TaskStatus.PENDING, task__in=scope.tasks
    ).aggregate(size=Count("pk"), oldest=Min("submitted_at"))
    behind = [f for f in unit_ranking(scope.tasks, as_of=today) if f.completion.overdue or f.silent]
    behind.sort(key=lambda f: (-f.completion.overdue, f.unit.name))
    return Attention(
        scope=scope,
        completion=completion_of(scope.tasks, as_of=today),
        overdue_areas=[row for row in area_rows(scope, today) if row.completion.overdue],
        waiting=waiting["size"],
        oldest_waiting=waiting["oldest"],
        waiting_url=scope.url("reports:drilldown", bucket=Bucket.TOTAL.value, waiting=1, as_of=day),
        units_behind=[
            UnitBehind(
                name=f.unit.name,
                overdue=f.completion.overdue,
                silent=f.silent,
                url=scope.url("reports:drilldown", bucket=Bucket.OVERDUE.value, unit=f.unit.pk, as_of=day)
                if f.completion.overdue
                else scope.url("reports:drilldown", bucket=Bucket.TOTAL.value, unit=f.unit.pk, as_of=day),
            )
            for f in behind[:units]
        ],
    )
