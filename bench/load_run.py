"""Load run with locust (issue 22): simulated people with think time against gunicorn on the
national benchmark data, then a check that every accepted update is in the task history.

    .venv/bin/python bench/load_run.py                        # 300 users, 5 minutes → docs/RELIABILITY.md
    .venv/bin/python bench/load_run.py --users 30 --run-time 60s --no-write   # a smoke run

Needs the national benchmark database `cchc_bench` (bench/generate.py --size national, see `make
bench`), PostgreSQL and Redis on 127.0.0.1, and locust (`pip install -r bench/requirements.txt`;
`make bench-load` does both). The run never writes to `cchc_bench`: it drops `cchc_bench_load` and
copies `cchc_bench` into it (`createdb -T`, which waits while someone is connected to the
template), migrates the copy to this checkout, creates leader and secretariat accounts in the copy
and a session for every simulated person (staff: each a different unit with open tasks it leads),
flushes the Redis database of the shared cache, starts gunicorn (4 sync workers, DEBUG off, uploads
in a temporary folder) and runs locust headless (bench/locustfile.py: 80 % unit staff, 15 %
leaders, 5 % secretariat, 3–10 s think time). Afterwards it looks up every accepted update's unique
note in the copy's history (each must be there exactly once) and every confirmed report, prints the
figures per request kind and writes them in the section "Load run with locust (issue 22)" of
docs/RELIABILITY.md (--no-write to only print). The exit status is 1 when a request failed or an
accepted update is missing or duplicated. The copy is dropped at the end (--keep to keep it).
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import math
import os
import random
import re
import resource
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.environment import BENCH_ENV, CSRF, ROOT, collectstatic, setup_django

PG = "postgres://postgres@127.0.0.1:5432"
TEMPLATE = "cchc_bench"
COPY = "cchc_bench_load"
REDIS_URL = "redis://127.0.0.1:6379/7"
SECTION = "## Load run with locust (issue 22)"
SHARES = {"staff": 0.80, "leaders": 0.15, "secretariat": 0.05}


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=300)
    parser.add_argument("--run-time", default="5m", help="locust's --run-time (5m, 60s …)")
    parser.add_argument("--spawn-rate", type=float, default=None, help="users started a second (default users/30)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--port", type=int, default=8787)
    parser.add_argument("--wait", type=int, default=600, help="seconds to wait for the template to be free")
    parser.add_argument("--no-write", action="store_true", help="print the figures, leave docs/RELIABILITY.md")
    parser.add_argument("--only", nargs="*", default=[], help="locust user classes to run (a check of one kind)")
    parser.add_argument("--keep", action="store_true", help=f"keep the copy {COPY} afterwards")
    return parser.parse_args(argv)


def psql(*sql: str) -> None:
    for statement in sql:
        subprocess.run(["psql", f"{PG}/postgres", "-qc", statement], check=True, capture_output=True)


def copy_database(wait: int) -> None:
    """Drop the old copy, copy the template; the template must have no open connection."""
    psql(f'DROP DATABASE IF EXISTS "{COPY}" WITH (FORCE)')
    deadline = time.monotonic() + wait
    while True:
        result = subprocess.run(
            ["createdb", "-h", "127.0.0.1", "-U", "postgres", "-T", TEMPLATE, COPY], capture_output=True, text=True
        )
        if result.returncode == 0:
            return
        if "being accessed by other users" not in result.stderr or time.monotonic() > deadline:
            sys.exit(f"Could not copy {TEMPLATE}: {result.stderr.strip()}")
        print(f"{TEMPLATE} is in use by another connection; waiting …", flush=True)
        time.sleep(5)


def flush_redis() -> None:
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def pdf_of_one_megabyte(path: Path) -> None:
    """A valid one-page PDF padded to 1 MiB by an (unused) binary stream object."""
    padding = random.Random(22).randbytes(1024 * 1024 - 700)
    page = b"BT /F1 12 Tf 72 720 Td (Bien ban kiem chung - tai thu) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(page) + page + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(padding) + padding + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))


def quarter_dates(year: int, today: datetime.date) -> list[str]:
    days = [datetime.date(year, m, d) for m, d in ((3, 31), (5, 15), (6, 30), (9, 30), (11, 15), (12, 31))]
    return [d.strftime("%d/%m/%Y") for d in days if d <= today] or [today.strftime("%d/%m/%Y")]


def prepare_pool(users: int, run: str, pdf: Path) -> dict:
    """Accounts (in the copy) and sessions for every simulated person; see the module's doc."""
    from django.utils import timezone

    from accounts.models import User
    from bench.throughput import session_cookie
    from plans.models import Plan
    from tasks.models import Task, TaskStatus

    rng = random.Random(run)
    wanted = {kind: math.ceil(users * share) + 1 for kind, share in SHARES.items()}
    open_tasks: dict[int, list[int]] = {}
    for pk, unit_id in (
        Task.objects.filter(status__in=[TaskStatus.IN_PROGRESS, TaskStatus.NOT_STARTED], completion_reports=None)
        .exclude(lead_unit__code="BENCH-STAFF")
        .values_list("pk", "lead_unit_id")
    ):
        open_tasks.setdefault(unit_id, []).append(pk)
    staff_users = {u.unit_id: u for u in User.objects.filter(username__startswith="staff_", is_active=True)}
    units = sorted(u for u, tasks in open_tasks.items() if len(tasks) >= 3 and u in staff_users)
    if len(units) < wanted["staff"]:
        print(f"only {len(units)} units with open tasks for {wanted['staff']} staff: some units shared", flush=True)
    chosen = rng.sample(units, min(len(units), wanted["staff"]))
    staff = [
        {"session": session_cookie(staff_users[u]), "tasks": rng.sample(open_tasks[u], min(25, len(open_tasks[u])))}
        for u in chosen
    ]

    def accounts(template_name: str, prefix: str, count: int) -> list[dict]:
        template = User.objects.get(username=template_name)
        groups = list(template.groups.all())
        people = []
        for n in range(count):
            user = User.objects.create(username=f"{prefix}_{n}", unit=template.unit, last_name=template.last_name)
            user.set_unusable_password()
            user.save(update_fields=["password"])
            user.groups.set(groups)
            people.append({"session": session_cookie(user)})
        return people

    today = timezone.localdate()
    agency = list(Plan.objects.filter(parent=None, number__endswith="/KH-BENCH").order_by("year"))
    current = agency[-1]
    return {
        "run": run,
        "csrf": CSRF,
        "pdf": str(pdf),
        "staff": staff,
        "leaders": accounts("bench_leader", "load_leader", wanted["leaders"]),
        "secretariat": accounts("bench_secretariat", "load_secretariat", wanted["secretariat"]),
        "agency_plans": [{"id": p.pk, "year": p.year, "dates": quarter_dates(p.year, today)} for p in agency],
        "unit_plans": list(Plan.objects.filter(parent=current).order_by("pk").values_list("pk", flat=True)),
    }


def wait_http(url: str, timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return True
        except OSError:
            time.sleep(0.5)
    return False


def read_stats(prefix: Path) -> tuple[list[dict], list[dict]]:
    with open(f"{prefix}_stats.csv", encoding="utf-8") as f:
        stats = list(csv.DictReader(f))
    failures_file = Path(f"{prefix}_failures.csv")
    failures = list(csv.DictReader(failures_file.open(encoding="utf-8"))) if failures_file.exists() else []
    return stats, failures


def check_history(outcomes: Path) -> dict:
    """Every accepted update's note in the history exactly once; every confirmed report confirmed."""
    from django.db.models import Count

    from tasks.models import TaskEvent, TaskEventKind
    from tasks.workflow_models import CompletionReport, ReportStatus

    lines = outcomes.read_text(encoding="utf-8").splitlines() if outcomes.exists() else []
    notes = [line.split(" ", 1)[1] for line in lines if line.startswith("accepted ")]
    conflicts = sum(1 for line in lines if line.startswith("conflict "))
    people = {kind: sum(1 for line in lines if line == f"person {kind}") for kind in SHARES}
    confirmed = {int(line.split()[1]) for line in lines if line.startswith("confirmed ")}
    counts: dict[str, int] = {}
    for start in range(0, len(notes), 1000):
        chunk = notes[start : start + 1000]
        rows = (
            TaskEvent.objects.filter(note__in=chunk, kind=TaskEventKind.PROGRESS)
            .values("note")
            .annotate(n=Count("id"))
            .values_list("note", "n")
        )
        counts.update(rows)
    return {
        "people": people,
        "accepted": len(notes),
        "distinct": len(set(notes)),
        "found": sum(1 for note in set(notes) if counts.get(note, 0) >= 1),
        "duplicated": sum(n - 1 for n in counts.values() if n > 1),
        "conflicts": conflicts,
        "confirmed": len(confirmed),
        "confirmed_found": CompletionReport.objects.filter(pk__in=confirmed, status=ReportStatus.CONFIRMED).count(),
    }


def passed(errors: int, requests: int, history: dict) -> bool:
    """No failed request, some requests, every accepted update in the history exactly once (a
    note sent twice would count once: each is unique) and every confirmed report confirmed."""
    return (
        errors == 0
        and requests > 0
        and history["found"] == history["distinct"] == history["accepted"]
        and history["duplicated"] == 0
        and history["confirmed_found"] == history["confirmed"]
    )


def cpu_seconds(server_pid: int) -> dict[str, float]:
    """CPU seconds (user + system) used so far by the app server's processes (its session: the
    master and the workers), PostgreSQL's and Redis's, from /proc: each process's own time and
    that of its children that have ended (PostgreSQL's backends end when a worker's connection
    reaches its CONN_MAX_AGE; the postmaster then holds their time)."""
    ticks = os.sysconf("SC_CLK_TCK")
    used = {"gunicorn": 0.0, "postgres": 0.0, "redis": 0.0}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue  # the process ended meanwhile
        name = text[text.index("(") + 1 : text.rindex(")")]
        fields = text[text.rindex(")") + 2 :].split()
        # Fields 14–17 of proc(5): utime, stime, cutime, cstime (fields[0] is field 3).
        session, cpu = int(fields[3]), sum(int(value) for value in fields[11:15]) / ticks
        if session == server_pid:
            used["gunicorn"] += cpu
        elif name.startswith("postgres"):
            used["postgres"] += cpu
        elif name.startswith("redis"):
            used["redis"] += cpu
    return used


_ID = re.compile(r"/\d+(?=/|$)")


def server_times(access_log: Path) -> list[tuple[str, int, float, float]]:
    """(method and path with ids as {id}, requests, p50 ms, p95 ms) of the server's own time per
    request (gunicorn's access log, %(D)s), busiest first."""
    times: dict[str, list[float]] = {}
    if access_log.exists():
        for line in access_log.read_text(errors="replace").splitlines():
            parts = line.split()
            if len(parts) == 4 and parts[3].isdigit():
                times.setdefault(f"{parts[0]} {_ID.sub('/{id}', parts[1])}", []).append(int(parts[3]) / 1000)
    rows = []
    for key, values in times.items():
        values.sort()
        p95 = values[min(len(values) - 1, math.ceil(0.95 * len(values)) - 1)]
        rows.append((key, len(values), statistics.median(values), p95))
    return sorted(rows, key=lambda row: -row[1])


def server_table(rows: list[tuple[str, int, float, float]]) -> str:
    lines = ["| request (server side) | requests | p50 ms | p95 ms |", "|---|---|---|---|"]
    lines += [f"| {key} | {n} | {p50:.0f} | {p95:.0f} |" for key, n, p50, p95 in rows if n >= 20]
    return "\n".join(lines)


def cpu_table(figures: dict) -> str:
    available = figures["cores"] * figures["seconds"]
    lines = ["| process | CPU s | share of the cores |", "|---|---|---|"]
    for name, used in figures["cpu"].items():
        lines.append(f"| {name} | {used:.0f} | {100 * used / available:.0f}% |")
    total = sum(figures["cpu"].values())
    lines.append(f"| **all of these** | {total:.0f} | {100 * total / available:.0f}% |")
    return "\n".join(lines)


def ms(value: str) -> str:
    return "–" if value in ("", "N/A") else f"{float(value):.0f}"


def table(stats: list[dict]) -> str:
    rows = [
        "| request kind | requests | failures | p50 ms | p95 ms | p99 ms | req/s |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in sorted(stats, key=lambda r: (r["Name"] == "Aggregated", r["Name"])):
        name = "**all requests**" if row["Name"] == "Aggregated" else f"{row['Type']} {row['Name']}"
        rows.append(
            f"| {name} | {row['Request Count']} | {row['Failure Count']} | {ms(row['50%'])} | {ms(row['95%'])}"
            f" | {ms(row['99%'])} | {float(row['Requests/s']):.2f} |"
        )
    return "\n".join(rows)


def write_section(text: str) -> None:
    path = ROOT / "docs" / "RELIABILITY.md"
    doc = path.read_text(encoding="utf-8")
    if SECTION in doc:
        start = doc.index(SECTION)
        end = doc.find("\n## ", start + len(SECTION))
        doc = doc[:start] + text + (doc[end + 1 :] if end != -1 else "")
    else:
        anchor = doc.index("## Other reliability checks")
        doc = doc[:anchor] + text + doc[anchor:]
    path.write_text(doc, encoding="utf-8")


def report(args, figures: dict, stats: list[dict], failures: list[dict], history: dict) -> str:
    smoke = (
        ""
        if args.users >= 300 and args.run_time in ("5m", "300s")
        else " A smaller run than the issue's 300 users for 5 minutes."
    )
    people = ", ".join(f"{n} {kind}" for kind, n in history["people"].items())
    failed = "; ".join(f"{f['Method']} {f['Name']}: {f['Error']} ×{f['Occurrences']}" for f in failures[:10])
    return f"""{SECTION}

`.venv/bin/python bench/load_run.py --users {args.users} --run-time {args.run_time}` (`make bench-load`;
bench/load_run.py, bench/locustfile.py): a copy of the national benchmark database, gunicorn with
{args.workers} sync workers on 127.0.0.1 (DEBUG off), the figures cache and the sessions' cache
layer in Redis (flushed first), and locust {figures["locust"]} starting {args.users} simulated
people ({figures["spawn_rate"]} a second; started: {people}) who each wait 3–10 s between two
actions (think time, `between(3, 10)`): 80% unit staff (each a different unit: `/` and its work list, a task's page,
the update form then a progress update with a unique note, about one in ten with a 1 MB PDF as
evidence), 15% leaders (the reports index, an agency plan's dashboard at a date of its year or
today, the units table, a drill-down into a bucket, a year) and 5% secretariat (the
confirmation queue, confirming a report found on it, the CSV export of a first-level unit's
plan). A 409 (someone of the same unit saved that task first) is a conflict, not an error.
Afterwards every accepted update's note is looked up in the copy's task history.

Run on {figures["date"]}; machine: {figures["machine"]}; load average (1 min) before
{figures["load_before"]}, after {figures["load_after"]}; duration {figures["duration"]} (the run
time, then at most 30 s for the actions in flight to finish).

{table(stats)}

The same requests as the server saw them: its own time per request (gunicorn's access log), from
reading the request to writing the response, without the wait for a free worker; paths with at
least 20 requests.

{server_table(figures["server"])}

Where the {figures["cores"]} cores went during the run ({figures["cores"]} × {figures["seconds"]:.0f} s
available): CPU time of each part, from /proc and locust's own usage.

{cpu_table(figures)}

| check | value |
|---|---|
| errors (failed requests) | {figures["errors"]} |
| updates accepted (302) | {history["accepted"]} |
| accepted updates found in the history (exactly once) | {history["found"]} of {history["distinct"]} |
| duplicated history entries | {history["duplicated"]} |
| updates refused as conflicts (409) | {history["conflicts"]} |
| reports confirmed (302) / found confirmed | {history["confirmed"]} / {history["confirmed_found"]} |

Target: zero errors, every accepted update in the history once.{smoke}{(" Failures seen: " + failed) if failed else ""}

"""


def wrapped(text: str) -> str:
    """The prose paragraphs of the section filled to 99 columns (the tables as they are)."""
    blocks = text.split("\n\n")
    return "\n\n".join(
        block
        if block.startswith(("|", "#")) or not block.strip()
        else textwrap.fill(" ".join(block.split()), 99, break_long_words=False, break_on_hyphens=False)
        for block in blocks
    )


def main(argv=None) -> int:
    args = parse_args(argv)
    if shutil.which("locust", path=str(Path(sys.executable).parent)) is None:
        sys.exit("locust is not installed: .venv/bin/pip install -r bench/requirements.txt")
    run = f"load-{secrets.token_hex(4)}"
    load_before = os.getloadavg()[0]
    work = Path(tempfile.mkdtemp(prefix="cchc-load-"))
    pdf, pool_file, outcomes, media = work / "evidence.pdf", work / "pool.json", work / "outcomes.txt", work / "media"
    copy_database(args.wait)
    database_url = f"{PG}/{COPY}"
    os.environ["REDIS_URL"] = REDIS_URL
    flush_redis()
    setup_django(database_url)
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)  # the copy, to this checkout's models
    collectstatic()
    pdf_of_one_megabyte(pdf)
    pool = prepare_pool(args.users, run, pdf)
    pool_file.write_text(json.dumps(pool), encoding="utf-8")
    from django.db import connections

    connections.close_all()
    print(
        f"pool: {len(pool['staff'])} staff units, {len(pool['leaders'])} leaders, "
        f"{len(pool['secretariat'])} secretariat",
        flush=True,
    )

    env = {**os.environ, **BENCH_ENV, "DATABASE_URL": database_url, "REDIS_URL": REDIS_URL}
    env |= {"MEDIA_ROOT": str(media), "LOG_LEVEL": "ERROR"}  # 409s are expected; django.request warns of them
    log_path, access_path = work / "gunicorn.log", work / "access.log"
    bin_dir = Path(sys.executable).parent
    spawn_rate = args.spawn_rate or max(1.0, args.users / 30)
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [
                str(bin_dir / "gunicorn"),
                "cchc.wsgi",
                "--bind",
                f"127.0.0.1:{args.port}",
                "--workers",
                str(args.workers),
                "--timeout",
                "120",
                # Each request's own time in the server (%(D)s, microseconds), to tell the work
                # from the waiting in locust's times.
                "--access-logfile",
                str(access_path),
                "--access-logformat",
                "%(m)s %(U)s %(s)s %(D)s",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
        try:
            base = f"http://127.0.0.1:{args.port}"
            if not wait_http(base + "/healthz"):
                sys.exit(f"gunicorn did not answer; see {log_path}")
            started = time.monotonic()
            cpu_before = cpu_seconds(server.pid)
            children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
            locust = subprocess.run(
                [
                    str(bin_dir / "locust"),
                    "-f",
                    str(ROOT / "bench" / "locustfile.py"),
                    "--headless",
                    "--users",
                    str(args.users),
                    "--spawn-rate",
                    str(spawn_rate),
                    "--run-time",
                    args.run_time,
                    "--stop-timeout",
                    "30",
                    "--host",
                    base,
                    "--csv",
                    str(work / "locust"),
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                    *args.only,
                ],
                cwd=ROOT,
                env={**os.environ, "LOAD_POOL": str(pool_file), "LOAD_OUTCOMES": str(outcomes)},
                capture_output=True,
                text=True,
            )
            duration = time.monotonic() - started
            children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu_after = cpu_seconds(server.pid)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=60)
    print(locust.stdout[-3000:], locust.stderr[-3000:], sep="\n", flush=True)
    stats, failures = read_stats(work / "locust")
    history = check_history(outcomes)
    connections.close_all()
    aggregated = next(r for r in stats if r["Name"] == "Aggregated")
    figures = {
        "locust": subprocess.run([str(bin_dir / "locust"), "--version"], capture_output=True, text=True).stdout.split()[
            1
        ],
        "spawn_rate": f"{spawn_rate:g}",
        "date": datetime.date.today().strftime("%d/%m/%Y"),
        "machine": f"{os.cpu_count()} cores, "
        + f"{int(Path('/proc/meminfo').read_text().split()[1]) // 1024 // 1024} GB RAM, shared",
        "load_before": f"{load_before:.1f}".replace(".", ","),
        "load_after": f"{os.getloadavg()[0]:.1f}".replace(".", ","),
        "duration": f"{duration:.0f} s",
        "errors": int(aggregated["Failure Count"]),
        "cpu": {
            "app server (gunicorn)": cpu_after["gunicorn"] - cpu_before["gunicorn"],
            "PostgreSQL": cpu_after["postgres"] - cpu_before["postgres"],
            "Redis": cpu_after["redis"] - cpu_before["redis"],
            "locust (the simulated people)": (children_after.ru_utime + children_after.ru_stime)
            - (children_before.ru_utime + children_before.ru_stime),
        },
        "cores": os.cpu_count() or 1,
        "seconds": duration,
        "server": server_times(access_path),
    }
    print(table(stats))
    print(server_table(figures["server"]))
    print(cpu_table(figures))
    for key, value in {**figures, **history}.items():
        print(f"{key}: {value}")
    server_errors = log_path.read_text(errors="replace").count("Traceback")
    print(f"tracebacks in the gunicorn log: {server_errors} ({log_path})")
    if not args.no_write:
        write_section(wrapped(report(args, figures, stats, failures, history)))
    if not args.keep:
        psql(f'DROP DATABASE IF EXISTS "{COPY}" WITH (FORCE)')
    shutil.rmtree(media, ignore_errors=True)
    ok = passed(figures["errors"], int(aggregated["Request Count"]), history)
    print("OK" if ok else "FAILED: errors, or accepted updates missing from the history")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
