"""The read replica (cchc/replica.py): which database each read goes to, the replication-lag
rule after a write, and a dashboard served from the replica."""

from __future__ import annotations

import copy
import datetime
import time

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.exceptions import MiddlewareNotUsed
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from cchc import replica
from cchc.replica import (
    REPLICA,
    ROUTER,
    WROTE_AT_COOKIE,
    RecentWriteMiddleware,
    ReplicaRouter,
    reads_from_replica,
    recently_wrote,
    replica_reads,
)
from plans.models import Plan
from tasks.models import Task, TaskStatus
from tests.factories import TEST_PASSWORD, make_plan, make_task

router = ReplicaRouter()


def test_reads_go_to_the_replica_only_inside_replica_reads():
    assert router.db_for_read(Task) == DEFAULT_DB_ALIAS
    with replica_reads():
        assert router.db_for_read(Task) == REPLICA
        assert router.db_for_read(Plan) == REPLICA
        assert router.db_for_write(Task) == DEFAULT_DB_ALIAS
    assert router.db_for_read(Task) == DEFAULT_DB_ALIAS


def test_sessions_users_and_roles_are_always_read_from_the_primary():
    with replica_reads():
        for model in (Session, User, User.groups.field.related_model):
            assert router.db_for_read(model) == DEFAULT_DB_ALIAS, model


@pytest.mark.django_db
def test_inside_a_transaction_on_the_primary_reads_stay_there():
    with replica_reads(), transaction.atomic():
        assert router.db_for_read(Task) == DEFAULT_DB_ALIAS


def test_after_a_write_a_view_reads_from_the_primary():
    """E.g. get-or-create: created on the primary, read again — the replica may not have it yet."""
    with replica_reads():
        assert router.db_for_read(Plan) == REPLICA
        router.db_for_write(Plan)
        assert router.db_for_read(Plan) == DEFAULT_DB_ALIAS
    with replica_reads():  # the next view starts afresh
        assert router.db_for_read(Plan) == REPLICA


def test_migrations_run_on_the_primary_only():
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "tasks")
    assert not router.allow_migrate(REPLICA, "tasks")


def _request(cookie: str | None = None):
    request = RequestFactory().get("/reports/")
    if cookie is not None:
        request.COOKIES[WROTE_AT_COOKIE] = cookie
    return request


def test_a_recent_write_keeps_reads_on_the_primary_for_the_grace_period(settings):
    settings.REPLICA_LAG_GRACE_SECONDS = 30
    now = int(time.time())
    assert recently_wrote(_request(str(now - 5)))
    assert not recently_wrote(_request(str(now - 31)))
    assert not recently_wrote(_request())
    assert not recently_wrote(_request("not-a-time"))


@reads_from_replica
def _where_reads_go(request):
    return HttpResponse(router.db_for_read(Task))


def test_the_decorator_reads_from_the_replica_unless_the_user_just_wrote(monkeypatch):
    assert _where_reads_go(_request()).content == b"default"  # no replica configured: nothing changes
    monkeypatch.setattr(replica, "replica_configured", lambda: True)
    monkeypatch.setattr(replica, "replica_healthy", lambda: True)  # its checks: the test below
    assert _where_reads_go(_request()).content == b"replica"
    assert _where_reads_go(_request(str(int(time.time())))).content == b"default"
    assert router.db_for_read(Task) == DEFAULT_DB_ALIAS  # and back after the view


@pytest.mark.django_db
def test_the_middleware_marks_posts_that_wrote(monkeypatch, cast):
    def view(request):
        if request.POST.get("write"):
            User.objects.filter(pk=cast.leader.pk).update(first_name="Lan")
        else:
            User.objects.count()
        return HttpResponse("ok")

    with pytest.raises(MiddlewareNotUsed):
        RecentWriteMiddleware(view)  # removes itself without a replica
    monkeypatch.setattr(replica, "replica_configured", lambda: True)
    middleware = RecentWriteMiddleware(view)
    factory = RequestFactory()
    wrote = middleware(factory.post("/x/", {"write": "1"})).cookies[WROTE_AT_COOKIE]
    assert abs(int(wrote.value) - time.time()) < 5 and wrote["max-age"] == 30 and wrote["httponly"]
    assert WROTE_AT_COOKIE not in middleware(factory.post("/x/")).cookies  # a POST that only read
    assert WROTE_AT_COOKIE not in middleware(factory.get("/x/", {"write": "1"})).cookies


# ---------------------------------------------------------------- a dashboard on the replica


def _register_replica_alias() -> None:
    """A "replica" alias on the test database itself, as cchc/settings.py defines it for
    DATABASE_REPLICA_URL: Django's TEST MIRROR points it at the test database, so it sees only
    committed rows, as a real replica does (hence transactional tests). Registered when this
    module is collected, before pytest-django sets up the databases; without the router (the
    `replica_alias` fixture installs it) the alias is unused, so other tests run as before."""
    if REPLICA not in connections.settings:
        primary = connections.settings[DEFAULT_DB_ALIAS]
        connections.settings[REPLICA] = {
            **copy.deepcopy(primary),
            "TEST": {**primary.get("TEST", {}), "MIRROR": DEFAULT_DB_ALIAS},
        }


_register_replica_alias()


@pytest.fixture
def replica_alias(settings):
    settings.DATABASE_ROUTERS = [ROUTER]
    return connections[REPLICA]


def _task_queries(connection_queries) -> list[str]:
    return [q["sql"] for q in connection_queries if '"tasks_task"' in q["sql"]]


@pytest.mark.django_db(transaction=True, databases=[DEFAULT_DB_ALIAS, REPLICA])
def test_a_dashboard_is_read_from_the_replica_except_right_after_a_write(reseed, cast, replica_alias):
    plan = make_plan(number="7/KH-UBND", year=2023, issued_on=datetime.date(2023, 1, 10))
    make_task(plan=plan, status=TaskStatus.COMPLETED)
    make_task(plan=plan, status=TaskStatus.IN_PROGRESS)
    url = reverse("reports:plan_dashboard", args=[plan.pk])
    client = cast.client(cast.leader)  # force_login: no request through the middleware
    # Which database the figures are read from: each request computes them (no cached figures).
    cache.clear()

    with (
        CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as primary,
        CaptureQueriesContext(replica_alias) as mirror,
    ):
        response = client.get(url)
    assert response.status_code == 200
    assert "Hoàn thành 1/2 nhiệm vụ, đạt 50,00%" in response.content.decode()
    assert _task_queries(mirror.captured_queries) and not _task_queries(primary.captured_queries)
    # The session and the user's roles came from the primary.
    assert not [q for q in mirror.captured_queries if "django_session" in q["sql"] or "auth_group" in q["sql"]]

    # Signing in writes (last login): for the grace period this browser reads from the primary.
    fresh = Client()
    login = fresh.post(reverse("accounts:login"), {"username": cast.leader.username, "password": TEST_PASSWORD})
    assert login.status_code == 302 and WROTE_AT_COOKIE in login.cookies
    with (
        CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as primary,
        CaptureQueriesContext(replica_alias) as mirror,
    ):
        cache.clear()
        response = fresh.get(url)
    assert "Hoàn thành 1/2 nhiệm vụ, đạt 50,00%" in response.content.decode()
    assert _task_queries(primary.captured_queries) and not mirror.captured_queries

    # Once the grace period is over, back to the replica.
    fresh.cookies[WROTE_AT_COOKIE] = str(int(time.time()) - 31)
    cache.clear()
    with CaptureQueriesContext(replica_alias) as mirror:
        assert fresh.get(url).status_code == 200
    assert _task_queries(mirror.captured_queries)


@pytest.mark.django_db(transaction=True, databases=[DEFAULT_DB_ALIAS, REPLICA])
def test_a_replica_that_is_down_or_lagging_is_left_alone(reseed, cast, replica_alias, monkeypatch, settings):
    """Dashboards never fail because of the replica: unreachable or too far behind, they read
    the primary; the verdict is kept REPLICA_CHECK_SECONDS, then checked again."""
    from django.db import OperationalError

    settings.REPLICA_CHECK_SECONDS = 10
    plan = make_plan(number="8/KH-UBND", year=2023, issued_on=datetime.date(2023, 1, 10))
    make_task(plan=plan, status=TaskStatus.COMPLETED)
    url = reverse("reports:plan_dashboard", args=[plan.pk])
    client = cast.client(cast.leader)
    cache.clear()  # each request computes its figures (none cached): the database they come from

    def refused(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(replica, "_health", {"checked": 0.0, "usable": True})
    with monkeypatch.context() as down:
        down.setattr(replica_alias, "cursor", refused)
        with CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as primary:
            response = client.get(url)
    assert response.status_code == 200
    assert "Hoàn thành 1/1 nhiệm vụ, đạt 100,00%" in response.content.decode()
    assert _task_queries(primary.captured_queries)
    # Still marked down within the check interval, even though it answers again.
    cache.clear()
    with CaptureQueriesContext(replica_alias) as mirror:
        assert client.get(url).status_code == 200
    assert not mirror.captured_queries
    # Checked again later: healthy (no replay lag on this stand-in), back to the replica.
    replica._health["checked"] -= 11
    cache.clear()
    with CaptureQueriesContext(replica_alias) as mirror:
        assert client.get(url).status_code == 200
    assert _task_queries(mirror.captured_queries)
