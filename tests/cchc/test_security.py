"""Security headers, deploy checks, login throttling, idle sessions, client address."""

import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from cchc.net import client_ip

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_content_security_policy_forbids_inline_code_and_framing(cast):
    response = cast.client(cast.staff_a).get(reverse("plans:list"))
    policy = response["Content-Security-Policy"]
    for directive in ["default-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"]:
        assert directive in policy
    assert "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_templates_have_no_inline_scripts_or_styles():
    offenders = []
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for needle in (" style=", "<style", " onclick=", " onchange=", " onsubmit=", "javascript:"):
            if needle in text:
                offenders.append(f"{path.relative_to(ROOT)}: {needle.strip()}")
        for line in text.splitlines():
            if "<script" in line and "src=" not in line and 'type="application/json"' not in line:
                offenders.append(f"{path.relative_to(ROOT)}: inline <script>")
    assert offenders == []


def test_check_deploy_is_clean_with_production_settings():
    # DJANGO_ALLOW_ASYNC_UNSAFE is set by the browser tests' Playwright fixture in this process.
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="cchc.example.gov.vn")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_login_is_locked_after_repeated_failures_and_the_secretariat_can_unlock(cast, password, settings):
    settings.AXES_FAILURE_LIMIT = 3
    client = Client(REMOTE_ADDR="10.1.2.3")
    for _ in range(3):
        client.post(reverse("accounts:login"), {"username": "cb_a", "password": "sai-mat-khau"})
    response = client.post(reverse("accounts:login"), {"username": "cb_a", "password": password})
    assert response.status_code == 429
    assert "tạm bị khóa" in response.content.decode()
    # Another user from the same address is not locked: the lock is per user and address.
    assert (
        Client(REMOTE_ADDR="10.1.2.3")
        .post(reverse("accounts:login"), {"username": "cb_b", "password": password})
        .status_code
        == 302
    )

    from axes.models import AccessAttempt

    attempt = AccessAttempt.objects.get(username="cb_a")
    admin = cast.client(cast.secretariat)
    changelist = admin.get(reverse("admin:axes_accessattempt_changelist"))
    assert changelist.status_code == 200 and "cb_a" in changelist.content.decode()
    response = admin.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert client.post(reverse("accounts:login"), {"username": "cb_a", "password": password}).status_code == 302


def test_client_address_behind_a_proxy(settings):
    factory = RequestFactory()
    request = factory.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9, 10.0.0.2")
    settings.PROXY_COUNT = 0
    assert client_ip(request) == "127.0.0.1"  # the header is not trusted without a proxy
    settings.PROXY_COUNT = 1
    assert client_ip(request) == "10.0.0.2"
    settings.PROXY_COUNT = 2
    assert client_ip(request) == "203.0.113.9"


@pytest.mark.django_db
def test_idle_session_is_logged_out(cast, settings):
    settings.SESSION_IDLE_TIMEOUT = 60
    client = cast.client(cast.staff_a)
    assert client.get(reverse("plans:list")).status_code == 200
    session = client.session
    session["last_activity"] = int(time.time()) - 61
    session.save()
    response = client.get(reverse("plans:list"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_healthz_reports_database_and_migrations():
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "migrations": "ok"}


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_is_down(monkeypatch):
    from django.db import DatabaseError

    from cchc import views

    class BrokenCursor:
        def __enter__(self):
            raise DatabaseError("connection refused")

        def __exit__(self, *args):
            return False

    monkeypatch.setattr(views.connection, "cursor", lambda: BrokenCursor())
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"
