"""SQLite as the embedded default: several processes deciding and saving at once on one database
file never get "database is locked", and a backup taken meanwhile restores.

Real processes on a real file, with the app's own settings (SQLITE_PATH): the test database of
the rest of the suite is in memory, where none of WAL, the busy timeout or separate processes
apply. Before settings asked for WAL, a busy timeout and BEGIN IMMEDIATE, the writers here failed
with OperationalError "database is locked" (a transaction that had read first could not take
the write lock another process held, and SQLite does not wait in that case).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WORKERS = 4
TASKS_PER_WORKER = 8
# Variables of this machine's environment that would point the processes elsewhere.
CONFIGURATION = {"DATABASE_URL", "DATABASE_REPLICA_URL", "REDIS_URL", "STORAGE_BACKEND", "TASKS_BACKEND"}


def _env(database: Path, media: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in CONFIGURATION and not k.startswith("S3_")}
    env.update(DEBUG="1", SQLITE_PATH=str(database), MEDIA_ROOT=str(media), PYTHONPATH=str(ROOT))
    return env


def _run(env: dict, *args: str) -> str:
    result = subprocess.run(  # noqa: S603 (our own commands)
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def _start(env: dict, *args: str) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 (our own module)
        [sys.executable, "-m", "tests.cchc.sqlite_writers", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    """A migrated, empty database file (migrating takes a while: once for the module)."""
    folder = tmp_path_factory.mktemp("sqlite")
    database = folder / "empty.sqlite3"
    _run(_env(database, folder / "media"), "manage.py", "migrate", "--noinput", "-v", "0")
    return database


def _copy(database: Path, to: Path) -> Path:
    shutil.copyfile(database, to)
    return to


def test_parallel_decisions_on_a_sqlite_file_never_fail_and_a_backup_taken_meanwhile_restores(migrated, tmp_path):
    database = _copy(migrated, tmp_path / "db.sqlite3")
    env = _env(database, tmp_path / "media")
    setup = json.loads(_run(env, "-m", "tests.cchc.sqlite_writers", "setup", str(WORKERS), str(TASKS_PER_WORKER)))
    assert setup == {"tasks": WORKERS * TASKS_PER_WORKER, "pending": WORKERS * TASKS_PER_WORKER}
    go = tmp_path / "go"
    archive = tmp_path / "backup.tar.gz"
    processes = [_start(env, "work", str(w), str(tmp_path / f"ready-{w}"), str(go)) for w in range(WORKERS)]
    processes.append(_start(env, "backup", str(archive), str(tmp_path / "ready-backup"), str(go)))
    try:
        while not all((tmp_path / f"ready-{w}").exists() for w in [*range(WORKERS), "backup"]):
            assert all(p.poll() is None for p in processes), [p.communicate() for p in processes if p.poll()]
        go.touch()
        outputs = [p.communicate(timeout=300) for p in processes]
    finally:
        for p in processes:
            if p.poll() is None:
                p.kill()
    assert [p.returncode for p in processes] == [0] * (WORKERS + 1), [err[-2000:] for _, err in outputs]
    results = [json.loads(out) for out, _ in outputs[:WORKERS]]
    assert [r["errors"] for r in results] == [[]] * WORKERS
    assert [r["done"] for r in results] == [2 * TASKS_PER_WORKER] * WORKERS

    with sqlite3.connect(database) as check:
        assert check.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert check.execute("SELECT status, COUNT(*) FROM tasks_extensionrequest GROUP BY status").fetchall() == [
            ("approved", WORKERS * TASKS_PER_WORKER)
        ]
        updated = "SELECT COUNT(*) FROM tasks_task WHERE extension_count = 1 AND progress = 50"
        assert check.execute(updated).fetchone() == (WORKERS * TASKS_PER_WORKER,)

    # The backup read one snapshot while the writers ran; it restores into a fresh database.
    fresh = _copy(migrated, tmp_path / "fresh.sqlite3")
    restored = _run(_env(fresh, tmp_path / "media-restored"), "manage.py", "restore_data", str(archive))
    assert "checked against its manifest" in restored
