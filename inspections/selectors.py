"""Reads for inspections: coverage figures, recommendation counts, the pages' lists.

Coverage ("kiểm tra trực tiếp tại 6 đơn vị (chiếm 30%)") = units whose inspection is done ÷ units
subject to inspection under the plan, overall and by team; inspections still only scheduled are
counted separately (planned), never in the rate. Rates come from reports.completion.rate_percent
(two decimals, half up): 6/20 → Decimal("30.00").
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from cchc.formatting import rate_percent

from .models import (
    Inspection,
    InspectionPlan,
    InspectionStatus,
    InspectionTeam,
    Recommendation,
    RecommendationQuerySet,
    RecommendationResponse,
    RecommendationStatus,
    recommendation_overdue,
)

DONE = Q(status=InspectionStatus.DONE)
PLANNED = Q(status=InspectionStatus.PLANNED)


@dataclass(frozen=True)
class TeamCoverage:
    team: InspectionTeam
    inspected: int
    planned: int
    subject: int

    @property
    def rate(self) -> Decimal | None:
        return rate_percent(self.inspected, self.subject)


@dataclass(frozen=True)
class Coverage:
    subject: int
    inspected: int
    planned: int
    teams: list[TeamCoverage] = field(default_factory=list)

    @property
    def rate(self) -> Decimal | None:
        return rate_percent(self.inspected, self.subject)

    @property
    def not_scheduled(self) -> int:
        return max(0, self.subject - self.inspected - self.planned)


def coverage(plan: InspectionPlan) -> Coverage:
    """Overall and by team, in two queries."""
    subject = plan.subject_units.count()
    teams = (
        InspectionTeam.objects.filter(plan=plan)
        .select_related("leader")
        .annotate(
            inspected=Count("inspections", filter=Q(inspections__status=InspectionStatus.DONE)),
            planned=Count("inspections", filter=Q(inspections__status=InspectionStatus.PLANNED)),
        )
        .order_by("name")
    )
    by_team = [TeamCoverage(team=t, inspected=t.inspected, planned=t.planned, subject=subject) for t in teams]
    return Coverage(
        subject=subject,
        inspected=sum(t.inspected for t in by_team),
        planned=sum(t.planned for t in by_team),
        teams=by_team,
    )


def plans_with_coverage(plans: QuerySet[InspectionPlan]) -> list[InspectionPlan]:
    """Each plan with `.coverage` (without the by-team split), in one query."""
    rows = (
        plans.select_related("agency")
        .annotate(
            subject_count=Count("subject_units", distinct=True),
            inspected_count=Count("inspections", filter=Q(inspections__status=InspectionStatus.DONE), distinct=True),
            planned_count=Count("inspections", filter=Q(inspections__status=InspectionStatus.PLANNED), distinct=True),
            team_count=Count("teams", distinct=True),
        )
        .order_by("-year", "agency__name")
    )
    result: list[InspectionPlan] = []
    for plan in rows:
        # A page attribute, not a field of the model.
        plan.coverage = Coverage(  # type: ignore[attr-defined]
            subject=plan.subject_count, inspected=plan.inspected_count, planned=plan.planned_count
        )
        result.append(plan)
    return result


def plan_schedule(plan: InspectionPlan) -> QuerySet[Inspection]:
    """The plan's inspections with what their rows show, without per-row queries."""
    return (
        plan.inspections.select_related("team", "unit")
        .prefetch_related("areas")
        .annotate(**_recommendation_counts(prefix="recommendations__"))
        .order_by("scheduled_start", "unit__name")
    )


def _recommendation_counts(*, prefix: str, as_of: datetime.date | None = None) -> dict[str, Count]:
    status = f"{prefix}status"
    counts = {
        "rec_total": Count(f"{prefix}id", distinct=True),
        "rec_open": Count(f"{prefix}id", filter=Q(**{status: RecommendationStatus.OPEN}), distinct=True),
        "rec_answered": Count(f"{prefix}id", filter=Q(**{status: RecommendationStatus.ANSWERED}), distinct=True),
        "rec_closed": Count(f"{prefix}id", filter=Q(**{status: RecommendationStatus.CLOSED}), distinct=True),
    }
    if as_of is not None:
        overdue = recommendation_overdue(as_of, prefix=prefix)
        counts["rec_overdue"] = Count(f"{prefix}id", filter=overdue, distinct=True)
    return counts


def inspection_record(inspection: Inspection) -> dict[str, list[Any]]:
    """What the inspection page shows: areas, shortcomings by area, recommendations with their responses."""
    return {
        "areas": list(inspection.areas.all()),
        "shortcomings": list(inspection.shortcomings.select_related("area")),
        "recommendations": list(
            inspection.recommendations.select_related("area", "responsible_unit", "task", "task__plan")
            .annotate(response_count=Count("responses"))
            .order_by("deadline", "id")
        ),
        "team_members": list(inspection.team.members.all()),
        "events": list(inspection.events.select_related("actor").order_by("created_at", "id")),
    }


def inspections_in_period(
    *, start: datetime.date, end: datetime.date, as_of: datetime.date, inspections: QuerySet[Inspection] | None = None
) -> QuerySet[Inspection]:
    """Inspections carried out in [start, end] (their actual dates overlap the period), each
    with its recommendation counts by status and overdue at `as_of` — the Kiểm tra sheet of the export."""
    base = Inspection.objects.all() if inspections is None else inspections
    return (
        base.filter(status=InspectionStatus.DONE, actual_start__lte=end, actual_end__gte=start)
        .select_related("plan", "plan__agency", "team", "unit")
        .prefetch_related("areas")
        .annotate(**_recommendation_counts(prefix="recommendations__", as_of=as_of))
        .order_by("actual_start", "unit__name")
    )


@dataclass(frozen=True)
class RecommendationCounts:
    key: int
    name: str
    total: int
    not_closed: int
    answered: int
    overdue: int
    closed: int


def _counts_by(
    recommendations: QuerySet[Recommendation], *, key: str, name: str, as_of: datetime.date, order: str
) -> list[RecommendationCounts]:
    rows = (
        recommendations.order_by()
        .values(key, name)
        .annotate(
            total=Count("pk"),
            not_closed=Count("pk", filter=~Q(status=RecommendationStatus.CLOSED)),
            answered=Count("pk", filter=Q(status=RecommendationStatus.ANSWERED)),
            overdue=Count("pk", filter=recommendation_overdue(as_of)),
            closed=Count("pk", filter=Q(status=RecommendationStatus.CLOSED)),
        )
        .order_by(order, name)
    )
    return [
        RecommendationCounts(
            key=r[key],
            name=r[name],
            total=r["total"],
            not_closed=r["not_closed"],
            answered=r["answered"],
            overdue=r["overdue"],
            closed=r["closed"],
        )
        for r in rows
    ]


def recommendations_by_unit(
    recommendations: QuerySet[Recommendation], *, as_of: datetime.date
) -> list[RecommendationCounts]:
    """Per responsible unit: total, not closed (of which answered, overdue), closed — one grouped query."""
    return _counts_by(
        recommendations,
        key="responsible_unit_id",
        name="responsible_unit__name",
        as_of=as_of,
        order="responsible_unit__order",
    )


def recommendations_by_area(
    recommendations: QuerySet[Recommendation], *, as_of: datetime.date
) -> list[RecommendationCounts]:
    return _counts_by(recommendations, key="area_id", name="area__name", as_of=as_of, order="area__order")


def overdue_recommendations(
    recommendations: RecommendationQuerySet[Recommendation], *, as_of: datetime.date
) -> RecommendationQuerySet[Recommendation]:
    """Not closed and past deadline — for dashboards and notifications."""
    return (
        recommendations.overdue(as_of)
        .select_related("inspection", "inspection__unit", "area", "responsible_unit")
        .order_by("deadline", "id")
    )


def follow_up_queue(recommendations: QuerySet[Recommendation]) -> QuerySet[Recommendation]:
    """Recommendations the units reported on, waiting for the secretariat; latest response first."""
    return (
        recommendations.filter(status=RecommendationStatus.ANSWERED)
        .select_related("inspection", "inspection__unit", "area", "responsible_unit")
        .prefetch_related(
            Prefetch(
                "responses",
                queryset=RecommendationResponse.objects.select_related("author").order_by("-created_at", "-id"),
            )
        )
        .order_by("updated_at", "id")
    )


def unit_inspections(inspections: QuerySet[Inspection]) -> QuerySet[Inspection]:
    return (
        inspections.select_related("plan", "team")
        .prefetch_related("areas")
        .annotate(**_recommendation_counts(prefix="recommendations__"))
        .order_by("-plan__year", "scheduled_start")
    )


def unit_open_recommendations(
    recommendations: RecommendationQuerySet[Recommendation],
) -> RecommendationQuerySet[Recommendation]:
    return (
        recommendations.not_closed()
        .select_related("inspection", "inspection__unit", "area", "responsible_unit")
        .order_by("deadline", "id")
    )
