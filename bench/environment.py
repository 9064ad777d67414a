"""Where the benchmark runs: the project's paths, the production-like settings of the Django
it sets up (DEBUG off, no HTTPS redirect on loopback) and the server's port."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
STATIC_ROOT = Path(tempfile.gettempdir()) / "cchc_bench_static"
PORT = 8765
SECRET = "bench-secret-key-not-for-production-0123456789abcdef"  # noqa: S105 (loopback benchmark only)
CSRF = "benchcsrftokenbenchcsrftoken0123"  # 32 characters: an unmasked CSRF secret

# Production-like settings (DEBUG off, no HTTPS redirect on loopback).
BENCH_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": SECRET,
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "SECURE_SSL_REDIRECT": "0",
    "SESSION_COOKIE_SECURE": "0",
    "CSRF_COOKIE_SECURE": "0",
    "SECURE_HSTS_SECONDS": "0",
    "STATIC_ROOT": str(STATIC_ROOT),
    "DJANGO_SETTINGS_MODULE": "cchc.settings",
}


def setup_django(database_url: str) -> None:
    name = database_url.rsplit("/", 1)[-1].split("?")[0]
    if not database_url.startswith("postgres") or not name.startswith("cchc_bench"):
        sys.exit("bench/run.py needs a PostgreSQL database named cchc_bench* (--database-url or DATABASE_URL)")
    os.environ["DATABASE_URL"] = database_url
    os.environ.update(BENCH_ENV)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def collectstatic():
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
