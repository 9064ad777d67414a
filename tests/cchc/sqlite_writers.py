"""Separate processes writing to one SQLite file at once (tests/cchc/test_sqlite_concurrency.py):

    python -m tests.cchc.sqlite_writers setup WORKERS TASKS_PER_WORKER
    python -m tests.cchc.sqlite_writers work WORKER READY_FILE GO_FILE
    python -m tests.cchc.sqlite_writers backup ARCHIVE READY_FILE GO_FILE

The database is the one the settings name (SQLITE_PATH); each command prints one JSON line.
"""

from __future__ import annotations

import datetime
import json
import os
import sys
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
django.setup()

from django.db import OperationalError, connection  # noqa: E402

from accounts.models import User  # noqa: E402
from accounts.roles import Role  # noqa: E402
from tasks.models import Task  # noqa: E402
from tasks.services import extension_approve, extension_request, task_report_progress  # noqa: E402
from tasks.workflow_models import ExtensionRequest, ExtensionStatus  # noqa: E402
from tests.factories import make_plan, make_task, make_unit, make_user  # noqa: E402

DEADLINE = datetime.date(2026, 6, 30)


def setup(workers: int, per_worker: int) -> dict:
    plan = make_plan(year=2026)
    make_user("tt", role=Role.SECRETARIAT, unit=make_unit(code="SNV"), is_staff=True)
    for worker in range(workers):
        unit = make_unit(code=f"W{worker}")
        staff = make_user(f"cb{worker}", role=Role.UNIT_STAFF, unit=unit)
        for _ in range(per_worker):
            task = make_task(plan=plan, lead_unit=unit, deadline=DEADLINE)
            later = DEADLINE + datetime.timedelta(days=30)
            extension_request(task=task, by=staff, requested_deadline=later, reason="gia hạn")
    return {"tasks": Task.objects.count(), "pending": ExtensionRequest.objects.filter(status="pending").count()}


def _wait(ready: str, go: str) -> None:
    connection.ensure_connection()
    Path(ready).touch()
    while not Path(go).exists():
        time.sleep(0.01)


def work(worker: int, ready: str, go: str) -> dict:
    """The secretariat approves this unit's extension requests while the unit saves progress on
    the same tasks, each call in its own transaction, all workers at once."""
    secretariat, staff = User.objects.get(username="tt"), User.objects.get(username=f"cb{worker}")
    requests = list(ExtensionRequest.objects.filter(task__lead_unit__code=f"W{worker}", status=ExtensionStatus.PENDING))
    _wait(ready, go)
    done, errors = 0, []
    for request in requests:
        for attempt in ("decide", "progress"):
            try:
                if attempt == "decide":
                    extension_approve(request=request, by=secretariat, note="đồng ý")
                else:
                    task = Task.objects.get(pk=request.task_id)
                    task_report_progress(
                        task=task, by=staff, loaded_version=task.version, status="in_progress", progress=50, note="ok"
                    )
                done += 1
            except OperationalError as exc:
                errors.append(f"{attempt}: {exc}")
    return {"done": done, "errors": errors}


def backup(archive: str, ready: str, go: str) -> dict:
    from cchc.backup import backup_create

    _wait(ready, go)
    time.sleep(0.2)  # the writers are under way
    summary = backup_create(destination=Path(archive))
    return {"rows": summary.rows, "files": summary.files}


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "setup":
        result = setup(int(args[0]), int(args[1]))
    elif command == "work":
        result = work(int(args[0]), args[1], args[2])
    elif command == "backup":
        result = backup(*args)
    else:
        raise SystemExit(f"unknown command {command}")
    print(json.dumps(result))
