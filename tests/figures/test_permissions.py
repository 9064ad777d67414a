"""Who may open and change what: units their own figures only, leaders read, others nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from figures.models import IndicatorValue


def enter_data(indicator, value="5"):
    return {f"value_{indicator.pk}": value}


@pytest.mark.parametrize(
    ("who", "expected"),
    [("secretariat", 200), ("leader", 200), ("staff_a", 404), ("head_a", 404), ("outsider", 404)],
)
def test_overview(cast, h1, who, expected):
    response = cast.client(getattr(cast, who)).get(reverse("figures:overview"))
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [("staff_a", 200), ("head_a", 200), ("staff_b", 200), ("outsider", 404)],
)
def test_own_entry_page(cast, h1, who, expected):
    assert cast.client(getattr(cast, who)).get(reverse("figures:enter")).status_code == expected


def test_readers_of_everything_are_sent_to_the_overview(cast, h1):
    response = cast.client(cast.leader).get(reverse("figures:enter"))
    assert response.status_code == 302
    assert response["Location"] == reverse("figures:overview")


def test_leader_cannot_post_figures(cast, h1, dossiers):
    client = cast.client(cast.leader)
    assert client.post(reverse("figures:enter"), enter_data(dossiers)).status_code == 403
    url = reverse("figures:enter_for_unit", args=[cast.unit_a.pk]) + f"?period={h1.pk}"
    assert client.get(url).status_code == 403
    assert client.post(url, enter_data(dossiers)).status_code == 403
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_unit_staff_cannot_enter_for_another_unit(cast, h1, dossiers, method):
    url = reverse("figures:enter_for_unit", args=[cast.unit_b.pk]) + f"?period={h1.pk}"
    response = getattr(cast.client(cast.staff_a), method)(url, enter_data(dossiers))
    assert response.status_code == 404
    assert not IndicatorValue.objects.exists()


def test_unit_staff_may_use_the_unit_url_for_their_own_unit(cast, h1, dossiers):
    url = reverse("figures:enter_for_unit", args=[cast.unit_a.pk]) + f"?period={h1.pk}"
    response = cast.client(cast.staff_a).post(url, enter_data(dossiers, "1.384"))
    assert response.status_code == 302
    assert IndicatorValue.objects.get().value == Decimal("1384.00")


@pytest.mark.parametrize(
    ("who", "unit", "expected"),
    [
        ("secretariat", "unit_b", 200),
        ("leader", "unit_b", 200),
        ("staff_a", "unit_a", 200),
        ("staff_a", "unit_b", 404),
        ("outsider", "unit_a", 404),
    ],
)
def test_unit_figures_page(cast, h1, who, unit, expected):
    url = reverse("figures:unit", args=[getattr(cast, unit).pk]) + f"?period={h1.pk}"
    assert cast.client(getattr(cast, who)).get(url).status_code == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [("secretariat", 200), ("leader", 403), ("staff_a", 403), ("outsider", 404)],
)
def test_period_edit(cast, h1, who, expected):
    assert cast.client(getattr(cast, who)).get(reverse("figures:period_edit", args=[h1.pk])).status_code == expected


def test_period_edit_post_by_leader_changes_nothing(cast, h1):
    response = cast.client(cast.leader).post(
        reverse("figures:period_edit", args=[h1.pk]),
        {"name": "", "start": "2025-12-15", "cutoff": "2026-06-01", "due_date": "2026-06-05"},
    )
    assert response.status_code == 403
    h1.refresh_from_db()
    assert str(h1.cutoff) == "2026-06-14"


@pytest.mark.parametrize(
    ("who", "expected"),
    [("secretariat", 200), ("leader", 403), ("staff_a", 404), ("outsider", 404)],
)
def test_period_create(cast, who, expected):
    assert cast.client(getattr(cast, who)).get(reverse("figures:period_create")).status_code == expected


@pytest.mark.parametrize(
    "url",
    [
        lambda cast, h1: reverse("figures:enter"),
        lambda cast, h1: reverse("figures:overview"),
        lambda cast, h1: reverse("figures:unit", args=[cast.unit_a.pk]),
        lambda cast, h1: reverse("figures:enter_for_unit", args=[cast.unit_a.pk]),
        lambda cast, h1: reverse("figures:period_edit", args=[h1.pk]),
        lambda cast, h1: reverse("figures:period_create"),
    ],
)
def test_anonymous_is_sent_to_login(cast, h1, url):
    target = url(cast, h1)
    response = cast.client(None).get(target)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
