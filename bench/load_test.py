"""Load test (issue 8, reliability): gunicorn + PostgreSQL on loopback, 50 unit users updating
their tasks and 10 leaders reading dashboards for a fixed time. Counts requests, errors and
conflicts, then checks that every accepted update is in the task history (nothing lost).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cchc_load .venv/bin/python bench/load_test.py --seconds 60

The database named in DATABASE_URL is dropped and recreated: give it one of its own. Every
request goes to 127.0.0.1; the run stops by itself after --seconds. Writes the figures to
docs/RELIABILITY.md (--no-write to only print them).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import random
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = ROOT / ".venv" / "bin" / "python"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')
PASSWORD = "load-test-" + secrets.token_hex(4)


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: {"update": [], "read": []})
    outcomes: Counter = field(default_factory=Counter)
    accepted_notes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, outcome: str, seconds: float, note: str | None = None, error: str | None = None):
        with self.lock:
            self.latencies[kind].append(seconds)
            self.outcomes[outcome] += 1
            if note:
                self.accepted_notes.append(note)
            if error and len(self.errors) < 20:
                self.errors.append(error)


class Browser:
    """A person's session: cookies, CSRF token, no redirects followed automatically."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)

    def request(self, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path})
        try:
            with self.opener.open(req, timeout=60) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8", "replace")

    def login(self, username: str) -> None:
        _, page = self.request("/accounts/login/")
        status, _ = self.request(
            "/accounts/login/",
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": CSRF.search(page).group(1)},
        )
        if status != 302:
            raise RuntimeError(f"login of {username} failed with {status}")


def unit_user(base: str, username: str, task_ids: list[int], stop: float, tally: Tally, run: str) -> None:
    browser = Browser(base)
    browser.login(username)
    rng = random.Random(username)
    sequence = 0
    while time.monotonic() < stop:
        task_id = rng.choice(task_ids)
        started = time.monotonic()
        status, page = browser.request(f"/tasks/{task_id}/update/")
        if status != 200:
            tally.record("update", "error", time.monotonic() - started, error=f"GET update {task_id}: {status}")
            continue
        sequence += 1
        note = f"{run} {username} #{sequence}"
        status, _ = browser.request(
            f"/tasks/{task_id}/update/",
            {
                "csrfmiddlewaretoken": CSRF.search(page).group(1),
                "version": VERSION.search(page).group(1),
                "status": "in_progress",
                "progress": rng.randint(1, 99),
                "note": note,
            },
        )
        elapsed = time.monotonic() - started
        if status == 302:
            tally.record("update", "accepted", elapsed, note=note)
        elif status == 409:
            tally.record("update", "conflict", elapsed)  # someone saved first: refused, not lost
        else:
            tally.record("update", "error", elapsed, error=f"POST update {task_id}: {status}")


def leader(base: str, username: str, paths: list[str], stop: float, tally: Tally) -> None:
    browser = Browser(base)
    browser.login(username)
    rng = random.Random(username)
    while time.monotonic() < stop:
        path = rng.choice(paths)
        started = time.monotonic()
        status, _ = browser.request(path)
        tally.record(
            "read",
            "read" if status == 200 else "error",
            time.monotonic() - started,
            error=None if status == 200 else f"GET {path}: {status}",
        )


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [str(PYTHON), "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return result.stdout


SETUP = """
import json, sys
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from accounts.models import User
from tasks.models import Task
from tasks.rules import REPORTABLE_STATUSES
units = {}
for task in Task.objects.filter(status__in=REPORTABLE_STATUSES).values("id", "lead_unit_id"):
    units.setdefault(task["lead_unit_id"], []).append(task["id"])
staff, leaders = Group.objects.get(name="unit_staff"), Group.objects.get(name="leader")
password = make_password(sys.argv[1])
unit_ids = sorted(units)
plan = __import__("plans.models", fromlist=["Plan"]).Plan.objects.get(number="125/KH-UBND")
users = []
for n in range(50):
    unit_id = unit_ids[n % len(unit_ids)]
    u = User.objects.create(username=f"load{n}", unit_id=unit_id, password=password)
    u.groups.add(staff)
    users.append({"username": u.username, "tasks": units[unit_id]})
for n in range(10):
    u = User.objects.create(username=f"lead{n}", password=password)
    u.groups.add(leaders)
print(json.dumps({"users": users, "plan": plan.pk, "units": len(unit_ids)}))
"""

COUNT = """
import json, sys
from tasks.models import TaskEvent
notes = set(json.load(open(sys.argv[1])))
found = set(TaskEvent.objects.filter(note__in=notes, kind="progress").values_list("note", flat=True))
dupes = TaskEvent.objects.filter(note__in=notes).count() - len(found)
print(json.dumps({"accepted": len(notes), "in_history": len(found), "duplicates": dupes}))
"""


def main() -> int:
    import json

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1))
    parser.add_argument("--port", type=int, default=8899)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database of its own (it is dropped and recreated).")
    name = urllib.parse.urlparse(url).path.lstrip("/")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    subprocess.run(["psql", admin, "-qc", f'DROP DATABASE IF EXISTS "{name}"'], check=True)
    subprocess.run(["psql", admin, "-qc", f'CREATE DATABASE "{name}"'], check=True)

    static = Path(tempfile.mkdtemp(prefix="cchc-static-"))
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_ROOT": str(static),
        "AXES_FAILURE_LIMIT": "1000",
        "LOG_LEVEL": "ERROR",  # 409s are expected here; django.request logs them as warnings
    }
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    manage(env, "load_demo")
    world = json.loads(
        manage(env, "shell", "-c", SETUP.replace("sys.argv[1]", repr(PASSWORD))).strip().splitlines()[-1]
    )

    base = f"http://127.0.0.1:{args.port}"
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "cchc.wsgi",
            "--workers",
            str(args.workers),
            "--bind",
            f"127.0.0.1:{args.port}",
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        tally = Tally()
        run = f"load-{secrets.token_hex(3)}"
        plan = world["plan"]
        reads = [f"/reports/plans/{plan}/", f"/reports/units/?plan={plan}", f"/plans/{plan}/"]
        stop = time.monotonic() + args.seconds
        threads = [
            threading.Thread(target=unit_user, args=(base, u["username"], u["tasks"], stop, tally, run))
            for u in world["users"]
        ] + [threading.Thread(target=leader, args=(base, f"lead{n}", reads, stop, tally)) for n in range(10)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(30)
        shutil.rmtree(static, ignore_errors=True)

    notes_file = Path(tempfile.mkstemp(suffix=".json")[1])
    notes_file.write_text(json.dumps(tally.accepted_notes))
    counted = manage(env, "shell", "-c", COUNT.replace("sys.argv[1]", repr(str(notes_file))))
    history = json.loads(counted.strip().splitlines()[-1])
    notes_file.unlink()

    def p95(values: list[float]) -> str:
        return f"{statistics.quantiles(values, n=20)[18] * 1000:.0f} ms" if len(values) >= 20 else "–"

    requests_total = sum(len(v) for v in tally.latencies.values())
    figures = {
        "duration": f"{elapsed:.0f} s",
        "gunicorn workers": args.workers,
        "users": f"50 unit staff over {world['units']} units, 10 leaders",
        "requests (update round trips + reads)": requests_total,
        "updates accepted": tally.outcomes["accepted"],
        "updates refused as conflicts (409)": tally.outcomes["conflict"],
        "dashboard/plan reads": tally.outcomes["read"],
        "errors": tally.outcomes["error"],
        "accepted updates found in history": f"{history['in_history']} of {history['accepted']}",
        "lost updates": history["accepted"] - history["in_history"],
        "duplicated history entries": history["duplicates"],
        "update round trip (GET form + POST) p95": p95(tally.latencies["update"]),
        "read p95": p95(tally.latencies["read"]),
        "throughput": f"{requests_total / elapsed:.1f} round trips/s",
    }
    for key, value in figures.items():
        print(f"{key}: {value}")
    for error in tally.errors:
        print("error:", error)
    if not args.no_write:
        write_report(figures, tally.errors, args)
    return 1 if tally.outcomes["error"] or figures["lost updates"] else 0


def write_report(figures: dict, errors: list[str], args) -> None:
    machine = f"{os.cpu_count()} cores, " + Path("/proc/meminfo").read_text().splitlines()[0].split()[1] + " kB RAM"
    pg = subprocess.run(["psql", "--version"], capture_output=True, text=True).stdout.strip()
    rows = "\n".join(f"| {k} | {v} |" for k, v in figures.items())
    errors_seen = (" Errors seen: " + "; ".join(errors)) if errors else ""
    text = f"""# Reliability

## Load test

`DATABASE_URL=postgres://postgres@127.0.0.1:5432/cchc_load .venv/bin/python bench/load_test.py --seconds {args.seconds}`
(bench/load_test.py): a fresh PostgreSQL database with the demo agency; gunicorn with
{args.workers} sync workers on 127.0.0.1 (DEBUG off, whitenoise static files); 50 unit staff
accounts spread over the units that lead open tasks, each looping *open the update form → save a
progress update* on its unit's tasks, and 10 leaders looping over the plan dashboard, the units
table and the plan page, all at once for a fixed time. Several staff share a unit, so they race
for the same tasks: a save from a stale form is refused with 409 (the optimistic lock) and
counted as a conflict, not an error. Afterwards every accepted update (each carries a unique
note) is looked up in the task history.

Machine: {machine}; {pg}; load average before the run {os.getloadavg()[0]:.1f}.

| figure | value |
|---|---|
{rows}

Target: zero errors and zero lost updates. The latencies are mostly queueing: 60 clients with no
think time against a few sync workers on a 2-core machine (shared, see the load average); request
throughput and latency targets, measured on a quiet machine, are in docs/PERFORMANCE.md.{errors_seen}

## Other reliability checks (tests, run in CI)

- `/healthz` answers 200 when the database answers and no migration is pending, 503 otherwise
  (tests/cchc/test_security.py).
- Backup and restore (`manage.py backup_data -o FILE`, `manage.py restore_data FILE`): database
  as portable fixtures plus uploaded files; a test round-trips the demo and compares the figures
  (tests/cchc/test_backup.py).
- A database failure half-way through a save answers the error page and leaves nothing
  half-written (tests/tasks/test_failures.py).
- Two real PostgreSQL transactions racing on one task: one saves, the other gets the conflict
  (tests/tasks/test_conflicts.py).
"""
    (ROOT / "docs" / "RELIABILITY.md").write_text(text)


if __name__ == "__main__":
    sys.exit(main())
