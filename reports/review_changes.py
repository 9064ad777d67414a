"""The plan's changes in the period for the period report (docs/DOMAIN.md, "Plans during the
year"): every task added (bổ sung), adjusted (điều chỉnh) or taken out of the plan (đưa ra khỏi kế
hoạch) by a document effective inside the report's window, read through tasks/plan_changes.py."""

from __future__ import annotations

import datetime
from typing import NamedTuple

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cchc.formatting import format_date, vn_int
from tasks.models import Task, TaskEvent
from tasks.plan_changes import decided_changes

from .review_period import ReviewPeriod


class ChangeLine(NamedTuple):
    """One row of the "Thay đổi kế hoạch" sheet, in column order (review_columns.change_headers)."""

    index: int
    task: str
    area: str
    change: str
    effective_on: datetime.date
    document: str
    reason: str
    plan: str


def change_lines(tasks: QuerySet[Task], period: ReviewPeriod) -> list[ChangeLine]:
    """The decided changes of the scope's tasks effective from the period's start to its cut-off,
    oldest first, in one query."""
    changes = decided_changes(
        TaskEvent.objects.filter(task__in=tasks.values("pk")), start=period.start, end=period.cutoff
    )
    return [
        ChangeLine(
            index=index,
            task=f"{change.task.number}. {change.task.content}",
            area=change.task.area.code,
            change=change.text,
            effective_on=change.event.effective_on,
            document=change.event.document,
            reason=change.event.note,
            plan=change.task.plan.number,
        )
        for index, change in enumerate(changes.changes, start=1)
    ]


def stored_change_lines(rows: list[dict]) -> list[ChangeLine]:
    """The changes as a closing's snapshot stores them (reports/closing.py, "changes"); a snapshot
    taken before they were stored has none."""
    return [ChangeLine(**{**row, "effective_on": datetime.date.fromisoformat(row["effective_on"])}) for row in rows]


def change_table_headers() -> list[str]:
    """The columns the closing page and the Word draft show, with the Excel sheet's titles."""
    return [
        _("STT"),
        _("Nhiệm vụ"),
        _("Thay đổi"),
        _("Ngày có hiệu lực"),
        _("Văn bản quyết định (số, ngày, trích yếu)"),
        _("Lý do"),
    ]


def change_table_row(line: ChangeLine) -> list[str]:
    """A line as text, cell for cell what the "Thay đổi kế hoạch" sheet holds (its date dd/mm/yyyy)."""
    return [vn_int(line.index), line.task, line.change, format_date(line.effective_on), line.document, line.reason]


def changes_sentence(lines: list[ChangeLine]) -> str:
    """The report's sentence on the plan's changes in the period, with the deciding documents."""
    if not lines:
        return _("Trong kỳ, kế hoạch không có điều chỉnh.")
    documents = list(dict.fromkeys(line.document for line in lines if line.document))
    return ngettext(
        "Trong kỳ, kế hoạch được điều chỉnh %(count)s lần, theo: %(documents)s.",
        "Trong kỳ, kế hoạch được điều chỉnh %(count)s lần, theo: %(documents)s.",
        len(lines),
    ) % {"count": vn_int(len(lines)), "documents": "; ".join(documents)}
