"""Sub-criteria the tool scores from its own records (docs/DOMAIN.md, "PAR INDEX", "Computed
sub-criteria"), each with the inputs a unit and an appraiser read and a link to them. Judged
as of the set's cut-off (31/12 of its year unless set), or today while the year runs: during
the year this is the forecast. A fixed number of queries per set, whatever the units."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from cchc.formatting import format_date, percent, vn_int
from figures.models import ReportingPeriod, SubmissionStatus
from figures.selectors import period_submission_status
from inspections.models import InspectionPlan, Recommendation, RecommendationStatus
from inspections.selectors import coverage
from planning.unit_plans import unit_plans_overview
from plans.models import Plan, PlanStatus
from reports.completion import completion_by_unit
from reports.narratives import narrative_calendar
from tasks.models import Task
from units.models import Unit

from . import scoring
from .models import CriteriaSet, Criterion, Rule

DEFAULT_BANDS = {
    Rule.PLAN_COMPLETION: "90:2; 70:1",
    Rule.INSPECTION_COVERAGE: "30:1; 20:0,5",
}
PER_LATE = Decimal("0.25")
PER_MISSING = Decimal("0.5")


@dataclass(frozen=True)
class Computed:
    """A computed score with what it was computed from."""

    points: Decimal
    inputs: str
    link: str = ""
    # (label, url) of each input that cost points, when there are several (a late report…).
    links: tuple[tuple[str, str], ...] = ()


def as_of(criteria_set: CriteriaSet, today: datetime.date) -> datetime.date:
    cutoff = criteria_set.cutoff or datetime.date(criteria_set.year, 12, 31)
    return min(cutoff, today)


def _agency_plan(criteria_set: CriteriaSet) -> Plan | None:
    return (
        Plan.objects.filter(
            issuing_unit=criteria_set.agency,
            year=criteria_set.year,
            parent__isnull=True,
            status__in=[PlanStatus.ISSUED, PlanStatus.CLOSED],
        )
        .order_by("pk")
        .first()
    )


def computed_scores(
    criteria_set: CriteriaSet, rows: list[Criterion], units: list[Unit], *, today: datetime.date
) -> dict[tuple[int, int], Computed]:
    """{(unit id, row id): Computed} for every computed row of the set and every unit."""
    rules = {row.rule for row in rows if row.rule}
    if not rules:
        return {}
    day = as_of(criteria_set, today)
    unit_ids = [u.pk for u in units]
    by_rule: dict[str, dict[int, tuple[Decimal | None, str, str, dict]]] = {}
    plan = _agency_plan(criteria_set)
    if Rule.PLAN_ISSUED in rules:
        by_rule[Rule.PLAN_ISSUED] = _plan_issued(plan, day)
    if Rule.PLAN_COMPLETION in rules:
        by_rule[Rule.PLAN_COMPLETION] = _plan_completion(plan, day)
    if Rule.REPORTS in rules:
        by_rule[Rule.REPORTS] = _reports(criteria_set.year, unit_ids, day)
    if Rule.INSPECTION_COVERAGE in rules:
        by_rule[Rule.INSPECTION_COVERAGE] = _coverage(criteria_set.year, unit_ids)
    if Rule.FINDINGS in rules:
        by_rule[Rule.FINDINGS] = _findings(criteria_set.year, unit_ids)
    result = {}
    for row in rows:
        if not row.rule:
            continue
        facts = by_rule.get(row.rule, {})
        for unit in units:
            result[(unit.pk, row.pk)] = _score(row, facts.get(unit.pk))
    return result


def _score(row: Criterion, fact: tuple[Decimal | None, str, str, dict] | None) -> Computed:
    if fact is None:
        return Computed(points=Decimal(0), inputs=_("Chưa có dữ liệu trong hệ thống."))
    value, inputs, link, counts = fact
    maximum = row.max_points
    if row.rule == Rule.PLAN_ISSUED:
        # Issued on time: full points; late: half; not issued: none (as provinces score 1 / 0,5 / 0).
        got = scoring.plan_issued_points(
            issued=counts["issued"], on_time=counts["on_time"], max_points=maximum, late_points=maximum / 2
        )
    elif row.rule == Rule.REPORTS:
        got = scoring.reports_points(
            late=counts["late"],
            missing=counts["missing"],
            max_points=maximum,
            per_late=PER_LATE,
            per_missing=PER_MISSING,
        )
    elif row.rule == Rule.FINDINGS:
        got = scoring.findings_points(
            found=counts["found"], fixed=counts["fixed"], fixing=counts["fixing"], max_points=maximum
        )
    else:
        bands = scoring.parse_bands(row.bands or DEFAULT_BANDS[Rule(row.rule)])
        got = bands.score(value, maximum)
    return Computed(points=scoring.round_points(got), inputs=inputs, link=link, links=tuple(counts.get("links", ())))


def _plan_issued(plan: Plan | None, day: datetime.date) -> dict:
    if plan is None:
        return {}
    overview = unit_plans_overview(plan, today=day)
    facts: dict[int, tuple[Decimal | None, str, str, dict]] = {}
    link = reverse("plans:unit_plans", args=[plan.pk])
    for row in overview.rows:
        issued_on = row.plan.issued_on if row.plan is not None and row.issued else None
        issued = issued_on is not None and issued_on <= day
        on_time = issued_on is not None and issued and (overview.due is None or issued_on <= overview.due)
        if issued:
            text = _("Kế hoạch của đơn vị ban hành ngày %(d)s; hạn %(due)s") % {
                "d": format_date(issued_on),
                "due": format_date(overview.due) or "–",
            }
        else:
            text = _("Đơn vị chưa ban hành kế hoạch; hạn %(due)s") % {"due": format_date(overview.due) or "–"}
        facts[row.unit.pk] = (None, text, link, {"issued": issued, "on_time": on_time})
    return facts


def _plan_completion(plan: Plan | None, day: datetime.date) -> dict:
    if plan is None:
        return {}
    by_unit = completion_by_unit(Task.objects.filter(plan=plan), as_of=day)
    link = reverse("reports:plan_dashboard", args=[plan.pk])
    return {
        unit_id: (
            c.rate,
            _("Hoàn thành %(done)s/%(total)s nhiệm vụ chủ trì (%(rate)s) đến ngày %(d)s")
            % {"done": vn_int(c.completed), "total": vn_int(c.total), "rate": percent(c.rate), "d": format_date(day)},
            link,
            {},
        )
        for unit_id, c in by_unit.items()
    }


def _reports(year: int, unit_ids: list[int], day: datetime.date) -> dict:
    """Each period of the year due before `day` asks two reports of a unit: its figures
    (figures.selectors.period_submission_status) and its written report (reports/narratives.py
    narrative_calendar). Each late one costs PER_LATE, each missing one PER_MISSING; the inputs
    name them and link to them. Three queries per period."""
    periods = list(ReportingPeriod.objects.filter(year=year, due_date__lt=day).order_by("due_date", "pk"))
    counts = {uid: {"late": 0, "missing": 0, "on_time": 0} for uid in unit_ids}
    problems: dict[int, dict[str, list[tuple[str, str]]]] = {uid: {"late": [], "missing": []} for uid in unit_ids}
    units = Unit.objects.filter(pk__in=unit_ids).order_by("pk")
    calendar = reverse("figures:calendar")

    def count(unit_id: int, status: str, label: str, url: str) -> None:
        if status == SubmissionStatus.ON_TIME:
            counts[unit_id]["on_time"] += 1
        elif status in (SubmissionStatus.LATE, SubmissionStatus.MISSING):
            key = "late" if status == SubmissionStatus.LATE else "missing"
            counts[unit_id][key] += 1
            problems[unit_id][key].append((label, url))

    for period in periods:
        figures_label = _("số liệu %(period)s") % {"period": period}
        for unit_id, status in period_submission_status(period, today=day, units=units).items():
            count(unit_id, status, figures_label, f"{calendar}?period={period.pk}")
        report_label = _("báo cáo %(period)s") % {"period": period}
        for row in narrative_calendar(period, day, units):
            url = reverse("reports:unit_narrative", args=[period.pk, row.unit.pk])
            count(row.unit.pk, row.status, report_label, url)
    facts = {}
    for uid, c in counts.items():
        text = _(
            "%(periods)s kỳ đến hạn, %(reports)s báo cáo (số liệu và báo cáo của đơn vị): "
            "%(on_time)s đúng hạn, %(late)s muộn, %(missing)s không gửi"
        ) % {"periods": len(periods), "reports": 2 * len(periods), **c}
        late, missing = problems[uid]["late"], problems[uid]["missing"]
        if late:
            text += "; " + _("muộn: %(reports)s") % {"reports": ", ".join(label for label, _url in late)}
        if missing:
            text += "; " + _("không gửi: %(reports)s") % {"reports": ", ".join(label for label, _url in missing)}
        facts[uid] = (None, text, calendar, {**c, "links": [*late, *missing]})
    return facts


def _coverage(year: int, unit_ids: list[int]) -> dict:
    facts: dict[int, tuple[Decimal | None, str, str, dict]] = {}
    for plan in InspectionPlan.objects.filter(year=year, agency_id__in=unit_ids).order_by("pk"):
        cover = coverage(plan)
        facts[plan.agency_id] = (
            cover.rate,
            _("Đã kiểm tra %(done)s/%(total)s đơn vị (%(rate)s)")
            % {"done": cover.inspected, "total": cover.subject, "rate": percent(cover.rate)},
            reverse("inspections:plan_detail", args=[plan.pk]),
            {},
        )
    return facts


def _findings(year: int, unit_ids: list[int]) -> dict:
    rows = (
        Recommendation.objects.filter(inspection__plan__year=year, responsible_unit_id__in=unit_ids)
        .order_by()
        .values("responsible_unit_id")
        .annotate(
            found=Count("pk"),
            fixed=Count("pk", filter=Q(status=RecommendationStatus.CLOSED)),
            fixing=Count("pk", filter=Q(status=RecommendationStatus.ANSWERED)),
        )
    )
    link = reverse("inspections:unit")
    facts = {}
    for uid in unit_ids:
        facts[uid] = (None, _("Không có tồn tại phải khắc phục."), link, {"found": 0, "fixed": 0, "fixing": 0})
    for r in rows:
        counts = {"found": r["found"], "fixed": r["fixed"], "fixing": r["fixing"]}
        facts[r["responsible_unit_id"]] = (
            None,
            _("%(found)s kiến nghị: %(fixed)s đã khắc phục, %(fixing)s đang khắc phục") % counts,
            link,
            counts,
        )
    return facts
