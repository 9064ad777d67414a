"""The floor: hand-written SQL that a database engineer would write for a page's figures on the
same data (issue 22), timed in the same run as the page, so each page is reported as a ratio to
what the database itself needs.

- As of today (or later): one pass over the scope's task rows, the counts as FILTER clauses
  (the task row is the task's state: every service writes row and history together).
- As of a past date D: each task's state span covering D by one LATERAL index probe
  (statespan_task_from_idx: the span with the greatest valid_from ≤ D; a task's spans are
  contiguous), the same FILTER clauses over it.

The counts are the nine of reports.completion.Completion, with the same bucket rules; bench/run.py
checks that the floor and the application give the same numbers before timing anything."""

from __future__ import annotations

import datetime
import time

_ROW_STATE = """
SELECT t.id, t.area_id, t.source, t.lead_unit_id, t.status, t.completed_on AS done_on, t.deadline,
       t.original_deadline
FROM tasks_task t WHERE {scope}
"""

_SPAN_STATE = """
SELECT t.id, t.area_id, t.source, t.lead_unit_id, s.status, s.completed_on AS done_on, s.deadline,
       t.original_deadline
FROM tasks_task t
JOIN LATERAL (
    SELECT status, completed_on, deadline FROM tasks_taskstatespan s
    WHERE s.task_id = t.id AND s.valid_from <= %(d)s ORDER BY s.valid_from DESC LIMIT 1
) s ON true
WHERE {scope}
"""

_COUNTS = """
SELECT {key}
  count(*) FILTER (WHERE status <> 'removed') AS total,
  count(*) FILTER (WHERE status = 'completed' AND done_on <= %(d)s
                   AND (coalesce(original_deadline, deadline) IS NULL
                        OR done_on <= coalesce(original_deadline, deadline))) AS on_time,
  count(*) FILTER (WHERE status = 'completed' AND done_on <= %(d)s
                   AND done_on > coalesce(original_deadline, deadline)) AS late,
  count(*) FILTER (WHERE open AND (deadline IS NULL OR deadline >= %(d)s)) AS within,
  count(*) FILTER (WHERE open AND deadline < %(d)s) AS overdue,
  count(*) FILTER (WHERE open AND deadline >= %(d)s AND deadline <= %(soon)s) AS due_soon,
  count(*) FILTER (WHERE open AND deadline IS NULL) AS no_deadline,
  count(*) FILTER (WHERE status = 'not_started') AS not_started,
  count(*) FILTER (WHERE status = 'removed') AS removed
FROM (
  SELECT *, (status IN ('not_started', 'in_progress', 'pending', 'returned', 'paused')
             OR (status = 'completed' AND (done_on IS NULL OR done_on > %(d)s))) AS open
  FROM ({state}) state
) s
{group}
"""

# The trend: the official buckets at each month end, one LATERAL probe per task and date.
_TREND = """
SELECT d.day,
  count(*) FILTER (WHERE s.status <> 'removed') AS total,
  count(*) FILTER (WHERE s.status = 'completed' AND s.completed_on <= d.day
                   AND (coalesce(t.original_deadline, s.deadline) IS NULL
                        OR s.completed_on <= coalesce(t.original_deadline, s.deadline))) AS on_time,
  count(*) FILTER (WHERE s.status = 'completed' AND s.completed_on <= d.day
                   AND s.completed_on > coalesce(t.original_deadline, s.deadline)) AS late,
  count(*) FILTER (WHERE (s.status IN ('not_started', 'in_progress', 'pending', 'returned', 'paused')
                          OR (s.status = 'completed' AND (s.completed_on IS NULL OR s.completed_on > d.day)))
                   AND s.deadline < d.day) AS overdue,
  count(*) FILTER (WHERE s.status = 'removed') AS removed
FROM unnest(%(days)s::date[]) AS d(day)
CROSS JOIN tasks_task t
JOIN LATERAL (
    SELECT status, completed_on, deadline FROM tasks_taskstatespan s
    WHERE s.task_id = t.id AND s.valid_from <= d.day ORDER BY s.valid_from DESC LIMIT 1
) s ON true
WHERE {scope}
GROUP BY d.day ORDER BY d.day
"""

COUNT_NAMES = ("total", "on_time", "late", "within", "overdue", "due_soon", "no_deadline", "not_started", "removed")


def counts_sql(day: datetime.date, today: datetime.date, *, scope: str, key: str | None = None) -> tuple[str, dict]:
    """The nine counts over the tasks matching `scope` (a condition on tasks_task t), in one
    row, or one row per value of `key` (area_id, source, lead_unit_id)."""
    state = (_ROW_STATE if day >= today else _SPAN_STATE).format(scope=scope)
    return counts_over(state, day, key=key)


def counts_over(state: str, day: datetime.date, *, key: str | None = None) -> tuple[str, dict]:
    """The nine counts over `state`, a SELECT of (status, done_on, deadline, original_deadline
    [, key]) per task: the bucket rules written once for every hand-written yardstick."""
    sql = _COUNTS.format(key=f"{key}," if key else "", state=state, group=f"GROUP BY {key}" if key else "")
    return sql, {"d": day, "soon": day + datetime.timedelta(days=5)}


def trend_sql(days: list[datetime.date], *, scope: str) -> tuple[str, dict]:
    return _TREND.format(scope=scope), {"days": days}


def run(sql: str, params: dict) -> list[tuple]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


_LAST_UPDATES = """
SELECT t.lead_unit_id, max(e.effective_on) FROM tasks_task t
JOIN tasks_taskevent e ON e.task_id = t.id
WHERE {scope} AND e.kind <> 'created' AND e.effective_on <= %(d)s
GROUP BY t.lead_unit_id
"""


def last_updates_sql(day: datetime.date, *, scope: str) -> tuple[str, dict]:
    """Each lead unit's last reported entry up to `day` (the units table's "last update")."""
    return _LAST_UPDATES.format(scope=scope), {"d": day}


def page_queries(
    day: datetime.date,
    today: datetime.date,
    *,
    scope: str,
    trend_days: list[datetime.date],
    keys: tuple[str, ...] = ("area_id", "source"),
):
    """The floor of a dashboard page: its headline, its breakdowns and its trend, each as one
    hand-written query."""
    queries = [counts_sql(day, today, scope=scope)]
    queries += [counts_sql(day, today, scope=scope, key=key) for key in keys]
    if trend_days:
        queries.append(trend_sql(trend_days, scope=scope))
    return queries


def time_queries(queries) -> float:
    start = time.perf_counter()
    for sql, params in queries:
        run(sql, params)
    return time.perf_counter() - start
