"""The fixed cast of test users, one per role (as healthchecks' BaseTestCase)."""

from __future__ import annotations

import importlib
from dataclasses import dataclass

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.test import Client
from django.utils import translation

from accounts.models import User
from accounts.roles import Role
from units.models import Unit

from . import write_path
from .factories import TEST_PASSWORD, make_unit, make_user


@dataclass
class Cast:
    unit_a: Unit
    unit_b: Unit
    secretariat: User
    leader: User
    staff_a: User
    head_a: User
    staff_b: User
    outsider: User

    def client(self, user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client


@pytest.fixture(autouse=True)
def one_write_path():
    """Every write of a task, its history or its state spans goes through tasks/services/
    (tests/write_path.py). The wrapper is installed on the connection of this thread."""
    with connection.execute_wrapper(write_path.guard):
        yield


@pytest.fixture(autouse=True)
def default_language_after_each_test():
    """A request in English leaves English active in the thread (the locale middleware does not
    reset it); the next test would then read English labels. Back to the default after each."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """PBKDF2's million rounds cost ~0.3 s a user; tests create several per test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def cast(db) -> Cast:
    unit_a = make_unit(code="SA", name="Sở Tư pháp thử")
    unit_b = make_unit(code="SB", name="Sở Tài chính thử")
    return Cast(
        unit_a=unit_a,
        unit_b=unit_b,
        secretariat=make_user("tt", role=Role.SECRETARIAT, unit=make_unit(code="SNV-T"), is_staff=True),
        leader=make_user("ld", role=Role.LEADER),
        staff_a=make_user("cb_a", role=Role.UNIT_STAFF, unit=unit_a),
        head_a=make_user("head_a", role=Role.UNIT_HEAD, unit=unit_a),
        staff_b=make_user("cb_b", role=Role.UNIT_STAFF, unit=unit_b),
        outsider=make_user("nobody"),
    )


@pytest.fixture
def password() -> str:
    return TEST_PASSWORD


@pytest.fixture
def reseed():
    """Transactional tests (live server, real races) flush the database afterwards, which
    also wipes the rows data migrations seeded (reform areas, role groups). Restore them."""
    importlib.import_module("plans.migrations.0002_seed_reform_areas").seed(django_apps, None)
    importlib.import_module("figures.migrations.0002_seed_indicators").seed(django_apps, None)
    # Permissions themselves are recreated by flush's post_migrate; only assign them.
    importlib.import_module("accounts.migrations.0002_seed_role_groups").assign(django_apps)
    importlib.import_module("accounts.migrations.0003_secretariat_unlock_and_audit_permissions").assign(django_apps)


@pytest.fixture(autouse=True)
def _language_reset():
    """A request in English (the language cookie, LocaleMiddleware) leaves English active in the
    thread after the response: without this, a test run after it that reads messages outside a
    request (the import parser's) would get them in English."""
    yield
    from django.utils import translation

    translation.deactivate()
