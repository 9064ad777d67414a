"""Vietnamese unless the person chose English: an English-language browser gets the Vietnamese
interface; the choice made with the language switch is kept in the profile and follows the
person to another browser (cchc.middleware.AgencyLocaleMiddleware, accounts.views.set_language)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from accounts.models import User
from audit.models import AuditEntry

ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}


@pytest.mark.django_db
def test_an_english_browser_gets_vietnamese_on_first_visit():
    response = Client().get(reverse("accounts:login"), **ENGLISH_BROWSER)
    html = response.content.decode()
    assert '<html lang="vi">' in html and "Tên đăng nhập" in html
    assert response["Content-Language"] == "vi"


@pytest.mark.django_db
def test_a_signed_in_user_without_a_choice_gets_vietnamese_in_an_english_browser(cast):
    html = cast.client(cast.staff_a).get(reverse("tasks:mine"), **ENGLISH_BROWSER).content.decode()
    assert '<html lang="vi">' in html


@pytest.mark.django_db
def test_the_switch_keeps_english_in_the_profile_and_it_follows_the_user(cast):
    client = cast.client(cast.staff_a)
    audit_entries = AuditEntry.objects.exclude(action="login").count()
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("tasks:mine")})
    assert response.status_code == 302 and response.url == reverse("tasks:mine")
    cast.staff_a.refresh_from_db()
    assert cast.staff_a.language == "en"
    # Another browser, Vietnamese by its Accept-Language, no cookie: still English.
    other = cast.client(cast.staff_a)
    html = other.get(reverse("tasks:mine"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert '<html lang="en">' in html
    # Back to Vietnamese, kept too; a stale English cookie does not win over the profile.
    client.post(reverse("set_language"), {"language": "vi"})
    cast.staff_a.refresh_from_db()
    assert cast.staff_a.language == "vi"
    other.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert '<html lang="vi">' in other.get(reverse("tasks:mine")).content.decode()
    assert AuditEntry.objects.exclude(action="login").count() == audit_entries  # a preference, not an account change


@pytest.mark.django_db
def test_the_login_page_switch_sets_the_cookie_and_the_first_sign_in_keeps_it(cast, password):
    client = Client()
    client.post(reverse("set_language"), {"language": "en"}, **ENGLISH_BROWSER)
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert "Username" in client.get(reverse("accounts:login")).content.decode()
    client.force_login(cast.leader)
    assert '<html lang="en">' in client.get(reverse("reports:index")).content.decode()
    assert User.objects.get(pk=cast.leader.pk).language == ""  # no choice recorded while anonymous


@pytest.mark.django_db
def test_an_unknown_language_changes_nothing(cast):
    client = cast.client(cast.staff_a)
    client.post(reverse("set_language"), {"language": "fr"})
    cast.staff_a.refresh_from_db()
    assert cast.staff_a.language == ""
    assert '<html lang="vi">' in client.get(reverse("tasks:mine")).content.decode()
