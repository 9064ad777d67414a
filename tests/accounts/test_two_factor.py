"""Optional TOTP two-factor authentication (django-otp), enforced by OTP_REQUIRED_FOR_SECRETARIAT."""

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditAction, AuditEntry


def code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def logged_in(user, password) -> Client:
    client = Client()
    assert client.post(reverse("accounts:login"), {"username": user.username, "password": password}).status_code == 302
    return client


@pytest.mark.django_db
def test_off_by_default_nobody_is_asked(cast, password):
    client = logged_in(cast.secretariat, password)
    assert client.get(reverse("plans:list")).status_code == 200


@pytest.mark.django_db
def test_required_setting_makes_the_secretariat_enrol(cast, password, settings):
    settings.OTP_REQUIRED_FOR_SECRETARIAT = True
    assert logged_in(cast.leader, password).get(reverse("plans:list")).status_code == 200  # not an admin account
    client = logged_in(cast.secretariat, password)
    response = client.get(reverse("plans:list"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:otp_setup") + "?next=%2Fplans%2F"
    page = client.get(response["Location"])
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=cast.secretariat, confirmed=False)
    html = page.content.decode()
    assert page.context["secret"] in html and "data:image/svg+xml" in html
    assert page.context["uri"].startswith("otpauth://totp/CCHC%20Tracker%3Att?secret=")
    wrong = client.post(reverse("accounts:otp_setup"), {"token": "000000" if code(device) != "000000" else "111111"})
    assert wrong.context["form"].errors["token"][0].startswith("Mã không đúng.")
    device.throttle_reset()
    done = client.post(reverse("accounts:otp_setup"), {"token": code(device), "next": "/plans/"})
    assert done.status_code == 302 and done["Location"] == "/plans/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("plans:list")).status_code == 200
    assert AuditEntry.objects.filter(action=AuditAction.OTP_ENROLLED, actor=cast.secretariat).count() == 1
    assert "đã bật xác thực hai bước" in client.get(reverse("accounts:otp_setup")).content.decode()


@pytest.mark.django_db
def test_an_enrolled_account_enters_a_code_after_login(cast, password, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device = TOTPDevice.objects.create(user=cast.secretariat, name="phone", confirmed=True)
    client = logged_in(cast.secretariat, password)
    response = client.get(reverse("audit:log"))
    assert response["Location"] == reverse("accounts:otp_verify") + "?next=%2Faudit%2F"
    assert client.post(reverse("tasks:queue")).status_code == 302  # posts are stopped too
    wrong = client.post(reverse("accounts:otp_verify"), {"token": "12345x"})
    assert wrong.context["form"].errors["token"] == ["Mã chỉ gồm chữ số."]
    wrong = client.post(reverse("accounts:otp_verify"), {"token": "000000" if code(device) != "000000" else "111111"})
    assert wrong.status_code == 200 and wrong.context["form"].errors["token"][0].startswith("Mã không đúng.")
    assert AuditEntry.objects.filter(
        action=AuditAction.LOGIN_FAILED, actor=cast.secretariat, detail="mã xác thực hai bước sai"
    ).exists()
    outside = client.post(reverse("accounts:otp_verify"), {"token": code(device), "next": "https://evil.example/"})
    assert outside["Location"] == reverse("home")
    assert client.get(reverse("audit:log")).status_code == 200
    # A new login asks again.
    again = logged_in(cast.secretariat, password)
    assert again.get(reverse("audit:log")).status_code == 302
    assert again.post(reverse("accounts:logout")).status_code == 302


@pytest.mark.django_db
def test_only_secretariat_and_admin_accounts_enrol(cast):
    for who in ("leader", "staff_a", "head_a", "outsider"):
        assert cast.client(getattr(cast, who)).get(reverse("accounts:otp_setup")).status_code == 403
    assert cast.client(cast.staff_a).get(reverse("accounts:otp_verify")).status_code == 302
    assert not TOTPDevice.objects.exists()
