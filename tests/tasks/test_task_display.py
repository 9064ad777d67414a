"""How a task's deadline and status are written on every task page (task_display)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from cchc.formatting import short_date
from tasks.models import Task, TaskStatus
from tasks.templatetags.task_display import deadline, status_badge

D = datetime.date
TODAY = D(2026, 7, 10)


def task(**fields) -> Task:
    fields.setdefault("deadline_text", "")
    fields.setdefault("status", TaskStatus.IN_PROGRESS)
    return Task(**fields)


@pytest.mark.parametrize(
    ("fields", "vi", "en"),
    [
        ({"deadline": D(2026, 6, 5)}, "05/06/2026", "05/06/2026"),
        ({"deadline": None}, "Không hạn", "No deadline"),
        ({"deadline": None, "deadline_text": "Thường xuyên"}, "Thường xuyên", "Thường xuyên"),
        ({"deadline": D(2026, 6, 5), "deadline_text": "05/06/2026"}, "05/06/2026", "05/06/2026"),
        ({"deadline": D(2026, 12, 31), "deadline_text": "Quý IV"}, "Quý IV (31/12/2026)", "Quý IV (31/12/2026)"),
        ({"deadline": None, "deadline_text": "<b>Quý</b> & năm"}, "&lt;b&gt;Quý&lt;/b&gt; &amp; năm", None),
        (
            {"deadline": D(2026, 9, 30), "original_deadline": D(2026, 6, 30), "extension_count": 2},
            '30/09/2026 · <span class="small">gia hạn 2 lần, hạn ban đầu 30/06/2026</span>',
            '30/09/2026 · <span class="small">extensions: 2, original deadline 30/06/2026</span>',
        ),
    ],
)
def test_the_deadline_as_written(fields, vi, en):
    for language, expected in (("vi", vi), ("en", en or vi)):
        with translation.override(language):
            assert deadline(task(**fields)) == expected


@pytest.mark.parametrize(
    ("fields", "overdue"),
    [
        ({"deadline": D(2026, 7, 9)}, True),
        ({"deadline": D(2026, 7, 10)}, False),
        ({"deadline": None}, False),
        ({"deadline": D(2026, 7, 9), "status": TaskStatus.COMPLETED}, False),
        ({"deadline": D(2026, 7, 9), "status": TaskStatus.REMOVED}, False),
        ({"deadline": D(2026, 7, 9), "status": TaskStatus.PENDING}, True),
    ],
)
def test_the_status_badge_says_overdue_only_for_open_tasks_past_their_deadline(fields, overdue):
    t = task(**fields)
    with translation.override("en"):
        badge = status_badge(t, TODAY)
    label = {"in_progress": "In progress", "completed": "Completed", "removed": None, "pending": None}[t.status]
    assert badge.startswith(f'<span class="badge status-{t.status}">')
    if label:
        assert f">{label}</span>" in badge
    assert badge.endswith(' <span class="badge text-bg-danger">Overdue</span>') == overdue


def test_short_date_is_the_short_date_format():
    for language in ("vi", "en"):
        with translation.override(language):
            assert short_date(D(2026, 3, 7)) == "07/03/2026"
            assert short_date(datetime.datetime(2026, 12, 31, 23, 5)) == "31/12/2026"
