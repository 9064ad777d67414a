"""Wrong old passwords on the change-password form count as failed logins (django-axes)."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from audit.models import AuditAction, AuditEntry


def _client(user) -> Client:
    client = Client(REMOTE_ADDR="10.9.8.7")
    client.force_login(user)
    return client


def _change(client, old: str, new: str = "Mật-khẩu-mới-2026"):
    return client.post(
        reverse("accounts:password_change"), {"old_password": old, "new_password1": new, "new_password2": new}
    )


@pytest.mark.django_db
def test_wrong_old_passwords_lock_out_as_the_login_does(cast, password, settings):
    settings.AXES_FAILURE_LIMIT = 3
    client = _client(cast.staff_a)
    for _ in range(2):
        response = _change(client, "sai-mat-khau")
        assert response.status_code == 200
        assert response.context["form"].errors["old_password"] == ["Mật khẩu cũ không chính xác. Hãy nhập lại lần nữa"]
    locked = _change(client, "sai-mat-khau")
    assert locked.status_code == 429
    assert "tạm bị khóa" in locked.content.decode()
    # Locked now: even the right password is refused, here and on the login page.
    assert _change(client, password).status_code == 429
    assert User.objects.get(pk=cast.staff_a.pk).check_password(password)
    login = Client(REMOTE_ADDR="10.9.8.7").post(reverse("accounts:login"), {"username": "cb_a", "password": password})
    assert login.status_code == 429
    failed = AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED, username="cb_a")
    assert failed.count() == 5 and set(failed.values_list("ip_address", flat=True)) == {"10.9.8.7"}


@pytest.mark.django_db
def test_right_old_password_changes_it_and_is_audited(cast, password):
    client = _client(cast.staff_a)
    start = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first()
    response = _change(client, password)
    assert response.status_code == 302 and response["Location"] == reverse("accounts:password_change_done")
    assert User.objects.get(pk=cast.staff_a.pk).check_password("Mật-khẩu-mới-2026")
    assert client.get(reverse("tasks:mine")).status_code == 200  # the session survives the change
    actions = list(AuditEntry.objects.filter(id__gt=start).values_list("action", "target"))
    assert actions == [(AuditAction.PASSWORD_CHANGED, "cb_a")]
