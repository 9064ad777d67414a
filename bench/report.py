"""Writes docs/PERFORMANCE.md from the JSON results of bench/run.py (one file per database).
No Django needed: `python bench/run.py --report-only` rewrites the page from bench/results/."""

from __future__ import annotations

import json
from pathlib import Path

ORDER = ["cchc_bench_province", "cchc_bench"]
NOTES_FILE = Path(__file__).resolve().parent / "FINDINGS.md"


def _load(results_dir: Path) -> list[dict]:
    found = {p.stem: json.loads(p.read_text()) for p in sorted(results_dir.glob("*.json"))}
    names = [n for n in ORDER if n in found] + [n for n in found if n not in ORDER]
    return [found[n] for n in names]


def _label(r: dict) -> str:
    tasks = r["sizes"]["tasks"]
    size = "ten times national" if tasks >= 500_000 else "national" if tasks >= 50_000 else "province"
    return f"{size} ({tasks:,} tasks)".replace(",", " ")


def _scale_section(runs: list[dict]) -> list[str]:
    """Issue 22: the same 10,000-task plan's pages at ten times national size within 1.3 × their
    time at national size (cached and with an empty cache)."""
    national = next((r for r in runs if 50_000 <= r["sizes"]["tasks"] < 500_000), None)
    big = next((r for r in runs if r["sizes"]["tasks"] >= 500_000), None)
    if national is None or big is None:
        return []
    lines = [
        "",
        "## Cost grows with the scope, not the database (issue 22)",
        "",
        f"The same pages over a database ten times national ({_label(big)}; the measured plan still has "
        f"{_fmt(big['sizes']['plan_tasks'])} tasks: the 900 000 more are the second-level units' own plans) "
        f"against national ({_label(national)}). Target: ≤ 1.3 × the national time.",
        "",
        "| page | cache | national ms | ten times ms | ratio | |",
        "|---|---|---|---|---|---|",
    ]
    pages = [
        ("dashboard", "plan dashboard (today)"),
        ("dashboard_30_06", "plan dashboard as of 30/06"),
        ("units", "units table (plan)"),
        ("year_dashboard", "year dashboard"),
    ]
    for part, cache in (("pages", "cached"), ("cold", "empty")):
        for key, label in pages:
            a, b = national.get(part, {}).get(key), big.get(part, {}).get(key)
            if not a or not b:
                continue
            ratio = b["server_ms"] / a["server_ms"] if a["server_ms"] else None
            lines.append(
                f"| {label} | {cache} | {_fmt(a['server_ms'])} | {_fmt(b['server_ms'])} | "
                f"{_fmt(round(ratio, 2) if ratio else None)} | {_ok(ratio is not None and ratio <= 1.3)} |"
            )
    return lines


def _ok(flag) -> str:
    return "—" if flag is None else ("**pass**" if flag else "**MISS**")


def _fmt(v) -> str:
    if v is None:
        return "—"
    if isinstance(v, list):
        return ", ".join(str(x) for x in v)
    if isinstance(v, float):
        return f"{v:,.1f}".replace(",", " ")
    if isinstance(v, int):
        return f"{v:,}".replace(",", " ")
    return str(v)


def _summary(runs: list[dict]) -> list[str]:
    """One line per target of issue 9 and size: pass or miss."""
    out = ["", "## Summary", "", "| target | " + " | ".join(_label(r) for r in runs) + " |"]
    out.append("|---" * (len(runs) + 1) + "|")

    def row(label, get):
        cells = []
        for r in runs:
            try:
                cells.append(get(r))
            except (KeyError, TypeError):
                cells.append("—")
        out.append(f"| {label} | " + " | ".join(cells) + " |")

    def page(key):
        def cell(r):
            p = r["pages"][key]
            if p["aggregate_queries"] == [0]:
                # Figures served from the cache: no figure query to replay, the floor stands in.
                return f"n/a (figures cached: no figure query; {_fmt(p['server_ms'])} ms)"
            return f"{_ok(p['pass'])} ({_fmt(p['server_ms'])} ms)"

        return cell

    def floor(key):
        def cell(r):
            p = r["pages"][key]
            times = f"{_fmt(p['server_ms'])} / {_fmt(p['floor_ms'])} ms"
            return f"{_ok(p['floor_pass'])} ({_fmt(p['floor_ratio'])}× floor: {times})"

        return cell

    def budget(key):
        def cell(r):
            p = r["pages"][key]
            return f"{_ok(p['budget_pass'])} ({_fmt(p['server_ms'])} ms, budget {_fmt(p['budget_ms'])})"

        return cell

    for key, label in (
        ("dashboard", "plan dashboard (today)"),
        ("dashboard_30_06", "plan dashboard as of 30/06"),
        ("year_dashboard", "year dashboard"),
        ("units", "units table"),
    ):
        row(f"{label} ≤ 3 × floor", floor(key))
        row(f"{label} within its budget (national)", budget(key))
    row("plan dashboard ≤ 2 × bare SQL + 20 ms (issue 9)", page("dashboard"))
    row("units table ≤ 2 × bare SQL + 20 ms (issue 9)", page("units"))

    def asof(r):
        targets = {k: v for k, v in r["asof"].items() if not k.startswith("_") and v["pass"] is not None}
        slowest = max(targets, key=lambda k: targets[k]["ms"])
        passed = all(v["pass"] for v in targets.values())
        # These count all the tasks, or the year's: ten times more at ten times national size,
        # where issue 22 asks that pages cost what their scope costs ("Cost grows with the scope").
        scale = "; they count ten times the tasks of national" if r.get("size") == "x10" and not passed else ""
        return f"{_ok(passed)} (slowest {slowest}: {_fmt(targets[slowest]['ms'])} ms{scale})"

    row("every figure as of 30/06 ≤ 300 ms (7 computations)", asof)
    row("unit staff task list ≤ 50 ms", lambda r: f"{_ok(r['mine']['pass'])} ({_fmt(r['mine']['server_ms'])} ms)")
    row(
        "export ≤ 1.3 × bare write",
        lambda r: f"{_ok(r['export']['time_pass'])} ({r['export']['ratio']}×)",
    )
    row(
        "export peak memory growth ≤ 100 MB",
        lambda r: f"{_ok(r['export']['memory_pass'])} ({r['export']['rss_growth_mb']} MB)",
    )

    def throughput(key, rps, p95=None):
        def cell(r):
            x = r["throughput"][key]
            passed = x["rps"] >= rps and (p95 is None or x["p95_ms"] <= p95) and not x["bad_responses"]
            return f"{_ok(passed)} ({x['rps']} req/s, p95 {_fmt(x['p95_ms'])} ms)"

        return cell

    row("dashboard throughput ≥ 50 req/s, p95 ≤ 200 ms (4 workers)", throughput("dashboard", 50, 200))
    row("task update throughput ≥ 140 req/s", throughput("task_update", 140))

    def feature(r):
        measured = {k: v for k, v in r["features"].items() if "pass" in v}
        passed = all(v["pass"] for v in measured.values())
        missed = [k for k, v in measured.items() if not v["pass"]]
        return f"{_ok(passed)}" + (f" ({', '.join(missed)})" if missed else f" ({len(measured)} measured)")

    row("newer features within their budgets", feature)
    return out


def write_report(results_dir: Path, out: Path) -> None:
    runs = _load(results_dir)
    if not runs:
        return
    lines = ["# Performance", ""]
    lines += [
        "Written by `make bench` (bench/run.py); data from bench/generate.py. Every figure is the median",
        "of several runs after a warm-up run. Server time is the Django test client's wall time around",
        "the request (middleware, view, SQL, template) with DEBUG off; SQL time and query counts come from",
        "a connection wrapper timing each query; the *bare SQL* column is the page's own aggregate queries",
        "(COUNT/MAX over tasks and history) replayed in the same run with a plain cursor.",
        "",
        "## Machine",
        "",
    ]
    m = runs[-1]["machine"]
    lines += [
        f"- {m['cores']} cores ({m['cpu']}), {m['memory_gb']} GB memory, Python {m['python']}",
        f"- PostgreSQL {m['postgresql']} on the same machine (shared_buffers {m['shared_buffers']}, "
        f"work_mem {m['work_mem']}), default settings",
        "- Load averages (1, 5, 15 min) before and after each run (the earlier steps of `make bench` included):",
    ]
    for r in runs:
        before = ", ".join(f"{x:.2f}" for x in r["machine"]["load_before"])
        after = ", ".join(f"{x:.2f}" for x in r.get("load_after", [])) or "—"
        lines.append(f"  - {_label(r)}, run of {r['started']}: {before} before, {after} after")
    for r in runs:
        n = r.get("runs", {})
        if n:
            lines.append(
                f"- Runs per figure (median taken), {_label(r)}: pages {n.get('pages')}, as-of {n.get('asof')}, "
                f"task list {n.get('mine')}, export {n.get('export')} (each with a bare write); wrk "
                f"{n['throughput_seconds']['dashboard']} s dashboard, "
                f"{n['throughput_seconds']['task_update']} s updates"
            )
    lines += _summary(runs)
    lines += ["", "## Data", ""]
    lines += ["| | " + " | ".join(_label(r) for r in runs) + " |", "|---" * (len(runs) + 1) + "|"]
    size_rows = [
        ("units (hierarchy: agency → 20 first-level units → the rest)", "units"),
        ("plans (3 years: the agency's plan + 20 derived plans a year)", "plans"),
        ("tasks", "tasks"),
        ("history entries (TaskEvent)", "history"),
        ("coordinating-unit links", "coordination"),
        ("tasks of the measured plan (the agency's current plan)", "plan_tasks"),
        ("tasks of the current year", "year_tasks"),
        ("tasks of the measured staff user's unit (leads or coordinates)", "staff_tasks"),
    ]
    for label, key in size_rows:
        lines.append(f"| {label} | " + " | ".join(_fmt(r["sizes"].get(key)) for r in runs) + " |")
    lines.append("| database size | " + " | ".join(r["machine"]["database_size"] for r in runs) + " |")
    for r in runs:
        mix = r.get("status_mix", {})
        total = sum(mix.values()) or 1
        text = ", ".join(f"{k} {100 * v / total:.0f} %" for k, v in sorted(mix.items(), key=lambda kv: -kv[1]))
        lines.append(f"\nStatus mix, {_label(r)}: {text}.")
    gen = [r for r in runs if r.get("generation_s")]
    if gen:
        lines.append("")
        for r in gen:
            lines.append(f"Generation time, {_label(r)}: {r['generation_s']:.0f} s.")

    # Pages
    lines += ["", "## Plan dashboard and units table", ""]
    lines += [
        "Target: page time ≤ 2 × bare SQL + 20 ms; number of queries constant (the same at both sizes).",
        "",
        "| page | size | server ms | SQL ms | queries | aggregate queries | bare SQL ms | floor ms | × floor | |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    pages = [
        ("dashboard", "plan dashboard (today)"),
        ("dashboard_30_06", "plan dashboard as of 30/06"),
        ("units", "units table (plan)"),
        ("year_dashboard", "year dashboard (all plans of the year)"),
    ]
    for key, label in pages:
        for r in runs:
            p = r.get("pages", {}).get(key)
            if not p:
                continue
            lines.append(
                f"| {label} | {_label(r)} | {_fmt(p['server_ms'])} | {_fmt(p['sql_ms'])} | {_fmt(p['queries'])} | "
                f"{_fmt(p['aggregate_queries'])} | {_fmt(p['bare_sql_ms'])} | {_fmt(p.get('floor_ms'))} | "
                f"{_fmt(p.get('floor_ratio'))} | {_ok(p.get('floor_pass'))} |"
            )
    lines.append(
        "\nServer time is the whole request; SQL ms is every query the page runs (the session, the user, "
        "the plan and the aggregates); bare SQL ms is the aggregates alone, replayed with a plain cursor; "
        "floor ms is the same figures as hand-written SQL (bench/floors.py: a GROUP BY over the task rows for "
        "today, one LATERAL index probe of each task's state span for a past date), timed right after the page "
        "in each run; the target is ≤ 3 × floor."
    )
    # The minimum count of each page: the extra query some runs have is the idle-timeout middleware
    # saving the session (at most once a minute), which does not depend on the data.
    counts = {key: {min(r["pages"][key]["queries"]) for r in runs if key in r.get("pages", {})} for key, _ in pages}
    constant = all(len(v) == 1 for v in counts.values())
    if len(runs) > 1:
        lines.append(
            f"\nQueries constant across sizes: {_ok(constant)} ("
            + "; ".join(f"{k}: {' and '.join(str(x) for x in sorted(v))}" for k, v in counts.items())
            + "; some runs have one more query: IdleSessionTimeoutMiddleware saving the session, at most"
            " once a minute, whatever the data)."
        )

    # The same pages with an empty cache
    if any(r.get("cold") for r in runs):
        lines += [
            "",
            "### The same pages with an empty figures cache",
            "",
            "Figures are cached under per-plan tokens that every write renews (reports/figures_cache.py);"
            " the rows above are what readers get between two writes. Here the cache is emptied before"
            " each request: what the first reader after a write waits. Today's dashboards then count the"
            " task rows and recompute the trend's closed months from the state spans (the floor's LATERAL"
            " trend is slower still).",
            "",
            "| page | size | server ms | SQL ms | queries | floor ms | × floor |",
            "|---|---|---|---|---|---|---|",
        ]
        for key, label in pages:
            for r in runs:
                p = r.get("cold", {}).get(key)
                if p:
                    lines.append(
                        f"| {label} | {_label(r)} | {_fmt(p['server_ms'])} | {_fmt(p['sql_ms'])} | "
                        f"{_fmt(p['queries'])} | {_fmt(p.get('floor_ms'))} | {_fmt(p.get('floor_ratio'))} |"
                    )

    lines += _scale_section(runs)

    # As of
    lines += [
        "",
        "## Figures as of 30/06 computed from history",
        "",
        "Target: ≤ 300 ms for what the application computes (reports/completion.py, reading the state",
        "spans of tasks.TaskStateSpan). Rows marked — are yardsticks, not targets: the same counts in",
        "hand-written SQL over the raw history (bench/reference.py: what the figures cost without the spans),",
        "and the application's query with PostgreSQL's JIT compiler on, which the application turns off.",
        "",
    ]
    lines += ["| computation | size | ms | queries | |", "|---|---|---|---|---|"]
    labels = []
    for r in runs:
        labels += [k for k in r.get("asof", {}) if not k.startswith("_") and k not in labels]
    for label in labels:
        for r in runs:
            a = r.get("asof", {}).get(label)
            if a:
                lines.append(f"| {label} | {_label(r)} | {_fmt(a['ms'])} | {_fmt(a['queries'])} | {_ok(a['pass'])} |")
    for r in runs:
        f = r.get("asof", {}).get("_figures")
        if f:
            lines.append(
                f"\n{_label(r)}, all tasks at 30/06: total {f['total']}, completed {f['completed']} "
                f"(late {f['late']}), overdue {f['overdue']}, removed {f['removed']}, rate {f['rate']} %."
            )

    # Mine
    lines += ["", "## Unit staff task list (`/tasks/mine/`)", "", "Target: ≤ 50 ms server time.", ""]
    lines += ["| size | unit's tasks | server ms | SQL ms | queries | |", "|---|---|---|---|---|---|"]
    for r in runs:
        p = r.get("mine")
        if p:
            lines.append(
                f"| {_label(r)} | {r['sizes']['staff_tasks']} | {_fmt(p['server_ms'])} | {_fmt(p['sql_ms'])} | "
                f"{_fmt(p['queries'])} | {_ok(p['pass'])} |"
            )

    # Export
    lines += [
        "",
        "## Six-month export (sơ kết 6 tháng, every task of every plan, cut-off 30/06)",
        "",
        "Targets: time ≤ 1.3 × bare openpyxl write-only writing the same cell values; peak memory growth",
        "≤ 100 MB. The bare write (bench/run.py `bare_sheets`) writes, one sheet per export sheet, the values",
        "the export writes: every task detail row and overdue row from the same ReviewData, read from the",
        "database before timing, and the small sheets' titles, headers, figure rows and SUM totals; no",
        "styles, row heights or print setup. The export's time includes reading everything from the",
        "database (the SQL s column). Each export runs in a fresh process; memory is the growth of the peak",
        "resident set (VmHWM) during the export, and separately the tracemalloc peak. The last two columns",
        "are a yardstick, not the target: the first run's baseline, a bare write of the task detail sheet",
        "alone, and the export's time over it.",
        "",
        "| size | task rows | overdue rows | file MB | queries | SQL s | export s | bare write s | ratio | "
        "time | RSS growth MB | tracemalloc peak MB | memory | bare write, task sheet only s | ratio to it |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in runs:
        e = r.get("export")
        if e:
            lines.append(
                f"| {_label(r)} | {_fmt(e['rows'])} | {_fmt(e['overdue_rows'])} | {e['file_mb']} | "
                f"{_fmt(e['queries'])} | "
                f"{e['sql_s']} | {e['export_s']} | {e['bare_write_s']} | {e['ratio']} | {_ok(e['time_pass'])} | "
                f"{e['rss_growth_mb']} | {e['tracemalloc_peak_mb']} | {_ok(e['memory_pass'])} | "
                f"{e.get('bare_tasks_write_s', '—')} | {e.get('ratio_to_bare_tasks', '—')} |"
            )

    # Newer features
    if any(r.get("features") for r in runs):
        lines += [
            "",
            "## Newer features at this size (bench/features.py)",
            "",
            "Each once, inside a transaction rolled back afterwards: the closed-period snapshot of the"
            " year's plans at 30/06 (reports/closing.py), the Word report of a closing of the measured"
            " plan, a 2,000-task plan import from a workbook naming the catalogue's units, the daily"
            " reminder job for the dataset's users (e-mail to the in-memory outbox), the PAR INDEX"
            " results of a set over 1,000 units (61 rows each, scored and appraised; computed rows"
            " from the tracker's data) and a first-level unit absorbed into another with its open"
            " tasks handed over (each task's handover is its own history entry: ~10 queries a task).",
            "",
            "| feature | size | ms | queries | budget ms | |",
            "|---|---|---|---|---|---|",
        ]
        labels = []
        for r in runs:
            labels += [k for k in r.get("features", {}) if k not in labels]
        for label in labels:
            for r in runs:
                f = r.get("features", {}).get(label)
                if not f:
                    continue
                if "skipped" in f:
                    lines.append(f"| {label} | {_label(r)} | {f['skipped']} | | {_fmt(f['budget_ms'])} | — |")
                    continue
                lines.append(
                    f"| {label} | {_label(r)} | {_fmt(f['ms'])} | {_fmt(f['queries'])} | {_fmt(f['budget_ms'])} "
                    f"| {_ok(f['pass'])} |"
                )

    # Throughput
    lines += [
        "",
        "## Throughput (gunicorn, 2 workers per core, wrk on loopback)",
        "",
        "Dashboard: GET of the plan dashboard as the leader. Task update: POST of a valid progress report",
        "(new version each time, a different in-progress task per request, each by a staff user of the",
        "task's lead unit); a success is the 302 redirect. Targets (issue 22): dashboard ≥ 50 req/s with p95",
        "≤ 200 ms, task updates ≥ 140 req/s. Before the dashboard run, untimed GETs fill the figures cache",
        "(the first one's time is given); the cache is each worker's memory, or Redis when named.",
        "",
        "| size | workers | cache | request | req/s | p50 ms | p95 ms | p99 ms | requests | non-success | first ms |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in runs:
        t = r.get("throughput")
        if not t:
            continue
        if "skipped" in t:
            lines.append(f"| {_label(r)} | — | | {t['skipped']} | | | | | | | |")
            continue
        for key, label in (("dashboard", "plan dashboard"), ("task_update", "task update")):
            x = t[key]
            lines.append(
                f"| {_label(r)} | {t['workers']} | {t.get('cache', '—')} | {label} | {x['rps']} | {x['p50_ms']} | "
                f"{x['p95_ms']} | {x['p99_ms']} | {_fmt(x['requests'])} | {x['bad_responses']} | "
                f"{_fmt(x.get('first_request_ms'))} |"
            )

    if NOTES_FILE.exists():
        lines += ["", NOTES_FILE.read_text().strip()]
    # The deviations from plain Django and the figure each protects: kept by hand in bench/deviations.md.
    for kept in ("deviations.md", "measured_by_hand.md"):  # sections written by hand, kept on every rewrite
        lines += ["", (Path(__file__).parent / kept).read_text(encoding="utf-8").rstrip()]
    out.write_text("\n".join(lines) + "\n")
