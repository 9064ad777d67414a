"""Throughput: gunicorn (2 workers per core) on 127.0.0.1 driven by wrk — dashboard GETs and
task updates (each POST a real, accepted update from a pool of sessions and form bodies)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.environment import BENCH_ENV, CSRF, PORT, ROOT, collectstatic


def session_cookie(user) -> str:
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def wait_port(port, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.3)
    return False


WRK_DONE = """
done = function(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do bad = bad + (t:get("bad") or 0) end
  io.write(string.format("BENCH %d %d %f %f %f %f %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.mean, bad))
end
"""

WRK_GET = (
    """
threads = {}
setup = function(thread) table.insert(threads, thread) end
init = function(args) bad = 0 end
request = function() return wrk.format("GET", path, headers) end
response = function(status, headers, body) if status ~= 200 then bad = bad + 1 end end
"""
    + WRK_DONE
)

WRK_POST = (
    """
threads = {}
local counter = 0
setup = function(thread)
  thread:set("tid", counter)
  counter = counter + 1
  table.insert(threads, thread)
end
init = function(args)
  bad = 0
  lines = {}
  for line in io.lines(pool) do table.insert(lines, line) end
  step = nthreads
  pos = tid + 1
end
request = function()
  local line = lines[pos]
  pos = pos + step
  if line == nil then line = lines[1] end
  local path, cookie, body = line:match("^(%S+) (%S+) (.*)$")
  return wrk.format("POST", path, {["Cookie"] = cookie,
    ["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end
response = function(status, headers, body) if status ~= 302 then bad = bad + 1 end end
"""
    + WRK_DONE
)


def run_wrk(script: str, url: str, seconds: int, threads: int, connections: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(script)
    try:
        out = subprocess.run(
            [
                "wrk",
                "-t",
                str(threads),
                "-c",
                str(connections),
                "-d",
                f"{seconds}s",
                "--timeout",
                "120s",
                "-s",
                f.name,
                url,
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    finally:
        os.unlink(f.name)
    line = next(x for x in out.splitlines() if x.startswith("BENCH "))
    timeouts = re.search(r"timeout (\d+)", out)
    requests, duration_us, p50, p95, p99, mean, bad = line.split()[1:]
    return {
        "requests": int(requests),
        "rps": round(int(requests) / (int(duration_us) / 1e6), 1),
        "p50_ms": round(float(p50) / 1000, 1),
        "p95_ms": round(float(p95) / 1000, 1),
        "p99_ms": round(float(p99) / 1000, 1),
        "mean_ms": round(float(mean) / 1000, 1),
        "bad_responses": int(bad) + (int(timeouts.group(1)) if timeouts else 0),
    }


def update_pool(path: Path, year: int, limit: int) -> int:
    """Tasks in progress or not started, each with a session of a staff user of its lead
    unit and a valid form body (current version): every POST is a real, accepted update."""
    from urllib.parse import urlencode

    from accounts.models import User
    from tasks.models import Task, TaskStatus

    tasks = list(
        Task.objects.filter(
            status__in=[TaskStatus.IN_PROGRESS, TaskStatus.NOT_STARTED], progress__lte=90, completion_reports=None
        )
        .exclude(lead_unit__code="BENCH-STAFF")
        .order_by("?")
        .values_list("pk", "version", "progress", "lead_unit_id")[:limit]
    )
    staff = {u.unit_id: u for u in User.objects.filter(username__startswith="staff_")}
    cookies: dict[int, str] = {}
    lines = []
    for pk, version, progress, unit_id in tasks:
        if unit_id not in cookies:
            cookies[unit_id] = f"sessionid={session_cookie(staff[unit_id])};csrftoken={CSRF}"
        body = urlencode(
            {
                "csrfmiddlewaretoken": CSRF,
                "version": version,
                "status": "in_progress",
                "progress": progress + 5,
                "note": "Cập nhật tiến độ (đo hiệu năng)",
            }
        )
        lines.append(f"/tasks/{pk}/update/ {cookies[unit_id]} {body}")
    path.write_text("\n".join(lines) + "\n")
    return len(lines)


def warm_up(url: str, cookie: str, requests: int) -> float:
    """GETs before wrk starts (each worker's figures cache, or Redis's, filled as a reader would
    fill it); returns the first one's time in ms."""
    import urllib.request

    first = None
    for _ in range(requests):
        start = time.perf_counter()
        with urllib.request.urlopen(urllib.request.Request(url, headers={"Cookie": cookie}), timeout=300) as response:
            response.read()
        first = first if first is not None else (time.perf_counter() - start) * 1000
    return round(first or 0.0, 1)


def measure_throughput(
    objs, database_url: str, seconds: int, dashboard_seconds: int, redis_url: str | None = None
) -> dict:
    """`redis_url`: the app's cache (and the sessions' cache layer) in Redis, shared by the
    workers as by several app servers; without it each worker caches figures in its memory."""
    if shutil.which("wrk") is None:
        return {"skipped": "wrk is not installed (apt-get install wrk)"}
    collectstatic()
    cores = os.cpu_count() or 1
    workers = 2 * cores
    env = {**os.environ, **BENCH_ENV, "DATABASE_URL": database_url}
    if redis_url:
        env["REDIS_URL"] = redis_url
    log = open(Path(tempfile.gettempdir()) / "cchc_bench_gunicorn.log", "w")  # noqa: SIM115
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "cchc.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(workers),
            "--timeout",
            "300",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    try:
        if not wait_port(PORT):
            return {"skipped": "gunicorn did not start"}
        base = f"http://127.0.0.1:{PORT}"
        leader_cookie = f"sessionid={session_cookie(objs['leader'])}"
        dash_path = f"/reports/plans/{objs['plan'].pk}/"
        get_script = f'path = "{dash_path}"\nheaders = {{["Cookie"] = "{leader_cookie}"}}\n' + WRK_GET
        # Every worker warmed (its first request loads templates and catalogues, seconds on this
        # machine), and the cache filled (Redis: by the first of them), as a server that has run.
        first_ms = warm_up(base + dash_path, leader_cookie, 4 * workers)
        dashboard = run_wrk(get_script, base, dashboard_seconds, 2, workers)
        dashboard["first_request_ms"] = first_ms
        with tempfile.NamedTemporaryFile("w", suffix=".pool", delete=False) as f:
            pool_path = Path(f.name)
        pool = update_pool(pool_path, objs["year"], 20000)
        post_script = f'pool = "{pool_path}"\nnthreads = 2\n' + WRK_POST
        update = run_wrk(post_script, base, seconds, 2, workers)
        update["pool"] = pool
        if update["requests"] > pool:
            update["note"] = "pool exhausted: later requests repeat (conflicts, counted as bad)"
        pool_path.unlink()
        return {
            "cache": "Redis (shared)" if redis_url else "each worker's memory",
            "workers": workers,
            "seconds": seconds,
            "dashboard_seconds": dashboard_seconds,
            "dashboard": dashboard,
            "task_update": update,
        }
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()
