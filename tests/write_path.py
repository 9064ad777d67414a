"""The one write path, checked on every query of every test (docs/DOMAIN.md, "History").

A connection wrapper looks at each INSERT, UPDATE and DELETE of the task tables and walks the
Python stack to the code that issued it. The write is allowed when the nearest project frame is
tasks/services/ or tasks/history.py (or a migration). A test's own set-up may write directly;
but a write made while Django handles a request or runs the admin, with no service in between,
fails the test at once: that is a change of a task that leaves no history."""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUARDED_TABLES = frozenset({"tasks_task", "tasks_taskevent", "tasks_taskstatespan", "tasks_task_coordinating_units"})
WRITERS = (
    "tasks/services/",
    "tasks/history.py",
    # Restoring a backup puts back rows exactly as they were, history and spans included.
    "cchc/backup.py",
)
# Model modules whose save()/delete() only pass a write on: the caller of save() decides.
PASS_THROUGH = ("tasks/models.py", "tasks/workflow_models.py", "cchc/models.py")
_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)
_REQUEST_HANDLING = ("django/core/handlers/", "django/test/client.py")


class WritePathViolation(AssertionError):
    pass


def written_table(sql: str) -> str | None:
    match = _WRITE.match(sql)
    return match.group(1).lower() if match else None


def writer_of(frame) -> str | None:
    """The project file that issued the query (relative path), or None when Django's request
    handling lies between the query and the nearest project frame: the admin or a generic
    view wrote on its own, with no project code choosing to."""
    root = str(ROOT) + "/"
    while frame is not None:
        path = frame.f_code.co_filename
        if path.startswith(root) and "/.venv/" not in path and not path.endswith(PASS_THROUGH):
            return path[len(root) :]
        if any(marker in path for marker in _REQUEST_HANDLING):
            return None
        frame = frame.f_back
    return None


def guard(execute, sql, params, many, context):
    table = written_table(sql)
    if table in GUARDED_TABLES:
        writer = writer_of(sys._getframe(1))
        allowed = writer is not None and (
            writer.startswith(WRITERS) or "/migrations/" in writer or writer.startswith("tests/")
        )
        if not allowed:
            where = writer or "Django itself (a request wrote with no project code between)"
            raise WritePathViolation(f"{table} written by {where}, not through tasks/services/: {sql[:120]}")
    return execute(sql, params, many, context)
