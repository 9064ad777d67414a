"""Who sees and changes the PAR INDEX (docs/DOMAIN.md, "PAR INDEX"), in the style of
figures/access.py:

- the secretariat (Sở Nội vụ, the appraiser) manages sets, appraises and publishes; leaders
  read everything and change nothing;
- a unit's staff and head read the criteria of the sets they are assessed under and their own
  unit's sheet; other units' sheets and the ranking only once the results are published;
- anyone else sees nothing. What a user may not see answers 404, what they may see but not
  change 403.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeGuard

from django.core.exceptions import PermissionDenied
from django.http import Http404

from units.models import Unit

from .models import CriteriaSet

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User


def _active(user: User | AnonymousUser) -> TypeGuard[User]:
    return user.is_authenticated and user.is_active


def reads_all(user: User | AnonymousUser) -> bool:
    return _active(user) and user.reads_everything


def can_manage(user: User | AnonymousUser) -> bool:
    return _active(user) and user.is_secretariat


def get_set_for_user(user: User | AnonymousUser, pk: int, *, manage: bool = False) -> CriteriaSet:
    """A set its reader may see: everyone with a role; 403 to change it unless secretariat."""
    if not _active(user) or not (user.reads_everything or user.is_unit_member):
        raise Http404("No criteria set for this user")
    try:
        criteria_set = CriteriaSet.objects.select_related("agency").get(pk=pk)
    except CriteriaSet.DoesNotExist:
        raise Http404("No such criteria set") from None
    if manage and not user.is_secretariat:
        raise PermissionDenied("Only the secretariat manages criteria sets")
    return criteria_set


def require_results_reader(user: User | AnonymousUser, criteria_set: CriteriaSet) -> None:
    """The ranking of every unit: appraisers and leaders always, units once published."""
    if reads_all(user) or criteria_set.is_published:
        return
    raise Http404("Results not published")


def get_sheet_unit_for_user(user: User | AnonymousUser, criteria_set: CriteriaSet, unit_pk: int) -> Unit:
    """A unit's sheet: its own people always, others once the results are published."""
    try:
        unit = Unit.objects.get(pk=unit_pk)
    except Unit.DoesNotExist:
        raise Http404("No such unit") from None
    if reads_all(user) or criteria_set.is_published:
        return unit
    if _active(user) and user.is_unit_member and user.unit_id == unit.pk:
        return unit
    raise Http404("Not this user's sheet")
