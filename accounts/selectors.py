"""Reading users for the users page."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db.models import Prefetch, Q, QuerySet

from .models import User


def user_list(*, unit_id: int | None = None, role: str = "", active: bool | None = None, q: str = "") -> QuerySet:
    """Users with their unit and roles, filtered; `q` matches username, name and e-mail."""
    users = User.objects.select_related("unit").prefetch_related(
        Prefetch("groups", queryset=Group.objects.order_by("name"), to_attr="role_groups")
    )
    if unit_id is not None:
        users = users.filter(unit_id=unit_id)
    if role:
        users = users.filter(groups__name=role)
    if active is not None:
        users = users.filter(is_active=active)
    for word in q.split()[:5]:
        users = users.filter(
            Q(username__icontains=word)
            | Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(email__icontains=word)
        )
    return users.distinct().order_by("-is_active", "unit__order", "unit__name", "last_name", "first_name", "username")


def role_values(user: User) -> list[str]:
    return sorted(user.groups.values_list("name", flat=True))
