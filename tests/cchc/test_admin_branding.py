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
