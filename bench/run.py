"""Measures what issue 9 lists against a database filled by bench/generate.py, stores the
figures as JSON (bench/results/<database>.json) and rewrites docs/PERFORMANCE.md from every
results file present (province and national side by side).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cchc_bench .venv/bin/python bench/run.py
        [--runs 7] [--no-throughput] [--throughput-seconds 15]

Server time: django.test.Client with force_login, wall time around the request (middleware,
view, template). SQL time and query count: a connection execute_wrapper timing every query
with perf_counter. Bare SQL: the aggregate queries the page ran, replayed with a plain cursor
(same SQL, same parameters) in the same run. Medians of --runs runs after one warm-up run.
Throughput: gunicorn (2 workers per core) on 127.0.0.1 and wrk (Lua scripts in bench/wrk/).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
STATIC_ROOT = Path(tempfile.gettempdir()) / "cchc_bench_static"
PORT = 8765
SECRET = "bench-secret-key-not-for-production-0123456789abcdef"  # noqa: S105 (loopback benchmark only)
CSRF = "benchcsrftokenbenchcsrftoken0123"  # 32 characters: an unmasked CSRF secret

# Production-like settings (DEBUG off, no HTTPS redirect on loopback).
BENCH_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": SECRET,
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "SECURE_SSL_REDIRECT": "0",
    "SESSION_COOKIE_SECURE": "0",
    "CSRF_COOKIE_SECURE": "0",
    "SECURE_HSTS_SECONDS": "0",
    "STATIC_ROOT": str(STATIC_ROOT),
    "DJANGO_SETTINGS_MODULE": "cchc.settings",
}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--export-runs", type=int, default=3)
    parser.add_argument("--page-runs", type=int, help="runs of the dashboard pages (default: --runs)")
    parser.add_argument("--no-throughput", action="store_true")
    parser.add_argument("--throughput-seconds", type=int, default=10, help="wrk duration of the task updates")
    parser.add_argument("--dashboard-seconds", type=int, default=30, help="wrk duration of the dashboard GETs")
    parser.add_argument("--only", help="comma-separated: pages,asof,mine,export,throughput")
    parser.add_argument("--child", help=argparse.SUPPRESS)  # export measured in a fresh process
    parser.add_argument("--report-only", action="store_true", help="rewrite docs/PERFORMANCE.md from bench/results")
    return parser.parse_args(argv)


def setup_django(database_url: str) -> None:
    name = database_url.rsplit("/", 1)[-1].split("?")[0]
    if not database_url.startswith("postgres") or not name.startswith("cchc_bench"):
        sys.exit("bench/run.py needs a PostgreSQL database named cchc_bench* (--database-url or DATABASE_URL)")
    os.environ["DATABASE_URL"] = database_url
    os.environ.update(BENCH_ENV)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def median(values):
    return statistics.median(values) if values else None


def ms(seconds):
    return None if seconds is None else round(seconds * 1000, 1)


# ---------------------------------------------------------------- query capture


class QueryLog:
    """Every query run inside the block: SQL, parameters and wall time."""

    def __init__(self):
        self.queries: list[tuple[str, object, float]] = []

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append((sql, params, time.perf_counter() - start))

    @property
    def count(self):
        return len(self.queries)

    @property
    def time(self):
        return sum(q[2] for q in self.queries)


@contextlib.contextmanager
def capture():
    from django.db import connection

    log = QueryLog()
    with connection.execute_wrapper(log):
        yield log


def is_aggregate(sql: str) -> bool:
    """The figure queries: COUNT/MAX over tasks or their history (not sessions, users, plans)."""
    return ("COUNT(" in sql or "MAX(" in sql) and ('"tasks_task"' in sql or '"tasks_taskevent"' in sql)


def replay(queries) -> float:
    """Run the same SQL with a plain cursor, fetching every row: the bare database time."""
    from django.db import connection

    total = 0.0
    with connection.cursor() as cursor:
        for sql, params, _ in queries:
            start = time.perf_counter()
            cursor.execute(sql, params)
            cursor.fetchall()
            total += time.perf_counter() - start
    return total


# ---------------------------------------------------------------- fixtures of the run


def bench_objects():
    from accounts.models import User
    from plans.models import Plan
    from tasks.models import Task, TaskEvent
    from units.models import Unit

    year = max(Plan.objects.values_list("year", flat=True))
    plan = Plan.objects.get(year=year, issuing_unit__code="BENCH-ROOT")
    return {
        "year": year,
        "plan": plan,
        "leader": User.objects.get(username="bench_leader"),
        "secretariat": User.objects.get(username="bench_secretariat"),
        "staff": User.objects.get(username="bench_staff"),
        "sizes": {
            "units": Unit.objects.count(),
            "plans": Plan.objects.count(),
            "tasks": Task.objects.count(),
            "history": TaskEvent.objects.count(),
            "coordination": Task.coordinating_units.through.objects.count(),
            "plan_tasks": plan.tasks.count(),
            "year_tasks": Task.objects.filter(plan__year=year).count(),
            "staff_tasks": Task.objects.involving(User.objects.get(username="bench_staff").unit_id).count(),
        },
        "status_mix": dict(
            Task.objects.values_list("status").order_by("status").annotate(n=__import__("django").db.models.Count("pk"))
        ),
    }


def measure_page(client, url: str, runs: int) -> dict:
    """Median server time, SQL time and query count of a GET, and the bare SQL of its aggregates."""
    response = client.get(url)  # warm-up (and a check)
    assert response.status_code == 200, (url, response.status_code)
    server, sql, counts, bare, aggregates = [], [], [], [], []
    print(f"  {url}", flush=True)
    for _ in range(runs):
        with capture() as log:
            start = time.perf_counter()
            response = client.get(url)
            server.append(time.perf_counter() - start)
        assert response.status_code == 200
        sql.append(log.time)
        counts.append(log.count)
        figure_queries = [q for q in log.queries if is_aggregate(q[0])]
        aggregates.append(len(figure_queries))
        slowest = sorted(log.queries, key=lambda q: -q[2])[:4]
        bare.append(replay(figure_queries))
    page = median(server)
    bare_median = median(bare)
    limit = 2 * bare_median + 0.020
    return {
        "url": url,
        "server_ms": ms(page),
        "sql_ms": ms(median(sql)),
        "queries": sorted(set(counts)),
        "aggregate_queries": sorted(set(aggregates)),
        "bare_sql_ms": ms(bare_median),
        "limit_ms": ms(limit),
        "pass": page <= limit,
        "runs": runs,
        "all_server_ms": [ms(s) for s in server],
        "slowest_queries": [[ms(t), " ".join(q.split())[:90]] for q, _, t in slowest],
    }


def measure_pages(objs, runs) -> dict:
    from django.test import Client

    client = Client()
    client.force_login(objs["leader"])
    plan = objs["plan"]
    results = {
        "dashboard": measure_page(client, f"/reports/plans/{plan.pk}/", runs),
        "dashboard_30_06": measure_page(client, f"/reports/plans/{plan.pk}/?as_of=30/06/{plan.year}", runs),
        "units": measure_page(client, f"/reports/units/?plan={plan.pk}", runs),
        "year_dashboard": measure_page(client, f"/reports/years/{plan.year}/", runs),
    }
    return results


def measure_asof(objs, runs) -> dict:
    """Figures as of 30/06 of the current year computed from history, over every task."""
    from reports import completion
    from tasks.models import Task

    day = datetime.date(objs["year"], 6, 30)
    everything = Task.objects.all()
    year_tasks = Task.objects.filter(plan__year=objs["year"])
    cases = {
        "completion_of (all tasks)": lambda: completion.completion_of(everything, as_of=day),
        "completion_by_area (all tasks)": lambda: completion.completion_by_area(everything, as_of=day),
        "completion_by_unit (all tasks)": lambda: completion.completion_by_unit(everything, as_of=day),
        "unit_ranking (all tasks)": lambda: completion.unit_ranking(everything, as_of=day),
        "completion_of (the year's tasks)": lambda: completion.completion_of(year_tasks, as_of=day),
        "trend, 6 month ends (the year's tasks)": lambda: completion.completion_trend(
            year_tasks, year=objs["year"], as_of=day
        ),
    }
    from django.db import connection

    from bench import reference

    plan = objs["plan"]
    plan_tasks = Task.objects.filter(plan=plan)
    # Yardsticks, not targets: the same counts in hand-written SQL over the raw history
    # (bench/reference.py, what the figures cost without the state spans), and the application's
    # query with PostgreSQL's JIT compiler on (the application turns it off: cchc/settings.py).
    targets = dict(cases)
    targets["completion_of (the current agency plan)"] = lambda: completion.completion_of(plan_tasks, as_of=day)
    yardsticks = {
        "reference SQL over raw history, GROUP BY (all tasks)": lambda: reference.completion_raw(day),
        "reference SQL over raw history, LATERAL (all tasks)": lambda: reference.completion_raw(day, lateral=True),
        "reference SQL over raw history, LATERAL (the current agency plan)": lambda: reference.completion_raw(
            day, scope=f"t.plan_id = {int(plan.pk)}", lateral=True
        ),
    }
    expected = completion.completion_of(everything, as_of=day)
    for lateral in (False, True):
        raw = reference.completion_raw(day, lateral=lateral)
        assert all(getattr(expected, k) == v for k, v in raw.items()), ("reference SQL disagrees", raw, expected)

    def timed(fn) -> tuple[float, list[int]]:
        fn()
        times, counts = [], []
        for _ in range(runs):
            with capture() as log:
                start = time.perf_counter()
                fn()
                times.append(time.perf_counter() - start)
            counts.append(log.count)
        return median(times), sorted(set(counts))

    results = {}
    for label, fn in targets.items():
        value, counts = timed(fn)
        results[label] = {"ms": ms(value), "queries": counts, "pass": value <= 0.300}
    for label, fn in yardsticks.items():
        value, counts = timed(fn)
        results[label] = {"ms": ms(value), "queries": counts, "pass": None}
    with connection.cursor() as cursor:
        cursor.execute("SET jit = on")
    try:
        value, counts = timed(targets["completion_of (all tasks)"])
        results["completion_of (all tasks) [JIT on, not the app's setting]"] = {
            "ms": ms(value),
            "queries": counts,
            "pass": None,
        }
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET jit")  # back to the connection's own setting
    first = expected
    results["_figures"] = {
        "total": first.total,
        "completed": first.completed,
        "late": first.late,
        "overdue": first.overdue,
        "removed": first.removed,
        "rate": str(first.rate),
    }
    return results


def measure_mine(objs, runs) -> dict:
    from django.test import Client

    client = Client()
    client.force_login(objs["staff"])
    result = measure_page(client, "/tasks/mine/", runs)
    result["pass"] = result["server_ms"] <= 50
    return result


# ---------------------------------------------------------------- export (child process)


def _rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _hwm_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def _reset_hwm():
    # Writing 5 to clear_refs resets the peak RSS (VmHWM) of the process (Linux ≥ 4.0).
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def bare_sheets(data) -> list[tuple[str, list[list]]]:
    """The cell values the export writes, sheet by sheet, from the same ReviewData: the task
    detail (every TaskLine, plan included) and the overdue rows (every OverdueLine) as the export
    gets them, and the four small sheets' headers, figure rows and SUM totals with their title and
    note lines (a few cells, their text abridged). Plain values: no styles, no heights, no print
    setup."""
    from cchc.formatting import format_date
    from figures.selectors import group_label
    from reports import exports

    period, c = data.period, data.completion

    def figures(x):
        return [x.total, x.on_time, x.late, x.within, x.overdue, None if x.rate is None else x.rate / 100]

    def sums(first_column: int, first: int, last: int) -> list:
        letters = "ABCDEFGHIJ"[first_column - 1 : first_column + 4]
        return [f"=SUM({letter}{first}:{letter}{last})" for letter in letters]

    def title(sheet_title: str) -> list[list]:
        return [[f"{period.title} — {sheet_title}"], [data.scope_label], []]

    first, last = exports.SUMMARY_HEADER_ROW + 1, exports.SUMMARY_HEADER_ROW + len(data.areas)
    summary = [
        [period.title.upper()],
        ["Cơ quan", data.agency],
        ["Kế hoạch", data.scope_label],
        ["Kỳ báo cáo", period.label],
        ["Số liệu từ ngày", period.start],
        ["Ngày chốt số liệu", period.cutoff],
        [data.headline],
        [],
        exports.summary_headers(),
        *([f"{a.code}. {a.name}", *figures(a.completion)] for a in data.areas),
        ["Tổng cộng", *sums(2, first, last), figures(c)[-1]],
        [],
        ["Tỷ lệ hoàn thành = …"],
        [f"Trên số nhiệm vụ đã đến hạn: {c.completed}/{c.due}"],
        [f"Lập ngày {format_date(data.generated_on)}."],
    ]
    first, last = exports.UNITS_HEADER_ROW + 1, exports.UNITS_HEADER_ROW + len(data.units)
    units = [
        *title("Theo đơn vị chủ trì")[:2],
        [data.headline],
        [],
        exports.unit_headers(),
        *([u.rank, u.unit.name, *figures(u.completion), u.last_update] for u in data.units),
        ["", "Tổng cộng", *sums(3, first, last), figures(c)[-1], None],
    ]
    # Each line is the row of its sheet: TASK_FIELDS then the plan; the overdue columns then the plan.
    detail = [*title("Chi tiết nhiệm vụ"), exports.task_headers(data.multi_plan), *(list(line) for line in data.tasks)]
    overdue = [
        *title("Nhiệm vụ quá hạn"),
        exports.overdue_headers(data.multi_plan),
        *(list(line) for line in data.overdue),
    ]
    inspections = [
        *title("Kiểm tra"),
        exports.inspection_headers(),
        *(
            [
                i,
                x.unit,
                x.team,
                x.plan,
                x.start,
                x.end,
                x.areas,
                x.recommendations,
                x.open,
                x.answered,
                x.closed,
                x.overdue,
            ]
            for i, x in enumerate(data.inspections, start=1)
        ),
    ]
    figure_rows = [
        *title("Số liệu tổng hợp"),
        exports.figure_headers(),
        *(
            [
                i,
                str(group_label(t.indicator.group)),
                t.indicator.name,
                t.indicator.unit_of_measure,
                str(t.indicator.get_aggregate_display()),
                t.units_reported,
                t.total,
            ]
            for i, t in enumerate(data.figures or [], start=1)
        ),
    ]
    sheets = [summary, units, detail, overdue, inspections, figure_rows]
    return list(zip(exports.SHEET_NAMES, sheets, strict=True))


def export_child(mode: str) -> dict:
    """One export in this process: mode "time" (no tracing), "memory" (tracemalloc), or
    "bare" (openpyxl write-only writing the same cell values as the export, sheet by sheet —
    bare_sheets — read from the database before timing: no styles, no database)."""
    import gc
    import tracemalloc

    from openpyxl import Workbook

    from figures.models import PeriodKind
    from plans.models import Plan
    from reports import exports
    from tasks.models import Task

    year = max(Plan.objects.values_list("year", flat=True))
    period = exports.review_period(year=year, kind=PeriodKind.H1)
    plans = list(Plan.objects.select_related("issuing_unit"))

    def collect():
        return exports.collect_review(
            tasks=Task.objects.all(), plans=plans, year=year, period=period, multi_plan=True, today=period.cutoff
        )

    gc.collect()
    with tempfile.TemporaryFile() as out:
        if mode in ("bare", "bare_tasks"):
            sheets = bare_sheets(collect())  # the same values, read before timing
            # "bare_tasks": the first run's baseline, the task detail sheet alone (a yardstick).
            written = [sheets[2]] if mode == "bare_tasks" else sheets
            gc.collect()
            start = time.perf_counter()
            wb = Workbook(write_only=True)
            for name, rows in written:
                ws = wb.create_sheet(name)
                for row in rows:
                    ws.append(row)
            wb.save(out)
            elapsed = time.perf_counter() - start
            return {
                "seconds": elapsed,
                "rows": len(sheets[2][1]) - exports.LIST_HEADER_ROW,  # the task detail's rows below its header
                "overdue_rows": len(sheets[3][1]) - exports.LIST_HEADER_ROW,
                "cells": sum(len(row) for _, rows in written for row in rows),
                "bytes": out.tell(),
            }
        rss_before = _rss_kb()
        _reset_hwm()
        if mode == "memory":
            tracemalloc.start()
        start = time.perf_counter()
        with capture() as log:
            counts = exports.write_review_xlsx(collect(), out)
        elapsed = time.perf_counter() - start
        result = {
            "seconds": elapsed,
            "rows": counts["tasks"],
            "overdue_rows": counts["overdue"],
            "bytes": out.tell(),
            "queries": log.count,
            "sql_seconds": log.time,
            "rss_growth_mb": round((_hwm_kb() - rss_before) / 1024, 1),
        }
        if mode == "memory":
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            result["tracemalloc_peak_mb"] = round(peak / 1024 / 1024, 1)
        return result


def run_child(database_url: str, mode: str) -> dict:
    cmd = [sys.executable, __file__, "--database-url", database_url, "--child", mode]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=ROOT).stdout
    return json.loads(out.strip().splitlines()[-1])


def measure_export(database_url: str, runs: int) -> dict:
    times, bares, bares_tasks, results = [], [], [], []
    for _ in range(runs):
        results.append(run_child(database_url, "time"))
        times.append(results[-1]["seconds"])
        bares.append(run_child(database_url, "bare")["seconds"])
        bares_tasks.append(run_child(database_url, "bare_tasks")["seconds"])
    memory = run_child(database_url, "memory")
    export_s, bare_s = median(times), median(bares)
    ratio = export_s / bare_s
    rss = median([r["rss_growth_mb"] for r in results])
    return {
        "rows": results[-1]["rows"],
        "overdue_rows": results[-1]["overdue_rows"],
        "file_mb": round(results[-1]["bytes"] / 1024 / 1024, 1),
        "queries": sorted({r["queries"] for r in results}),
        "sql_s": round(median([r["sql_seconds"] for r in results]), 2),
        "export_s": round(export_s, 2),
        "bare_write_s": round(bare_s, 2),
        "ratio": round(ratio, 2),
        "time_pass": ratio <= 1.3,
        # A yardstick: the first run's baseline wrote the task detail values only.
        "bare_tasks_write_s": round(median(bares_tasks), 2),
        "ratio_to_bare_tasks": round(export_s / median(bares_tasks), 2),
        "rss_growth_mb": rss,
        "tracemalloc_peak_mb": memory["tracemalloc_peak_mb"],
        "memory_pass": max(rss, memory["tracemalloc_peak_mb"]) <= 100,
        "runs": runs,
    }


# ---------------------------------------------------------------- throughput


def collectstatic():
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)


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


def measure_throughput(objs, database_url: str, seconds: int, dashboard_seconds: int) -> dict:
    if shutil.which("wrk") is None:
        return {"skipped": "wrk is not installed (apt-get install wrk)"}
    collectstatic()
    cores = os.cpu_count() or 1
    workers = 2 * cores
    env = {**os.environ, **BENCH_ENV, "DATABASE_URL": database_url}
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
        dashboard = run_wrk(get_script, base, dashboard_seconds, 2, workers)
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


# ---------------------------------------------------------------- machine


def machine() -> dict:
    from django.db import connection

    mem = next(x for x in Path("/proc/meminfo").read_text().splitlines() if x.startswith("MemTotal"))
    cpu = next(
        (x.split(":", 1)[1].strip() for x in Path("/proc/cpuinfo").read_text().splitlines() if "model name" in x),
        platform.processor(),
    )
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
        cursor.execute("SHOW shared_buffers")
        shared = cursor.fetchone()[0]
        cursor.execute("SHOW work_mem")
        work_mem = cursor.fetchone()[0]
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        db_size = cursor.fetchone()[0]
    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "memory_gb": round(int(re.findall(r"\d+", mem)[0]) / 1024 / 1024, 1),
        "python": platform.python_version(),
        "postgresql": pg,
        "shared_buffers": shared,
        "work_mem": work_mem,
        "database_size": db_size,
        "load_before": os.getloadavg(),
    }


# ---------------------------------------------------------------- main


def main(argv=None):
    args = parse_args(argv)
    if args.report_only:
        sys.path.insert(0, str(ROOT))
        from bench.report import write_report

        write_report(RESULTS, ROOT / "docs" / "PERFORMANCE.md")
        return
    setup_django(args.database_url)
    if args.child:
        print(json.dumps(export_child(args.child)))
        return
    only = set(args.only.split(",")) if args.only else {"pages", "asof", "mine", "export", "throughput"}
    if args.no_throughput:
        only.discard("throughput")
    database = args.database_url.rsplit("/", 1)[-1]
    RESULTS.mkdir(exist_ok=True)
    results_file = RESULTS / f"{database}.json"
    results = json.loads(results_file.read_text()) if results_file.exists() and args.only else {}
    collectstatic()  # DEBUG off: templates need the manifest of hashed static files
    objs = bench_objects()
    results.update(database=database, sizes=objs["sizes"], status_mix=objs["status_mix"], machine=machine())
    generation = RESULTS / f"{database}.generation"
    if generation.exists():
        results.update(json.loads(generation.read_text()))
    runs = results.get("runs", {})
    for name in only:
        runs[name] = {"pages": args.page_runs or args.runs, "export": args.export_runs}.get(name, args.runs)
    runs["throughput_seconds"] = {"dashboard": args.dashboard_seconds, "task_update": args.throughput_seconds}
    results["runs"] = runs
    results["started"] = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    steps = [
        ("pages", lambda: measure_pages(objs, args.page_runs or args.runs)),
        ("asof", lambda: measure_asof(objs, args.runs)),
        ("mine", lambda: measure_mine(objs, args.runs)),
        ("export", lambda: measure_export(args.database_url, args.export_runs)),
        (
            "throughput",
            lambda: measure_throughput(objs, args.database_url, args.throughput_seconds, args.dashboard_seconds),
        ),
    ]
    for name, step in steps:
        if name not in only:
            continue
        print(f"[{database}] {name}…", flush=True)
        start = time.perf_counter()
        results[name] = step()
        print(f"[{database}] {name} done in {time.perf_counter() - start:.1f} s", flush=True)
        results_file.write_text(json.dumps(results, indent=1, ensure_ascii=False, default=str))
    results["load_after"] = os.getloadavg()
    results_file.write_text(json.dumps(results, indent=1, ensure_ascii=False, default=str))
    sys.path.insert(0, str(ROOT))
    from bench.report import write_report

    write_report(RESULTS, ROOT / "docs" / "PERFORMANCE.md")


if __name__ == "__main__":
    main()
