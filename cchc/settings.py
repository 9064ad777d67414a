"""Settings for CCHC Tracker, read from environment variables (see .env.example).

Without DATABASE_URL the app runs on an embedded SQLite file in the project folder,
which is what `make demo` uses. Production sets DEBUG=0, SECRET_KEY and DATABASE_URL.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is required when DEBUG is off. Set SECRET_KEY (or DEBUG=1 for development)."
        )
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105 (DEBUG only)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "audit",
    "cchc",
    "units",
    "accounts",
    "plans",
    "planning",
    "tasks",
    "reports",
    "inspections",
    "demo",
    "figures",
    "notifications",
    "reorganisation",
    "parindex",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Inside the session middleware, so that saving a session is not taken for a data change.
    # Removes itself when there is no read replica.
    "cchc.replica.RecentWriteMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Vietnamese unless the user chose English (profile, then cookie); never Accept-Language.
    "cchc.middleware.AgencyLocaleMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "audit.context.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A second factor (TOTP) where one is enrolled or required (accounts/otp.py).
    "accounts.otp.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "cchc.middleware.IdleSessionTimeoutMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cchc.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "accounts.context_processors.roles",
                "notifications.context_processors.bell",
            ],
        },
    },
]

WSGI_APPLICATION = "cchc.wsgi.application"

# PostgreSQL's JIT compiler spends longer compiling the dashboards' counting queries than
# running them (bench/FINDINGS.md: 885 ms of JIT for a 120 ms query), so connections turn it
# off unless DATABASE_JIT=on.
DATABASE_JIT = env_bool("DATABASE_JIT", False)
# A background export still running after this many minutes lost its worker: marked failed.
EXPORT_JOB_TIMEOUT_MINUTES = env_int("EXPORT_JOB_TIMEOUT_MINUTES", 30)
# A deadline may be extended up to the end of this many years after the plan's year.
EXTENSION_YEARS_AFTER_PLAN = env_int("EXTENSION_YEARS_AFTER_PLAN", 1)
# The planner's cost of a random page read, for the app's connections. PostgreSQL's default (4,
# for spinning disks) makes it hash the whole state-span table (≈ 450 000 rows nationally) to
# join a plan's 10 000 tasks, where an index probe per task reads 45 000 (the trend: 388 → 242
# ms, issue 22). 1.1 suits data in memory or on SSD; "default" keeps the server's setting.
DATABASE_RANDOM_PAGE_COST = os.environ.get("DATABASE_RANDOM_PAGE_COST", "1.1")


# SQLite as an embedded database for the demo and small single-server installs: write-ahead
# logging (readers never block the writer, nor the writer the readers), a busy timeout (a writer
# waits for the one before it instead of failing), and BEGIN IMMEDIATE for every transaction
# (a transaction that read first and writes later would otherwise fail at once with "database
# is locked" when another writer got in between: SQLite cannot wait there). Each connection runs
# the init command; WAL stays set in the file.
SQLITE_BUSY_TIMEOUT = env_int("SQLITE_BUSY_TIMEOUT", 20)  # seconds


def sqlite_options(config: dict) -> dict:
    if config["ENGINE"] == "django.db.backends.sqlite3":
        options = config.setdefault("OPTIONS", {})
        options.setdefault("transaction_mode", "IMMEDIATE")
        options.setdefault("timeout", SQLITE_BUSY_TIMEOUT)
        options.setdefault("init_command", "PRAGMA journal_mode=WAL")
    return config


def database_from_url(url: str) -> dict:
    config = dj_database_url.parse(url, conn_max_age=env_int("CONN_MAX_AGE", 60), conn_health_checks=True)
    if config["ENGINE"] == "django.db.backends.postgresql":
        settings = [] if DATABASE_JIT else ["-c jit=off"]
        if DATABASE_RANDOM_PAGE_COST != "default":
            settings.append(f"-c random_page_cost={float(DATABASE_RANDOM_PAGE_COST)}")
        options = config.setdefault("OPTIONS", {})
        options["options"] = " ".join([options.get("options", ""), *settings]).strip()
    return sqlite_options(config)


DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": database_from_url(DATABASE_URL)}
else:
    DATABASES = {
        "default": sqlite_options(
            {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            }
        )
    }
# A read replica for the dashboards (cchc/replica.py): only views marked @reads_from_replica
# read from it, and not for REPLICA_LAG_GRACE_SECONDS after the browser's last write.
# A replica lagging more than this, or unreachable, is left alone: reads go to the primary; its
# health is checked again after REPLICA_CHECK_SECONDS.
REPLICA_MAX_LAG_SECONDS = env_int("REPLICA_MAX_LAG_SECONDS", 60)
REPLICA_CHECK_SECONDS = env_int("REPLICA_CHECK_SECONDS", 10)
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
REPLICA_LAG_GRACE_SECONDS = env_int("REPLICA_LAG_GRACE_SECONDS", 30)
if DATABASE_REPLICA_URL:
    if not DATABASE_URL:
        raise ImproperlyConfigured("DATABASE_REPLICA_URL needs DATABASE_URL (the primary) as well.")
    # Under the test runner the replica is the test database itself (no second copy to create).
    DATABASES["replica"] = {**database_from_url(DATABASE_REPLICA_URL), "TEST": {"MIRROR": "default"}}
    DATABASE_ROUTERS = ["cchc.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.RoleLoadingBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Vietnamese first; dates dd/mm/yyyy and "51,95%" come from cchc/formats/.
LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "vi")
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["cchc.formats"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Ho_Chi_Minh")
USE_I18N = True
USE_TZ = True
# Years and document numbers must never read "2.023"; counts use the vn_int filter instead.
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# Uploaded evidence lives outside the static tree and is served only through access-checked views.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"

# Where uploaded files go: the MEDIA_ROOT folder, or with STORAGE_BACKEND=s3 (implied by
# S3_BUCKET) an S3-compatible bucket through django-storages, which several servers share
# without a network file system. Objects stay private (no ACL: the bucket's own policy; any URL
# would be signed): nothing links to the bucket, every download is streamed by a view that
# checks access, and the code reads files through the storage API only (never .path).
STORAGE_BACKEND = os.environ.get("STORAGE_BACKEND", "").strip().lower() or (
    "s3" if os.environ.get("S3_BUCKET") else "local"
)
if STORAGE_BACKEND == "local":
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif STORAGE_BACKEND == "s3":
    if not os.environ.get("S3_BUCKET"):
        raise ImproperlyConfigured("STORAGE_BACKEND=s3 needs S3_BUCKET.")
    _s3_options = {
        "bucket_name": "S3_BUCKET",
        "endpoint_url": "S3_ENDPOINT_URL",  # e.g. https://s3.example.vn or http://minio:9000
        "region_name": "S3_REGION",
        # Unset: boto3's own chain (AWS_* variables, instance role).
        "access_key": "S3_ACCESS_KEY_ID",
        "secret_key": "S3_SECRET_ACCESS_KEY",
        "custom_domain": "S3_CUSTOM_DOMAIN",
        "addressing_style": "S3_ADDRESSING_STYLE",  # "path" for most self-hosted services
        "location": "S3_PREFIX",  # a folder inside the bucket
    }
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **{option: os.environ[name] for option, name in _s3_options.items() if os.environ.get(name)},
            "default_acl": None,
            "querystring_auth": True,
            # Downloads are read into memory up to 5 MB, into a temporary file beyond.
            "max_memory_size": 5 * 1024 * 1024,
        },
    }
else:
    raise ImproperlyConfigured(f"STORAGE_BACKEND must be local or s3, got {STORAGE_BACKEND!r}")
STORAGES = {
    "default": _media_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "cchc-tracker@localhost")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
# One-time password links (users page): e-mailed to the person when e-mail really goes out
# (a backend other than the console's or the dummy's), otherwise shown once to the secretariat.
PASSWORD_RESET_BY_EMAIL = env_bool(
    "PASSWORD_RESET_BY_EMAIL",
    EMAIL_BACKEND
    not in {"django.core.mail.backends.console.EmailBackend", "django.core.mail.backends.dummy.EmailBackend"},
)
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT_HOURS", 72) * 60 * 60

# Reminders (notifications/services.py, `manage.py send_reminders`). Links in e-mails start with SITE_URL.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Days before a deadline (tasks, inspection recommendations, period figures) on which to remind.
REMINDER_DAYS = tuple(sorted({int(d) for d in env_list("REMINDER_DAYS", ["7", "3", "1"])}, reverse=True))
# An open task this many days past its deadline is escalated to the lead unit's head.
ESCALATE_AFTER_DAYS = env_int("ESCALATE_AFTER_DAYS", 14)
# A unit with open tasks and no update for this many days is "silent" (its head is told weekly).
SILENT_DAYS = env_int("SILENT_DAYS", 30)
# Overdue items are repeated every this many days (1 day late, then 8, 15…), not every day.
OVERDUE_REPEAT_DAYS = env_int("OVERDUE_REPEAT_DAYS", 7)
# The secretariat's weekly summary of overdue items per unit, from this weekday on (0 = Monday).
WEEKLY_SUMMARY_WEEKDAY = env_int("WEEKLY_SUMMARY_WEEKDAY", 0)
# Channels besides the app (dotted paths of notifications.channels.Channel classes; SMS or Zalo
# are added here), and the ones a person gets when they have not chosen (by channel name).
NOTIFICATION_CHANNELS = env_list("NOTIFICATION_CHANNELS", ["notifications.channels.EmailChannel"])
NOTIFICATION_DEFAULT_CHANNELS = env_list("NOTIFICATION_DEFAULT_CHANNELS", ["email"])

# Sessions: an absolute lifetime, plus logout after SESSION_IDLE_TIMEOUT seconds without a
# request (cchc/middleware.py).
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT", 60 * 60)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "cchc.views.csrf_failure"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Behind nginx or a load balancer: trust its X-Forwarded-Proto, and take the client address
# for login throttling and the audit log from X-Forwarded-For (PROXY_COUNT proxies deep).
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
PROXY_COUNT = env_int("PROXY_COUNT", 1 if BEHIND_PROXY else 0)

# Content-Security-Policy (django-csp): no inline scripts or styles anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],  # Bootstrap draws its icons as data: SVG
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Login throttling (django-axes): lock a username+address pair after repeated failures.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "cchc.net.client_ip"
AXES_VERBOSE = False

# Two-factor authentication (django-otp, TOTP): anyone who enrolled a device enters a code
# after logging in; with OTP_REQUIRED_FOR_SECRETARIAT=1 the secretariat and admin accounts must
# enrol one before using the app.
OTP_REQUIRED_FOR_SECRETARIAT = env_bool("OTP_REQUIRED_FOR_SECRETARIAT", False)
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "CCHC Tracker")

# LOG_FORMAT=json: one JSON object per line (python-json-logger), for log collectors.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "plain").strip().lower()
if LOG_FORMAT not in {"plain", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be plain or json, got {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(process)d",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # django-axes logs every login at INFO; failures still reach the audit log. fontTools (the
    # steering pack's PDF, fpdf2) logs each font subsetting step at INFO.
    "loggers": {"axes": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

# Several app servers: REDIS_URL moves the cache and the sessions' cache layer to Redis
# (sessions stay in PostgreSQL too: cached_db). Without it, sessions live in PostgreSQL alone,
# which is already shared, and each process caches figures in its own memory. Figures are cached
# under per-plan tokens kept in the database (reports/figures_cache.py), so neither cache can
# serve stale numbers; Redis only lets the app servers share them.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # A Redis outage is a cache miss, not an error page (cchc/cache.py); answers within 0.5 s.
    CACHES = {
        "default": {
            "BACKEND": "cchc.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Background jobs (django-tasks): "immediate" runs a job inside the request that enqueues it
# (development, tests, `make demo`: no worker needed); "database" stores it for the worker
# `python manage.py db_worker` (django-tasks-db), which production runs as a service.
_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "immediate").strip().lower() or "immediate"
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {', '.join(_TASK_BACKENDS)}, got {TASKS_BACKEND!r}")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND], "QUEUES": ["default"]}}
# Period-report exports of at least this many tasks run as a background job (reports/jobs.py).
EXPORT_BACKGROUND_MIN_TASKS = env_int("EXPORT_BACKGROUND_MIN_TASKS", 5000)

# Evidence and other uploaded documents (cchc/uploads.py).
UPLOAD_MAX_MB = env_int("UPLOAD_MAX_MB", 20)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640
