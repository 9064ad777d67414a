"""Who may manage user accounts in the app: the secretariat. Superusers are managed in the
Django admin only, so that a secretariat account can never take one over (a password link for
a superuser would hand over the whole system)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from .models import User


def can_manage_users(user) -> bool:
    return bool(user.is_authenticated and user.is_secretariat)


def require_user_manager(user) -> None:
    if not can_manage_users(user):
        raise PermissionDenied("Only the secretariat manages users")


def can_manage_account(actor, target: User) -> bool:
    return can_manage_users(actor) and (actor.is_superuser or not target.is_superuser)


def get_managed_user(actor, pk: int) -> User:
    """The account `actor` may change: 403 for anyone but the secretariat, 404 for no such
    user, 403 for a superuser unless the actor is one."""
    require_user_manager(actor)
    target = get_object_or_404(User.objects.select_related("unit"), pk=pk)
    if not can_manage_account(actor, target):
        raise PermissionDenied("Superusers are managed in the admin")
    return target
