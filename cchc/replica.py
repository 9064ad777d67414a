"""Dashboards read from a PostgreSQL read replica when DATABASE_REPLICA_URL adds one.

Only views marked `@reads_from_replica` (the report dashboards and the direct exports) read
from the "replica" alias; everything else, and every write, uses "default". Replicas lag a
little behind the primary, so a browser that has just changed data (a POST that wrote to the
primary) reads from the primary for REPLICA_LAG_GRACE_SECONDS and sees its own change at once.
Sign-in, sessions, roles and the job queue are always read from the primary: a login, a role
change or a finished job must take effect in the very next request. Within a marked view, reads
inside a transaction or after a write go to the primary too.

A replica that cannot be reached, or that lags more than REPLICA_MAX_LAG_SECONDS behind, is
left alone: the views read from the primary until a check REPLICA_CHECK_SECONDS later finds it
healthy again (replica_healthy). Dashboards never fail because of the replica.

Without DATABASE_REPLICA_URL there is no "replica" alias, the router is not installed and the
middleware removes itself: nothing changes.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import logging
import time

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

logger = logging.getLogger(__name__)

REPLICA = "replica"
ROUTER = "cchc.replica.ReplicaRouter"
WROTE_AT_COOKIE = "cchc_wrote_at"
# Always read from the primary, even in a view marked @reads_from_replica.
PRIMARY_ONLY_APPS = frozenset({"sessions", "auth", "accounts", "axes", "django_tasks_db"})
_WRITE_STATEMENTS = ("INSERT", "UPDATE", "DELETE")


class _ReplicaReads:
    """The state of one `replica_reads()` block: once it writes, its reads go to the primary
    (a read after a write, e.g. get-or-create's second look, must see that write)."""

    wrote = False


_replica_reads: contextvars.ContextVar[_ReplicaReads | None] = contextvars.ContextVar("replica_reads", default=None)


def replica_configured() -> bool:
    """A replica is in use when the settings define its alias and install the router
    (cchc/settings.py does both for DATABASE_REPLICA_URL)."""
    return REPLICA in connections.settings and ROUTER in settings.DATABASE_ROUTERS


@contextlib.contextmanager
def replica_reads():
    """Within this block, reads of report data go to the replica (when the router is installed)."""
    token = _replica_reads.set(_ReplicaReads())
    try:
        yield
    finally:
        _replica_reads.reset(token)


def recently_wrote(request) -> bool:
    """True while this browser's last write is younger than the replication-lag grace period."""
    try:
        wrote_at = int(request.COOKIES.get(WROTE_AT_COOKIE, ""))
    except ValueError:
        return False
    return time.time() - wrote_at < settings.REPLICA_LAG_GRACE_SECONDS


# This process's last verdict on the replica: (checked at, usable).
_health = {"checked": 0.0, "usable": True}


def replica_healthy() -> bool:
    """Whether the replica answers and lags at most REPLICA_MAX_LAG_SECONDS, checked at most every
    REPLICA_CHECK_SECONDS per process (one small query; the verdict is kept in between)."""
    now = time.monotonic()
    if now - _health["checked"] < settings.REPLICA_CHECK_SECONDS:
        return _health["usable"]
    usable = True
    try:
        with connections[REPLICA].cursor() as cursor:
            if connections[REPLICA].vendor == "postgresql":
                # NULL on a server that is not replaying (a primary, or a replica with no traffic).
                cursor.execute("SELECT extract(epoch FROM now() - pg_last_xact_replay_timestamp())")
                lag = cursor.fetchone()[0]
                if lag is not None and lag > settings.REPLICA_MAX_LAG_SECONDS:
                    logger.warning("Read replica lags %.0f s: dashboards read from the primary", lag)
                    usable = False
    except DatabaseError as exc:
        logger.warning("Read replica unavailable (%s): dashboards read from the primary", exc)
        connections[REPLICA].close()
        usable = False
    _health.update(checked=now, usable=usable)
    return usable


def reads_from_replica(view):
    """Run a read-only view against the replica, unless there is none, it is unhealthy, or the
    user just wrote. Put it under @login_required, so that the session and the user are read before."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not replica_configured() or recently_wrote(request) or not replica_healthy():
            return view(request, *args, **kwargs)
        with replica_reads():
            return view(request, *args, **kwargs)

    return wrapped


class ReplicaRouter:
    """Reads inside `replica_reads()` go to the replica; all else, and all writes, to default."""

    def db_for_read(self, model, **hints):
        block = _replica_reads.get()
        if (
            block is not None
            and not block.wrote
            and model._meta.app_label not in PRIMARY_ONLY_APPS
            # Within a transaction on the primary a read may need to see its own uncommitted rows.
            and not connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        block = _replica_reads.get()
        if block is not None:
            block.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # Both aliases hold the same data: an object read from either may point to the other's.
        if {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA, None}:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS  # the replica copies the primary's schema by itself


class _WriteSpy:
    """An execute wrapper noting whether a statement changed rows on the primary."""

    wrote = False

    def __call__(self, execute, sql, params, many, context):
        if not self.wrote and sql.lstrip()[:6].upper() in _WRITE_STATEMENTS:
            self.wrote = True
        return execute(sql, params, many, context)


class RecentWriteMiddleware:
    """After a POST (PUT, PATCH, DELETE) that wrote to the primary, set a cookie with the time,
    which `reads_from_replica` honours for REPLICA_LAG_GRACE_SECONDS. A cookie rather than the
    session: it costs no session write and expires by itself; forging it only moves one's own
    reads between two copies of the same data."""

    def __init__(self, get_response):
        if not replica_configured():
            raise MiddlewareNotUsed("No read replica")
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD", "OPTIONS", "TRACE"):
            return self.get_response(request)
        spy = _WriteSpy()
        with connections[DEFAULT_DB_ALIAS].execute_wrapper(spy):
            response = self.get_response(request)
        if spy.wrote:
            response.set_cookie(
                WROTE_AT_COOKIE,
                str(int(time.time())),
                max_age=settings.REPLICA_LAG_GRACE_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
