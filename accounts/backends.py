"""The authentication backend: Django's ModelBackend, loading the user's roles with the user."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.db import connection
from django.db.models import OuterRef

from .models import User


class RoleLoadingBackend(ModelBackend):
    """`get_user` runs on every request (AuthenticationMiddleware) and every page then asks
    the user's roles (User.role_names): on PostgreSQL both come from one query, the role
    names as an array subquery, instead of a second query per request (issue 22: the task
    update's cost per request). Elsewhere (SQLite) role_names reads them when first asked."""

    def get_user(self, user_id: Any) -> User | None:
        if connection.vendor != "postgresql":
            return super().get_user(user_id)  # type: ignore[return-value]
        from django.contrib.postgres.expressions import ArraySubquery

        names = Group.objects.filter(user=OuterRef("pk")).values("name")
        user = User._default_manager.annotate(role_array=ArraySubquery(names)).filter(pk=user_id).first()
        if user is None or not self.user_can_authenticate(user):
            return None
        user.__dict__["role_names"] = frozenset(user.role_array)  # User.role_names is a cached_property
        return user
