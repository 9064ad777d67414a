import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditAction, AuditEntry
from tests.factories import make_plan


@pytest.mark.django_db
def test_logins_and_failed_logins_are_recorded_with_the_address(cast, password):
    client = Client(REMOTE_ADDR="192.0.2.10")
    client.post(reverse("accounts:login"), {"username": "cb_a", "password": "sai"})
    client.post(reverse("accounts:login"), {"username": "cb_a", "password": password})
    failed = AuditEntry.objects.get(action=AuditAction.LOGIN_FAILED)
    assert (failed.username, failed.ip_address, failed.actor) == ("cb_a", "192.0.2.10", None)
    login = AuditEntry.objects.get(action=AuditAction.LOGIN)
    assert (login.actor, login.ip_address) == (cast.staff_a, "192.0.2.10")


@pytest.mark.django_db
def test_role_and_plan_changes_are_recorded(cast):
    from django.contrib.auth.models import Group

    cast.outsider.groups.add(Group.objects.get(name="leader"))
    entry = AuditEntry.objects.filter(action=AuditAction.ROLES_CHANGED).latest("id")
    assert entry.target == "nobody" and "leader" in entry.detail
    plan = make_plan(number="7/KH-UBND")
    assert AuditEntry.objects.filter(action=AuditAction.PLAN_CREATED, target=str(plan)).exists()


@pytest.mark.django_db
def test_only_the_secretariat_reads_the_audit_log(cast, password):
    Client(REMOTE_ADDR="192.0.2.10").post(reverse("accounts:login"), {"username": "cb_b", "password": "sai"})
    response = cast.client(cast.secretariat).get(reverse("audit:log"), {"action": "login_failed"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "cb_b" in html and "192.0.2.10" in html
    assert cast.client(cast.leader).get(reverse("audit:log")).status_code == 403
    assert cast.client(cast.staff_a).get(reverse("audit:log")).status_code == 403
    assert Client().get(reverse("audit:log")).status_code == 302
