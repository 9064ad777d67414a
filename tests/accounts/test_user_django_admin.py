"""Users in the Django admin: superusers only, never deleted, deactivated instead."""

import pytest
from django.urls import reverse

from accounts.models import User
from audit.models import AuditAction, AuditEntry
from tests.factories import make_user


@pytest.fixture
def root(db):
    return make_user("root", is_superuser=True, is_staff=True)


@pytest.mark.django_db
def test_superuser_lists_filters_and_searches_users(cast, root):
    client = cast.client(root)
    url = reverse("admin:accounts_user_changelist")
    response = client.get(url)
    assert response.status_code == 200
    assert {u.username for u in response.context["cl"].result_list} == {
        "tt",
        "ld",
        "cb_a",
        "head_a",
        "cb_b",
        "nobody",
        "root",
    }
    by_unit = client.get(url, {"unit__id__exact": cast.unit_a.pk}).context["cl"].result_list
    assert sorted(u.username for u in by_unit) == ["cb_a", "head_a"]
    by_role = client.get(url, {"groups__id__exact": cast.leader.groups.get().pk}).context["cl"].result_list
    assert [u.username for u in by_role] == ["ld"]
    found = client.get(url, {"q": "SB"}).context["cl"].result_list  # by unit code
    assert [u.username for u in found] == ["cb_b"]
    assert "delete_selected" not in response.context["cl"].model_admin.get_actions(response.wsgi_request)


@pytest.mark.django_db
def test_secretariat_staff_does_not_get_the_user_admin(cast):
    """The secretariat group holds accounts.user permissions, but a form that can tick
    "superuser" is not for it."""
    client = cast.client(cast.secretariat)
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 403
    assert client.get(reverse("admin:accounts_user_change", args=[cast.secretariat.pk])).status_code == 403
    assert client.post(reverse("admin:accounts_user_add"), {"username": "x"}).status_code == 403
    assert "accounts/user/" not in client.get(reverse("admin:index")).content.decode()


@pytest.mark.django_db
def test_users_are_deactivated_not_deleted(cast, root):
    client = cast.client(root)
    assert client.get(reverse("admin:accounts_user_delete", args=[cast.staff_a.pk])).status_code == 403
    start = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first()
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "deactivate", "_selected_action": [cast.staff_a.pk, root.pk]},
    )
    assert response.status_code == 302
    assert not User.objects.get(pk=cast.staff_a.pk).is_active
    assert User.objects.get(pk=root.pk).is_active  # not oneself
    entries = list(AuditEntry.objects.filter(id__gt=start).values_list("action", "actor", "target"))
    assert entries == [(AuditAction.USER_DEACTIVATED, root.pk, "cb_a")]


@pytest.mark.django_db
def test_superuser_changes_unit_and_roles_in_the_admin(cast, root):
    client = cast.client(root)
    url = reverse("admin:accounts_user_change", args=[cast.staff_a.pk])
    form = client.get(url).context["adminform"].form
    assert {"unit", "groups", "is_active"} <= set(form.fields)
    data = {
        "username": "cb_a",
        "last_name": "Nguyễn",
        "first_name": "An",
        "email": "an@example.vn",
        "unit": cast.unit_b.pk,
        "groups": [cast.head_a.groups.get().pk],
        "is_active": "on",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "01/01/2026",
        "date_joined_1": "08:00:00",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(pk=cast.staff_a.pk)
    assert (user.unit, user.is_unit_head, user.get_full_name()) == (cast.unit_b, True, "Nguyễn An")
    assert AuditEntry.objects.filter(action=AuditAction.ROLES_CHANGED, target="cb_a", actor=root).exists()
