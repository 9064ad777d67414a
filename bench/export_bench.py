"""The six-month export measured in fresh child processes (bench/run.py --child): its time and
memory, against a bare openpyxl write of the same cell values (``bare_sheets``)."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.environment import ROOT
from bench.measure import capture, median

RUN_SCRIPT = ROOT / "bench" / "run.py"


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
    from reports import review_columns as columns
    from reports.xlsx_writer import SUMMARY_HEADER_ROW, UNITS_HEADER_ROW

    period, c = data.period, data.completion

    def figures(x):
        return [x.total, x.on_time, x.late, x.within, x.overdue, None if x.rate is None else x.rate / 100]

    def sums(first_column: int, first: int, last: int) -> list:
        letters = "ABCDEFGHIJ"[first_column - 1 : first_column + 4]
        return [f"=SUM({letter}{first}:{letter}{last})" for letter in letters]

    def title(sheet_title: str) -> list[list]:
        return [[f"{period.title} — {sheet_title}"], [data.scope_label], []]

    first, last = SUMMARY_HEADER_ROW + 1, SUMMARY_HEADER_ROW + len(data.areas)
    summary = [
        [period.title.upper()],
        ["Cơ quan", data.agency],
        ["Kế hoạch", data.scope_label],
        ["Kỳ báo cáo", period.label],
        ["Số liệu từ ngày", period.start],
        ["Ngày chốt số liệu", period.cutoff],
        [data.headline],
        [],
        columns.summary_headers(),
        *([f"{a.code}. {a.name}", *figures(a.completion)] for a in data.areas),
        ["Tổng cộng", *sums(2, first, last), figures(c)[-1]],
        [],
        ["Tỷ lệ hoàn thành = …"],
        [f"Trên số nhiệm vụ đã đến hạn: {c.completed}/{c.due}"],
        [f"Lập ngày {format_date(data.generated_on)}."],
    ]
    first, last = UNITS_HEADER_ROW + 1, UNITS_HEADER_ROW + len(data.units)
    units = [
        *title("Theo đơn vị chủ trì")[:2],
        [data.headline],
        [],
        columns.unit_headers(),
        *([u.rank, u.unit.name, *figures(u.completion), u.last_update] for u in data.units),
        ["", "Tổng cộng", *sums(3, first, last), figures(c)[-1], None],
    ]
    # Each line is the row of its sheet: TASK_FIELDS then the plan; the overdue columns then the plan.
    detail = [*title("Chi tiết nhiệm vụ"), columns.task_headers(data.multi_plan), *(list(line) for line in data.tasks)]
    overdue = [
        *title("Nhiệm vụ quá hạn"),
        columns.overdue_headers(data.multi_plan),
        *(list(line) for line in data.overdue),
    ]
    changes = [
        *title("Thay đổi kế hoạch"),
        columns.change_headers(data.multi_plan),
        *(list(line) if data.multi_plan else list(line)[:-1] for line in data.changes),
    ]
    inspections = [
        *title("Kiểm tra"),
        columns.inspection_headers(),
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
        columns.figure_headers(),
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
    sheets = [summary, units, detail, overdue, changes, inspections, figure_rows]
    return list(zip(columns.SHEET_NAMES, sheets, strict=True))


def export_child(mode: str) -> dict:
    """One export in this process: mode "time" (no tracing), "memory" (tracemalloc), or
    "bare" (openpyxl write-only writing the same cell values as the export, sheet by sheet —
    bare_sheets — read from the database before timing: no styles, no database)."""
    import gc
    import tracemalloc

    from openpyxl import Workbook

    from figures.models import PeriodKind
    from plans.models import Plan
    from reports.review_data import collect_review
    from reports.review_period import review_period
    from reports.xlsx_writer import LIST_HEADER_ROW, write_review_xlsx
    from tasks.models import Task

    year = max(Plan.objects.values_list("year", flat=True))
    period = review_period(year=year, kind=PeriodKind.H1)
    plans = list(Plan.objects.select_related("issuing_unit"))

    def collect():
        return collect_review(
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
                "rows": len(sheets[2][1]) - LIST_HEADER_ROW,  # the task detail's rows below its header
                "overdue_rows": len(sheets[3][1]) - LIST_HEADER_ROW,
                "cells": sum(len(row) for _, rows in written for row in rows),
                "bytes": out.tell(),
            }
        rss_before = _rss_kb()
        _reset_hwm()
        if mode == "memory":
            tracemalloc.start()
        start = time.perf_counter()
        with capture() as log:
            counts = write_review_xlsx(collect(), out)
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
    cmd = [sys.executable, str(RUN_SCRIPT), "--database-url", database_url, "--child", mode]
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
