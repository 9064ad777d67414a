"""Settings fail loudly on bad configuration."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _import_settings(**env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"}}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import cchc.settings"], cwd=ROOT, env=clean, capture_output=True, text=True, check=False
    )


def test_production_refuses_to_start_without_secret_key():
    result = _import_settings(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_bad_boolean_is_an_error_not_a_guess():
    result = _import_settings(DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_production_starts_with_secret_key():
    assert _import_settings(DEBUG="0", SECRET_KEY="x" * 50).returncode == 0


def _run(code: str, **env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"}}
    clean.update(DEBUG="1", DJANGO_SETTINGS_MODULE="cchc.settings", **env)
    script = "import django; django.setup()\n" + code
    return subprocess.run(  # noqa: S603 (runs this project's own snippet)
        [sys.executable, "-c", script], cwd=ROOT, env=clean, capture_output=True, text=True, check=False
    )


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


def test_redis_url_moves_cache_and_sessions_to_redis():
    if not _redis_up():
        pytest.skip("no Redis on 127.0.0.1:6379")
    code = (
        "from django.conf import settings; from django.core.cache import cache\n"
        "cache.set('cchc-settings-test', 'shared', 30); print(cache.get('cchc-settings-test'), settings.SESSION_ENGINE)"
    )
    result = _run(code, REDIS_URL="redis://127.0.0.1:6379/15")
    assert result.stdout.split() == ["shared", "django.contrib.sessions.backends.cached_db"], result.stderr
    # A second process (another gunicorn worker, another server) sees the same cache.
    other = _run(
        "from django.core.cache import cache; print(cache.get('cchc-settings-test'))",
        REDIS_URL="redis://127.0.0.1:6379/15",
    )
    assert other.stdout.strip() == "shared", other.stderr


def test_json_logs_are_one_object_per_line():
    result = _run("import logging; logging.getLogger('cchc').warning('Đã xác nhận %s', 'x')", LOG_FORMAT="json")
    record = json.loads(result.stderr.strip().splitlines()[-1])
    assert (record["level"], record["logger"], record["message"]) == ("WARNING", "cchc", "Đã xác nhận x")


def test_an_unknown_log_format_is_an_error():
    result = _import_settings(DEBUG="1", LOG_FORMAT="xml")
    assert result.returncode != 0 and "LOG_FORMAT must be plain or json" in result.stderr
