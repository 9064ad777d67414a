"""The Django admin carries the app's name and speaks Vietnamese unless the user chose English."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_the_admin_is_branded_and_vietnamese(cast):
    cast.secretariat.is_superuser = True
    cast.secretariat.save()
    client = cast.client(cast.secretariat)
    html = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en-US").content.decode()
    assert "Quản trị CCHC Tracker" in html and "Dữ liệu hệ thống" in html
    assert "Django administration" not in html and "Site administration" not in html
    client.post(reverse("set_language"), {"language": "en"})
    html = client.get(reverse("admin:index")).content.decode()
    assert "CCHC Tracker administration" in html


@pytest.mark.django_db
def test_third_party_apps_in_the_admin_read_vietnamese_then_english(cast):
    """django-axes, django-otp and the tasks backend ship no Vietnamese: cchc/admin_labels.py names them."""
    cast.secretariat.is_superuser = True
    cast.secretariat.save()
    client = cast.client(cast.secretariat)
    html = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en-US").content.decode()
    for words in ("Đăng nhập và khóa tài khoản", "Xác thực hai bước (TOTP)", "Tác vụ chạy nền", "Thiết bị TOTP"):
        assert words in html
    assert "Access attempts" not in html and "TOTP devices" not in html and "Task Results" not in html
    client.post(reverse("set_language"), {"language": "en"})
    html = client.get(reverse("admin:index")).content.decode()
    assert "Sign-in and account lockout" in html and "Background tasks" in html
