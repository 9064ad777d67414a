"""Who may see and enter figures (same rules and style as accounts/access.py).

- The secretariat manages periods and indicators, reads every unit's figures and may enter
  them for any unit; leaders read the overview and every unit's figures, and change nothing.
- A unit's staff and head enter and read the figures of their own unit only.
- Anyone else sees nothing. What a user may not see answers 404; what they may see but not
  change answers 403.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeGuard

from django.core.exceptions import PermissionDenied
from django.http import Http404

from units.models import Unit

from .models import Indicator, ReportingPeriod

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User


def _active(user: User | AnonymousUser) -> TypeGuard[User]:
    return user.is_authenticated and user.is_active


def reads_all_figures(user: User | AnonymousUser) -> bool:
    return _active(user) and user.reads_everything


def can_manage_figures(user: User | AnonymousUser) -> bool:
    return _active(user) and user.is_secretariat


def can_enter_figures(user: User | AnonymousUser, unit: Unit) -> bool:
    if not _active(user):
        return False
    return user.is_secretariat or (user.is_unit_member and user.unit_id == unit.pk)


def has_figures_role(user: User | AnonymousUser) -> bool:
    return _active(user) and (user.reads_everything or user.is_unit_member)


def require_overview_reader(user: User | AnonymousUser) -> None:
    """The overview of all units is the secretariat's and the leaders' page."""
    if not reads_all_figures(user):
        raise Http404("The figures overview is for the secretariat and leaders")


def get_unit_for_user(user: User | AnonymousUser, pk: int, *, enter: bool = False) -> Unit:
    """A unit whose figures the user may read: any unit for readers of everything, their own
    unit for its members. `enter` needs the secretariat or the unit's own people."""
    unit = Unit.objects.filter(pk=pk).first()
    if unit is None or not (
        reads_all_figures(user) or (_active(user) and user.is_unit_member and user.unit_id == unit.pk)
    ):
        raise Http404("No such unit")
    if enter and not can_enter_figures(user, unit):
        raise PermissionDenied("Read-only access to this unit's figures")
    return unit


def get_period_for_user(user: User | AnonymousUser, pk: int, *, manage: bool = False) -> ReportingPeriod:
    """Periods are visible to everyone with a role; only the secretariat changes them."""
    period = ReportingPeriod.objects.filter(pk=pk).first() if has_figures_role(user) else None
    if period is None:
        raise Http404("No such reporting period")
    if manage and not can_manage_figures(user):
        raise PermissionDenied("Only the secretariat changes reporting periods")
    return period


def get_indicator_for_user(user: User | AnonymousUser, pk: int, *, manage: bool = False) -> Indicator:
    """Indicator definitions are read with the overview; only the secretariat changes them."""
    indicator = Indicator.objects.filter(pk=pk).first() if reads_all_figures(user) else None
    if indicator is None:
        raise Http404("No such indicator")
    if manage and not can_manage_figures(user):
        raise PermissionDenied("Only the secretariat defines indicators")
    return indicator
