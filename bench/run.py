"""Measures what issue 9 lists against a database filled by bench/generate.py, stores the
figures as JSON (bench/results/<database>.json) and rewrites docs/PERFORMANCE.md from every
results file present (province, national and ten times national side by side). The results
files are kept in git with the page they make: a run of one size, or of some steps (--only),
rewrites the page without losing the other sizes' figures.

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
import datetime
import json
import os
import platform
import re
import sys
import time
from pathlib import Path

# Run as a script (python bench/run.py): the project on the path for the bench package.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.environment import RESULTS, ROOT, collectstatic, setup_django
from bench.export_bench import export_child, measure_export
from bench.features import FEATURE_BUDGETS, measure_features
from bench.measure import capture, measure_page, median, ms
from bench.report import write_report
from bench.throughput import measure_throughput


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--export-runs", type=int, default=3)
    parser.add_argument("--page-runs", type=int, help="runs of the dashboard pages (default: --runs)")
    parser.add_argument("--no-throughput", action="store_true")
    parser.add_argument("--throughput-seconds", type=int, default=10, help="wrk duration of the task updates")
    parser.add_argument("--dashboard-seconds", type=int, default=30, help="wrk duration of the dashboard GETs")
    parser.add_argument("--only", help="comma-separated: pages,cold,asof,mine,export,features,throughput")
    parser.add_argument(
        "--redis-url", default=os.environ.get("BENCH_REDIS_URL", ""), help="the app servers' shared cache (throughput)"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)  # export measured in a fresh process
    parser.add_argument("--report-only", action="store_true", help="rewrite docs/PERFORMANCE.md from bench/results")
    return parser.parse_args(argv)


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


# Absolute budgets of issue 22 (national size), in ms.
BUDGETS = {
    "dashboard": 100,
    "dashboard_30_06": 150,
    "year_dashboard": 250,
    "units": 100,
    # The newer features (bench/features.py), national size.
    **FEATURE_BUDGETS,
}


def page_floors(objs) -> dict:
    """Each measured page's figures as hand-written SQL (bench/floors.py), checked first to give
    the application's numbers."""
    from django.utils import timezone

    from bench import floors
    from plans.models import Plan
    from reports import completion
    from reports.dashboards import previous_plan
    from tasks.models import Task

    today = timezone.localdate()
    plan, year = objs["plan"], objs["year"]
    mid_year = datetime.date(year, 6, 30)
    plan_scope = f"t.plan_id = {int(plan.pk)}"
    year_ids = ",".join(str(pk) for pk in Plan.objects.filter(year=year).values_list("pk", flat=True))
    year_scope = f"t.plan_id IN ({year_ids})"
    previous = previous_plan(plan)
    previous_scope = f"t.plan_id = {int(previous.pk)}" if previous else None

    def dashboard(scope: str, day: datetime.date, previous_scope: str | None):
        queries = floors.page_queries(
            day, today, scope=scope, trend_days=completion.month_ends(year, until=day), keys=("area_id", "source")
        )
        if previous_scope:
            before = completion.same_day_previous_year(day)
            queries.append(floors.counts_sql(before, today, scope=previous_scope))
            days = [completion.same_day_previous_year(d) for d in completion.month_ends(year, until=day)]
            queries.append(floors.trend_sql(days, scope=previous_scope))
        return queries

    # The floor gives the application's numbers (headline of the plan, today and at 30/06).
    for day in (today, mid_year):
        sql, params = floors.counts_sql(day, today, scope=plan_scope)
        (row,) = floors.run(sql, params)
        expected = completion.completion_of(Task.objects.filter(plan=plan), as_of=day)
        assert row == tuple(getattr(expected, name) for name in floors.COUNT_NAMES), ("floor disagrees", day, row)
    return {
        "dashboard": dashboard(plan_scope, today, previous_scope),
        "dashboard_30_06": dashboard(plan_scope, mid_year, previous_scope),
        "year_dashboard": dashboard(year_scope, today, None),
        "units": [
            floors.counts_sql(today, today, scope=plan_scope, key="lead_unit_id"),
            floors.last_updates_sql(today, scope=plan_scope),
        ],
    }


def measure_pages(objs, runs) -> dict:
    from django.test import Client

    client = Client()
    client.force_login(objs["leader"])
    plan = objs["plan"]
    floor = page_floors(objs)
    urls = {
        "dashboard": f"/reports/plans/{plan.pk}/",
        "dashboard_30_06": f"/reports/plans/{plan.pk}/?as_of=30/06/{plan.year}",
        "units": f"/reports/units/?plan={plan.pk}",
        "year_dashboard": f"/reports/years/{plan.year}/",
    }
    return {
        name: measure_page(client, url, runs, floor=floor[name], budget_ms=BUDGETS[name]) for name, url in urls.items()
    }


def measure_cold(objs, runs) -> dict:
    """The figure pages with an empty figures cache before each request: what the first reader
    after a change waits (reports/figures_cache.py), against the same floor."""
    from django.core.cache import cache
    from django.test import Client

    client = Client()
    client.force_login(objs["leader"])
    plan = objs["plan"]
    floor = page_floors(objs)
    urls = {
        "dashboard": f"/reports/plans/{plan.pk}/",
        "dashboard_30_06": f"/reports/plans/{plan.pk}/?as_of=30/06/{plan.year}",
        "units": f"/reports/units/?plan={plan.pk}",
        "year_dashboard": f"/reports/years/{plan.year}/",
    }
    return {
        name: measure_page(client, url, runs, floor=floor[name], before_each=cache.clear) for name, url in urls.items()
    }


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
        write_report(RESULTS, ROOT / "docs" / "PERFORMANCE.md")
        return
    setup_django(args.database_url)
    if args.child:
        print(json.dumps(export_child(args.child)))
        return
    only = (
        set(args.only.split(","))
        if args.only
        else {"pages", "cold", "asof", "mine", "export", "features", "throughput"}
    )
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
        ("cold", lambda: measure_cold(objs, args.page_runs or args.runs)),
        ("asof", lambda: measure_asof(objs, args.runs)),
        ("mine", lambda: measure_mine(objs, args.runs)),
        ("export", lambda: measure_export(args.database_url, args.export_runs)),
        ("features", lambda: measure_features(objs)),
        (
            "throughput",
            lambda: measure_throughput(
                objs, args.database_url, args.throughput_seconds, args.dashboard_seconds, args.redis_url or None
            ),
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
    write_report(RESULTS, ROOT / "docs" / "PERFORMANCE.md")


if __name__ == "__main__":
    main()
