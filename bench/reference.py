"""Hand-written SQL for the figures of reports/completion.py at one date, as a yardstick for
the ORM's queries (and a sketch of the proposed fix): the state at D is the event with the
highest id among those effective on or before D, found with one GROUP BY over the history
(or one LATERAL probe per task for small scopes) and joined by primary key, instead of a
join whose condition is a correlated subquery (which PostgreSQL can only run as a hash of the
whole history table per join). Same buckets as reports/completion.py; bench/run.py checks
that both give the same counts."""

from __future__ import annotations

import datetime

# The latest entry effective on or before D per task, for the GROUP BY form.
_LATEST = """
WITH latest AS (
    SELECT task_id, max(id) AS id FROM tasks_taskevent WHERE effective_on <= %(d)s GROUP BY task_id
)
"""

STATE_GROUPED = """
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
"""

STATE_LATERAL = """
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
"""


def completion_sql(day: datetime.date, *, scope: str = "true", lateral: bool = False) -> tuple[str, dict]:
    """SQL and parameters computing the nine counts of reports.completion.Completion at `day`
    over the tasks matching `scope` (a condition on tasks_task t, e.g. "t.plan_id = 5"), with
    the bucket rules of bench/floors.py."""
    from bench.floors import counts_over

    sql, params = counts_over((STATE_LATERAL if lateral else STATE_GROUPED).format(scope=scope), day)
    return ("" if lateral else _LATEST) + sql, params


def completion_raw(day: datetime.date, *, scope: str = "true", lateral: bool = False) -> dict:
    from django.db import connection

    sql, params = completion_sql(day, scope=scope, lateral=lateral)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [c[0] for c in cursor.description]
        return dict(zip(names, cursor.fetchone(), strict=True))
