"""Settings fail loudly on bad configuration."""

import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Variables of this machine's environment that would change what a test configures.
CONFIGURATION = {
    "SECRET_KEY",
    "DEBUG",
    "DATABASE_URL",
    "DATABASE_REPLICA_URL",
    "DATABASE_JIT",
    "DATABASE_RANDOM_PAGE_COST",
    "REDIS_URL",
    "STORAGE_BACKEND",
    "LOG_FORMAT",
}


def _import_settings(**env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in CONFIGURATION and not k.startswith("S3_")}
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
    clean = {k: v for k, v in os.environ.items() if k not in CONFIGURATION and not k.startswith("S3_")}
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


# ---------------------------------------------------------------- uploads on S3


S3_ENV = {
    "S3_BUCKET": "cchc-uploads",
    "S3_ENDPOINT_URL": "http://127.0.0.1:9000",
    "S3_ACCESS_KEY_ID": "cchc",
    "S3_SECRET_ACCESS_KEY": "secret-key-for-tests",
    "S3_REGION": "ap-southeast-1",
    "S3_ADDRESSING_STYLE": "path",
}


def _storage(**env) -> dict:
    code = (
        "import json; from django.core.files.storage import storages\n"
        "s = storages['default']\n"
        "keys = ['bucket_name', 'endpoint_url', 'access_key', 'region_name', 'addressing_style', 'default_acl',"
        " 'querystring_auth', 'location']\n"
        "print(json.dumps({'class': type(s).__module__ + '.' + type(s).__name__,"
        " **{k: getattr(s, k) for k in keys if hasattr(s, k)}}))"
    )
    result = _run(code, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_uploads_stay_in_a_local_folder_by_default():
    assert _storage()["class"] == "django.core.files.storage.filesystem.FileSystemStorage"


def test_an_s3_bucket_in_the_environment_selects_the_s3_storage():
    storage = _storage(**S3_ENV)
    assert storage == {
        "class": "storages.backends.s3.S3Storage",
        "bucket_name": "cchc-uploads",
        "endpoint_url": "http://127.0.0.1:9000",
        "access_key": "cchc",
        "region_name": "ap-southeast-1",
        "addressing_style": "path",
        "default_acl": None,  # private: the bucket's own policy, never public-read
        "querystring_auth": True,
        "location": "",
    }
    assert _storage(STORAGE_BACKEND="s3", **S3_ENV)["class"] == storage["class"]
    assert _storage(STORAGE_BACKEND="local", **S3_ENV)["class"].endswith("FileSystemStorage")


def test_s3_without_a_bucket_or_an_unknown_storage_is_an_error():
    result = _import_settings(DEBUG="1", STORAGE_BACKEND="s3")
    assert result.returncode != 0 and "STORAGE_BACKEND=s3 needs S3_BUCKET" in result.stderr
    result = _import_settings(DEBUG="1", STORAGE_BACKEND="ftp")
    assert result.returncode != 0 and "STORAGE_BACKEND must be local or s3" in result.stderr


# ---------------------------------------------------------------- database connections


def _databases(**env) -> dict:
    result = _run(
        "import json; from django.conf import settings\nprint(json.dumps(settings.DATABASES, default=str))", **env
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_postgresql_connections_turn_jit_off_and_cost_random_reads_as_in_memory_unless_asked():
    url = "postgres://cchc@127.0.0.1:5432/cchc"
    assert _databases(DATABASE_URL=url)["default"]["OPTIONS"] == {"options": "-c jit=off -c random_page_cost=1.1"}
    assert _databases(DATABASE_URL=url, DATABASE_JIT="on")["default"]["OPTIONS"] == {
        "options": "-c random_page_cost=1.1"
    }
    assert _databases(DATABASE_URL=url, DATABASE_JIT="on", DATABASE_RANDOM_PAGE_COST="default")["default"][
        "OPTIONS"
    ] == {"options": ""}
    assert _databases(DATABASE_URL=url, DATABASE_RANDOM_PAGE_COST="2")["default"]["OPTIONS"] == {
        "options": "-c jit=off -c random_page_cost=2.0"
    }
    # Options given in the URL are kept.
    with_timeout = _databases(DATABASE_URL=f"{url}?options=-c%20statement_timeout%3D5000")["default"]["OPTIONS"]
    assert with_timeout == {"options": "-c statement_timeout=5000 -c jit=off -c random_page_cost=1.1"}
    assert "options" not in _databases()["default"].get("OPTIONS", {})  # SQLite


@pytest.mark.django_db
def test_the_test_database_connection_runs_without_jit():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("JIT is PostgreSQL's (CI runs on PostgreSQL)")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_a_replica_url_adds_the_replica_and_its_router():
    result = _run(
        "import json; from django.conf import settings; from cchc.replica import replica_configured\n"
        "print(json.dumps([settings.DATABASES['replica'], settings.DATABASE_ROUTERS, replica_configured(),"
        " settings.REPLICA_LAG_GRACE_SECONDS]))",
        DATABASE_URL="postgres://cchc@10.0.0.4:5432/cchc",
        DATABASE_REPLICA_URL="postgres://cchc_ro@10.0.0.5:5432/cchc",
        REPLICA_LAG_GRACE_SECONDS="10",
    )
    replica, routers, configured, grace = json.loads(result.stdout)
    assert (replica["HOST"], replica["USER"], replica["OPTIONS"]) == (
        "10.0.0.5",
        "cchc_ro",
        {"options": "-c jit=off -c random_page_cost=1.1"},
    )
    assert replica["TEST"]["MIRROR"] == "default"  # tests read the test database through it
    assert (routers, configured, grace) == (["cchc.replica.ReplicaRouter"], True, 10)
    without = _run(
        "from django.conf import settings; from cchc.replica import replica_configured\n"
        "print(sorted(settings.DATABASES), settings.DATABASE_ROUTERS, replica_configured())"
    )
    assert without.stdout.strip() == "['default'] [] False", without.stderr


def test_a_replica_without_a_primary_is_an_error():
    result = _import_settings(DEBUG="1", DATABASE_REPLICA_URL="postgres://cchc_ro@10.0.0.5:5432/cchc")
    assert result.returncode != 0 and "DATABASE_REPLICA_URL needs DATABASE_URL" in result.stderr


def test_compose_and_the_image_set_only_variables_the_settings_read():
    """compose.yaml and the Dockerfile configure the app by name: a typo would be ignored silently."""
    settings_source = (ROOT / "cchc" / "settings.py").read_text(encoding="utf-8")
    compose = (ROOT / "compose.yaml").read_text(encoding="utf-8")
    block = compose.split("x-app-environment:", 1)[1].split("\n\n", 1)[0]
    names = set(re.findall(r"^  ([A-Z][A-Z0-9_]*):", block, flags=re.MULTILINE))
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    names |= set(re.findall(r"\b([A-Z][A-Z0-9_]*)=", dockerfile.split("ENV STATIC_ROOT", 1)[1].split("USER", 1)[0]))
    names |= {"STATIC_ROOT"}
    names -= {"WEB_CONCURRENCY"}  # gunicorn's own
    assert {"DATABASE_URL", "SECRET_KEY", "REDIS_URL", "TASKS_BACKEND", "S3_BUCKET", "MEDIA_ROOT"} <= names
    assert [name for name in sorted(names) if f'"{name}"' not in settings_source] == []
