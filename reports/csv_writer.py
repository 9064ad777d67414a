"""The task detail of the period report as CSV for Excel: UTF-8 with a BOM (Excel reads the
Vietnamese text right), dates dd/mm/yyyy, one row per task, text that looks like a formula
prefixed with an apostrophe (reports/cell_text.py)."""

from __future__ import annotations

import csv
import datetime
import io

from django.utils.translation import gettext as _

from cchc.formatting import format_date

from .cell_text import looks_like_formula
from .review_columns import TASK_FIELDS, task_headers
from .review_data import ReviewData
from .review_tasks import TaskDetail


def csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return format_date(value)
    text = str(value)
    return "'" + text if looks_like_formula(text) else text


def write_tasks_csv(data: ReviewData, out: io.TextIOBase) -> int:
    """The task detail to `out`, a text stream; returns the row count."""
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    # A closed period's rows name the closing they were read from (reports/closing_review.py).
    closed = [data.closing_identifier] if data.closing_identifier else []
    writer.writerow([*task_headers(data.multi_plan), *([_("Số liệu đã chốt")] if closed else [])])
    # The CSV has no overdue sheet: the detail need not keep its overdue rows.
    lines = data.tasks.lines(keep_overdue=False) if isinstance(data.tasks, TaskDetail) else data.tasks
    count = 0
    for line in lines:
        row = [getattr(line, name) for name in TASK_FIELDS]
        if data.multi_plan:
            row.append(line.plan)
        writer.writerow([*(csv_text(v) for v in row), *closed])
        count += 1
    return count
