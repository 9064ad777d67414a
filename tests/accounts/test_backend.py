"""accounts/backends.py: the user of each request comes with its roles (issue 22)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.db import connection

from accounts.backends import RoleLoadingBackend
from accounts.roles import Role
from tests.factories import make_unit, make_user


@pytest.mark.django_db
def test_the_user_and_its_roles_in_one_query_on_postgresql(django_assert_num_queries):
    unit = make_unit()
    user = make_user("head", role=Role.UNIT_HEAD, unit=unit)
    user.groups.add(Group.objects.get_or_create(name=Role.UNIT_STAFF.value)[0])
    expected = 1 if connection.vendor == "postgresql" else 2
    with django_assert_num_queries(expected):
        loaded = RoleLoadingBackend().get_user(user.pk)
        assert loaded.role_names == {Role.UNIT_HEAD.value, Role.UNIT_STAFF.value}
        assert loaded.is_unit_head and loaded.is_unit_staff and loaded.is_unit_member
        assert not loaded.is_secretariat and not loaded.reads_everything


@pytest.mark.django_db
def test_no_role_inactive_and_unknown_users():
    assert RoleLoadingBackend().get_user(make_user("nobody").pk).role_names == frozenset()
    assert RoleLoadingBackend().get_user(make_user("gone", role=Role.LEADER, is_active=False).pk) is None
    assert RoleLoadingBackend().get_user(987654) is None


@pytest.mark.django_db
def test_a_request_sees_the_roles_of_the_moment(client):
    """Roles are read with the user on every request, never kept in the session: a role taken
    away applies on the next request."""
    leader = make_user("leader", role=Role.LEADER)
    client.force_login(leader)
    assert client.get("/reports/").status_code == 200
    leader.groups.clear()
    assert client.get("/reports/").status_code in (403, 404)
