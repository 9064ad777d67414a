"""Several app processes behind one load balancer: two gunicorn servers on loopback, production
settings, one PostgreSQL test database and one shared upload folder. Whatever one process does,
the other sees at once — sign-in and sign-out, uploaded evidence, the figures, a background
export finished by the worker, and (with Redis) the sessions' shared cache — so no state that
matters lives in a process.

The servers read committed rows only, hence a transactional test. Skipped where gunicorn is not
installed, and on SQLite, whose in-memory test database other processes cannot open.
"""

from __future__ import annotations

import datetime
import http.cookiejar
import io
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.sessions.models import Session
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import User
from reports.models import ExportJob, ExportJobStatus
from tasks.models import TaskStatus
from tasks.workflow_models import CompletionReport, Evidence
from tests.factories import TEST_PASSWORD, make_plan, make_task

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
REDIS = ("127.0.0.1", 6379)
REDIS_URL = "redis://127.0.0.1:6379/14"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + uuid.uuid4().hex.encode()

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _redis_up() -> bool:
    try:
        socket.create_connection(REDIS, timeout=1).close()
    except OSError:
        return False
    return True


def _database_url(settings_dict: dict) -> str:
    user = urllib.parse.quote(settings_dict["USER"] or "")
    password = urllib.parse.quote(settings_dict["PASSWORD"] or "")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict["HOST"] or "127.0.0.1"
    return f"postgres://{credentials}{host}:{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}"


# ---------------------------------------------------------------- a browser without a browser


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # let the test see each 302


@dataclass
class Reply:
    status: int
    headers: dict
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


class Browser:
    """One person's browser: one cookie jar, whichever server the request goes to (as behind a
    load balancer; cookies do not depend on the port)."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirects)

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.jar if c.name == name), None)

    def request(self, server: str, path: str, *, fields: dict | None = None, files: dict | None = None) -> Reply:
        data, headers = None, {}
        if fields is not None or files is not None:
            fields = {"csrfmiddlewaretoken": self.cookie("csrftoken") or "", **(fields or {})}
            data, headers["Content-Type"] = _multipart(fields, files or {})
        request = urllib.request.Request(server + path, data=data, headers=headers)  # noqa: S310 (loopback)
        try:
            with self.opener.open(request, timeout=30) as response:
                return Reply(response.status, dict(response.headers), response.read())
        except urllib.error.HTTPError as error:  # 3xx (not followed), 4xx, 5xx
            return Reply(error.code, dict(error.headers), error.read())

    def log_in(self, server: str, username: str) -> None:
        self.request(server, reverse("accounts:login"))  # the CSRF cookie
        reply = self.request(
            server, reverse("accounts:login"), fields={"username": username, "password": TEST_PASSWORD}
        )
        assert reply.status == 302, reply.text[:2000]


def _multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, content, content_type) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


# ---------------------------------------------------------------- two servers


@dataclass
class Servers:
    a: str
    b: str
    env: dict
    media_root: Path
    redis_url: str | None
    logs: Path

    def log_tail(self) -> str:
        return "\n".join(p.read_text(errors="replace")[-3000:] for p in sorted(self.logs.glob("*.log")))

    def run_worker(self) -> None:
        """What the db_worker service does, once: run every queued job, then exit."""
        command = [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--interval", "0"]
        result = subprocess.run(command, cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=60)  # noqa: S603
        assert result.returncode == 0, result.stderr[-3000:]


def _wait_healthy(url: str, process: subprocess.Popen, deadline: float) -> None:
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not become healthy")


@pytest.fixture(scope="module")
def servers(django_db_setup, django_db_blocker, tmp_path_factory):
    if not GUNICORN.exists() and shutil.which("gunicorn") is None:
        pytest.skip("gunicorn is not installed")
    with django_db_blocker.unblock():
        if connection.vendor != "postgresql":
            pytest.skip("needs PostgreSQL: other processes cannot open SQLite's in-memory test database")
        database_url = _database_url(connection.settings_dict)
    root = tmp_path_factory.mktemp("scale-out")
    media_root, static_root, logs = root / "media", root / "static", root / "logs"
    logs.mkdir()
    redis_url = REDIS_URL if _redis_up() else None
    keep = {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "VIRTUAL_ENV", "PYTHONPATH"}
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update(
        DJANGO_SETTINGS_MODULE="cchc.settings",
        DEBUG="0",
        SECRET_KEY=uuid.uuid4().hex * 2,
        ALLOWED_HOSTS="127.0.0.1",
        # Plain HTTP on loopback for this test only; production keeps HTTPS and secure cookies.
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        DATABASE_URL=database_url,
        CONN_MAX_AGE="0",  # no idle connection left behind for the test database's teardown
        MEDIA_ROOT=str(media_root),
        STATIC_ROOT=str(static_root),
        TASKS_BACKEND="database",
        LOG_LEVEL="WARNING",
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    collect = [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"]
    subprocess.run(collect, cwd=ROOT, env=env, check=True, capture_output=True, timeout=120)  # noqa: S603
    gunicorn = str(GUNICORN) if GUNICORN.exists() else shutil.which("gunicorn")
    processes, urls, log_files = [], [], []
    try:
        for name in ("a", "b"):
            port = _free_port()
            log_files.append((logs / f"{name}.log").open("w"))
            # One worker each: two processes are what the test is about. No control socket:
            # both would take the same default path in $HOME.
            command = [gunicorn, "cchc.wsgi", "--workers", "1", "--bind", f"127.0.0.1:{port}", "--no-control-socket"]
            server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log_files[-1], stderr=subprocess.STDOUT)  # noqa: S603
            processes.append(server)
            urls.append(f"http://127.0.0.1:{port}")
        deadline = time.monotonic() + 30
        for url, process in zip(urls, processes, strict=True):
            _wait_healthy(url, process, deadline)
        yield Servers(urls[0], urls[1], env, media_root, redis_url, logs)
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
        for log in log_files:
            log.close()


def _set_password(*users: User) -> None:
    """The servers run with the production hashers (the tests' MD5 is not among them); few
    rounds here, the server upgrades the hash at the first login as it would any old hash."""
    hasher = PBKDF2PasswordHasher()
    for user in users:
        encoded = hasher.encode(TEST_PASSWORD, hasher.salt(), iterations=1000)
        User.objects.filter(pk=user.pk).update(password=encoded)


def _headline(page: str) -> str:
    match = re.search(r'data-testid="headline">([^<]+)<', page)
    assert match, page[:2000]
    return match.group(1).strip()


def test_what_one_process_does_the_other_sees(reseed, cast, servers):
    today = timezone.localdate()
    plan = make_plan(number="12/KH-UBND", year=today.year, issued_on=datetime.date(today.year, 1, 2))
    task = make_task(
        plan=plan,
        lead_unit=cast.unit_a,
        deadline=datetime.date(today.year, 12, 31),
        status=TaskStatus.IN_PROGRESS,
        progress=40,
    )
    _set_password(cast.staff_a, cast.secretariat, cast.leader)
    a, b = servers.a, servers.b
    staff, secretariat, leader = Browser(), Browser(), Browser()

    # Sessions: signed in on A, signed in on B.
    staff.log_in(a, cast.staff_a.username)
    mine = staff.request(b, reverse("tasks:mine"))
    assert mine.status == 200 and task.content in mine.text, servers.log_tail()

    # Uploads: evidence sent through A, downloaded through B.
    update = reverse("tasks:update", args=[task.pk])
    assert staff.request(a, update).status == 200
    sent = staff.request(
        a,
        update,
        fields={
            "version": task.version,
            "status": "completed",
            "progress": 100,
            "note": "Đã ban hành quyết định",
            "completed_on": today.isoformat(),
        },
        files={"files": ("quyet-dinh.pdf", PDF, "application/pdf")},
    )
    assert sent.status == 302, sent.text[:3000]
    evidence = Evidence.objects.get(task=task)
    assert (servers.media_root / evidence.file.name).read_bytes() == PDF  # the shared folder
    download = staff.request(b, reverse("tasks:evidence", args=[evidence.pk]))
    assert download.status == 200 and download.body == PDF

    # Figures: the leader reads the dashboard on A; the secretariat confirms on B; A shows it.
    dashboard = reverse("reports:plan_dashboard", args=[plan.pk])
    leader.log_in(b, cast.leader.username)
    assert _headline(leader.request(a, dashboard).text) == "Hoàn thành 0/1 nhiệm vụ, đạt 0,00%"
    secretariat.log_in(b, cast.secretariat.username)
    report = CompletionReport.objects.get(task=task)
    assert secretariat.request(b, reverse("tasks:report_confirm", args=[report.pk]), fields={}).status == 302
    assert _headline(leader.request(a, dashboard).text) == "Hoàn thành 1/1 nhiệm vụ, đạt 100,00%"

    # A background export: requested on A, run by the worker, done and downloadable on B.
    query = urllib.parse.urlencode(
        {"plan": plan.pk, "kind": "custom", "start": f"01/01/{today.year}", "end": today.strftime("%d/%m/%Y")}
    )
    created = leader.request(a, f"{reverse('reports:export_job_create')}?{query}", fields={"format": "xlsx"})
    assert created.status == 302, created.text[:3000]
    job = ExportJob.objects.get()
    assert job.status == ExportJobStatus.QUEUED
    servers.run_worker()
    job_page = leader.request(b, reverse("reports:export_job", args=[job.pk]))
    assert 'data-testid="job-done"' in job_page.text
    workbook = leader.request(b, reverse("reports:export_job_download", args=[job.pk]))
    assert workbook.status == 200
    summary = load_workbook(io.BytesIO(workbook.body))["Tổng hợp"]
    assert any(str(c.value).startswith("Hoàn thành 1/1 nhiệm vụ") for row in summary.iter_rows() for c in row)

    # Signed out on B, signed out on A.
    assert staff.request(b, reverse("accounts:logout"), fields={}).status == 302
    again = staff.request(a, reverse("tasks:mine"))
    assert again.status == 302 and again.headers["Location"].startswith(reverse("accounts:login"))


def test_the_session_cache_is_shared_and_cleared_across_processes(reseed, cast, servers):
    """With REDIS_URL the sessions are cached_db: read from Redis first, so a server that did
    not create a session still finds it there, and a sign-out clears it for every server."""
    if servers.redis_url is None:
        pytest.skip(f"no Redis on {REDIS[0]}:{REDIS[1]}: the servers run without REDIS_URL")
    import redis

    store = redis.Redis.from_url(servers.redis_url)
    _set_password(cast.leader)
    leader = Browser()
    leader.log_in(servers.a, cast.leader.username)
    key = leader.cookie("sessionid")
    cached = [k for k in store.keys("*cached_db*") if k.decode().endswith(key)]
    assert cached, "the session is not in Redis"

    # The first signed-in request records the session's activity time (a session write).
    assert leader.request(servers.a, reverse("reports:index")).status == 200
    # Take the session out of PostgreSQL: B still finds it, in the shared cache.
    Session.objects.filter(session_key=key).delete()
    assert leader.request(servers.b, reverse("reports:index")).status == 200

    # A sign-out on A clears the cache entry; B no longer knows the session.
    assert leader.request(servers.a, reverse("accounts:logout"), fields={}).status == 302
    assert not store.exists(*cached)
    after = leader.request(servers.b, reverse("reports:index"))
    assert after.status == 302 and after.headers["Location"].startswith(reverse("accounts:login"))
