"""Hand-written SQL for the figures of reports/completion.py at one date, as a yardstick for
the ORM's queries (and a sketch of the proposed fix): the state at D is the event with the
highest id among those effective on or before D, found with one GROUP BY over the history
(or one LATERAL probe per task for small scopes) and joined by primary key, instead of a
join whose condition is a correlated subquery (which PostgreSQL can only run as a hash of the
whole history table per join). Same buckets as reports/completion.py; bench/run.py checks
that both give the same counts."""

from __future__ import annotations

import datetime

STATE_GROUPED = """
WITH latest AS (
    SELECT task_id, max(id) AS id FROM tasks_taskevent WHERE effective_on <= %(d)s GROUP BY task_id
), state AS (
    SELECT t.id,
           CASE WHEN e.id IS NOT NULL THEN e.status_after
                WHEN NOT EXISTS (SELECT 1 FROM tasks_taskevent x WHERE x.task_id = t.id) THEN t.status END AS status,
           CASE WHEN e.id IS NOT NULL THEN e.completed_on_after ELSE t.completed_on END AS done_on,
           CASE WHEN e.id IS NOT NULL THEN e.deadline_after ELSE t.deadline END AS deadline,
           t.original_deadline
    FROM tasks_task t
    LEFT JOIN latest l ON l.task_id = t.id
    LEFT JOIN tasks_taskevent e ON e.id = l.id
    WHERE {scope}
)
"""

STATE_LATERAL = """
WITH state AS (
    SELECT t.id,
           CASE WHEN e.status_after IS NOT NULL THEN e.status_after
                WHEN NOT EXISTS (SELECT 1 FROM tasks_taskevent x WHERE x.task_id = t.id) THEN t.status END AS status,
           CASE WHEN e.status_after IS NOT NULL THEN e.completed_on_after ELSE t.completed_on END AS done_on,
           CASE WHEN e.status_after IS NOT NULL THEN e.deadline_after ELSE t.deadline END AS deadline,
           t.original_deadline
    FROM tasks_task t
    LEFT JOIN LATERAL (
        SELECT status_after, completed_on_after, deadline_after FROM tasks_taskevent e
        WHERE e.task_id = t.id AND e.effective_on <= %(d)s ORDER BY e.id DESC LIMIT 1
    ) e ON true
    WHERE {scope}
)
"""

COUNTS = """
SELECT
  count(*) FILTER (WHERE status IS NOT NULL AND status <> 'removed') AS total,
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
  FROM state
) s
"""


def completion_sql(day: datetime.date, *, scope: str = "true", lateral: bool = False) -> tuple[str, dict]:
    """SQL and parameters computing the nine counts of reports.completion.Completion at `day`
    over the tasks matching `scope` (a condition on tasks_task t, e.g. "t.plan_id = 5")."""
    state = STATE_LATERAL if lateral else STATE_GROUPED
    params = {"d": day, "soon": day + datetime.timedelta(days=5)}
    return state.format(scope=scope) + COUNTS, params


def completion_raw(day: datetime.date, *, scope: str = "true", lateral: bool = False) -> dict:
    from django.db import connection

    sql, params = completion_sql(day, scope=scope, lateral=lateral)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [c[0] for c in cursor.description]
        return dict(zip(names, cursor.fetchone(), strict=True))
