"""Who may see and change inspections (same rules and style as accounts/access.py).

- The secretariat manages everything; leaders read everything.
- A unit's staff and head see the inspections of their unit and the recommendations for which
  their unit is responsible, and report on those recommendations.
- Anyone else sees nothing. Objects a user may not see answer 404; objects they may see but not
  change answer 403.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from .models import Inspection, InspectionPlan, Recommendation, RecommendationQuerySet, RecommendationResponse

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User


def can_manage_inspections(user: User | AnonymousUser) -> bool:
    return user.is_authenticated and user.is_secretariat


def reads_all_inspections(user: User | AnonymousUser) -> bool:
    return user.is_authenticated and user.reads_everything


def visible_inspection_plans(user: User | AnonymousUser) -> QuerySet[InspectionPlan]:
    """Inspection plans, with their schedule and coverage, are the steering committee's pages."""
    if reads_all_inspections(user):
        return InspectionPlan.objects.all()
    return InspectionPlan.objects.none()


def visible_inspections(user: User | AnonymousUser) -> QuerySet[Inspection]:
    if not user.is_authenticated or not user.is_active:
        return Inspection.objects.none()
    if user.reads_everything:
        return Inspection.objects.all()
    if user.is_unit_member and user.unit_id is not None:
        return Inspection.objects.filter(unit_id=user.unit_id)
    return Inspection.objects.none()


def visible_recommendations(user: User | AnonymousUser) -> RecommendationQuerySet[Recommendation]:
    if not user.is_authenticated or not user.is_active:
        return Recommendation.objects.none()
    if user.reads_everything:
        return Recommendation.objects.all()
    if user.is_unit_member:
        return Recommendation.objects.filter(Q(responsible_unit_id=user.unit_id) | Q(inspection__unit_id=user.unit_id))
    return Recommendation.objects.none()


def can_respond(user: User | AnonymousUser, recommendation: Recommendation) -> bool:
    """Only the responsible unit's people report on a recommendation."""
    return user.is_authenticated and user.is_unit_member and recommendation.responsible_unit_id == user.unit_id


def get_inspection_plan_for_user(user: User | AnonymousUser, pk: int, *, manage: bool = False) -> InspectionPlan:
    plan = visible_inspection_plans(user).select_related("agency").filter(pk=pk).first()
    if plan is None:
        raise Http404("No such inspection plan")
    if manage and not can_manage_inspections(user):
        raise PermissionDenied("Only the secretariat manages inspections")
    return plan


def get_inspection_for_user(user: User | AnonymousUser, pk: int, *, manage: bool = False) -> Inspection:
    inspection = (
        visible_inspections(user)
        .select_related("plan", "plan__agency", "team", "team__leader", "unit")
        .prefetch_related("areas")
        .filter(pk=pk)
        .first()
    )
    if inspection is None:
        raise Http404("No such inspection")
    if manage and not can_manage_inspections(user):
        raise PermissionDenied("Only the secretariat manages inspections")
    return inspection


def get_recommendation_for_user(
    user: User | AnonymousUser, pk: int, *, manage: bool = False, respond: bool = False
) -> Recommendation:
    recommendation = (
        visible_recommendations(user)
        .select_related("inspection", "inspection__plan", "inspection__unit", "area", "responsible_unit", "task")
        .filter(pk=pk)
        .first()
    )
    if recommendation is None:
        raise Http404("No such recommendation")
    if manage and not can_manage_inspections(user):
        raise PermissionDenied("Only the secretariat decides on recommendations")
    if respond and not can_respond(user, recommendation):
        raise PermissionDenied("Only the responsible unit reports on a recommendation")
    return recommendation


def get_response_for_user(user: User | AnonymousUser, pk: int) -> RecommendationResponse:
    """A response (and its evidence file) is visible with its recommendation."""
    response = (
        RecommendationResponse.objects.filter(recommendation__in=visible_recommendations(user), pk=pk)
        .select_related("recommendation")
        .first()
    )
    if response is None:
        raise Http404("No such response")
    return response
