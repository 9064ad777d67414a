"""Two people saving the same unit's figures at the same moment (real PostgreSQL transactions)."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.db import connection, transaction

from accounts.models import User
from figures import services
from figures.models import Indicator, IndicatorValue


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_second_first_time_save_waits_and_updates(reseed, cast, h1):
    """Both start before any row exists. A creates the rows and holds its transaction open;
    B must wait on the unit's lock, then find A's rows and update them, not fail on the
    unique constraint."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (CI runs on PostgreSQL)")
    indicator = Indicator.objects.create(code="dua-tranh", name="Chỉ tiêu thử", unit_of_measure="cái")
    a_saved, a_may_commit = threading.Event(), threading.Event()
    outcome: dict[str, object] = {}

    def save(name: str, username: str, value: str, hold: bool):
        try:
            user = User.objects.get(username=username)
            with transaction.atomic():
                outcome[name] = services.figures_enter(
                    unit=user.unit, period=h1, values={indicator.pk: Decimal(value)}, by=user
                )
                if hold:
                    a_saved.set()
                    a_may_commit.wait(10)
        except Exception as exc:  # surfaced in the assertion below
            outcome[name] = repr(exc)
        finally:
            connection.close()

    a = threading.Thread(target=save, args=("A", "cb_a", "12", True))
    b = threading.Thread(target=save, args=("B", "head_a", "30.5", False))
    a.start()
    assert a_saved.wait(10)
    b.start()
    b.join(1)
    assert b.is_alive(), "B should wait for A's transaction"
    a_may_commit.set()
    a.join(10)
    b.join(10)

    assert outcome == {
        "A": {"created": 1, "updated": 0, "deleted": 0},
        "B": {"created": 0, "updated": 1, "deleted": 0},
    }
    row = IndicatorValue.objects.get()
    assert (row.value, row.entered_by.username) == (Decimal("30.50"), "head_a")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_people_submitting_at_once_make_one_submission(reseed, cast, h1):
    """A submits and holds its transaction open; B, pressing "Nộp số liệu" meanwhile, waits on
    the unit's lock and is then told the unit already submitted (not a database error)."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (CI runs on PostgreSQL)")
    from figures.models import FigureSubmission

    indicator = Indicator.objects.create(code="nop-dong-thoi", name="Chỉ tiêu thử", unit_of_measure="cái")
    services.figures_enter(unit=cast.unit_a, period=h1, values={indicator.pk: Decimal("1")}, by=cast.staff_a)
    a_saved, a_may_commit = threading.Event(), threading.Event()
    outcome: dict[str, object] = {}

    def submit(name: str, username: str, hold: bool):
        try:
            user = User.objects.get(username=username)
            with transaction.atomic():
                outcome[name] = services.figures_submit(unit=user.unit, period=h1, by=user).submitted_by.username
                if hold:
                    a_saved.set()
                    a_may_commit.wait(10)
        except Exception as exc:  # surfaced in the assertion below
            outcome[name] = type(exc).__name__
        finally:
            connection.close()

    a = threading.Thread(target=submit, args=("A", "cb_a", True))
    b = threading.Thread(target=submit, args=("B", "head_a", False))
    a.start()
    assert a_saved.wait(10)
    b.start()
    b.join(1)
    assert b.is_alive(), "B should wait for A's transaction"
    a_may_commit.set()
    a.join(10)
    b.join(10)
    assert outcome == {"A": "cb_a", "B": "ValidationError"}
    assert FigureSubmission.objects.count() == 1
