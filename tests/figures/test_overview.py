"""The secretariat's overview: totals per indicator and the units that have not entered figures."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from figures import services
from tests.factories import make_unit

from .conftest import put


def test_overview_shows_totals_and_missing_units_late(cast, h1, dossiers, online_share):
    put(dossiers, cast.unit_a, h1, "12")
    put(dossiers, cast.unit_b, h1, "30.5")
    put(online_share, cast.unit_a, h1, "40")
    put(online_share, cast.unit_b, h1, "55.5")
    late_unit = make_unit(code="SC", name="Sở Xây dựng thử")
    response = cast.client(cast.secretariat).get(reverse("figures:overview") + f"?period={h1.pk}")
    assert response.status_code == 200
    assert {s.unit.code for s in response.context["missing"]} == {"SC", cast.secretariat.unit.code}
    assert {s.unit.code for s in response.context["reported"]} == {"SA", "SB"}
    body = response.content.decode()
    assert "42,50" in body  # 12 + 30,5
    assert "47,75" in body  # (40 + 55,5) / 2
    assert "2/4 đơn vị đã nhập số liệu" in body
    # Due 20/06/2026, today 23/11/2026: the missing units are late
    assert response.context["is_late"] is True
    assert "Quá hạn" in body
    assert reverse("figures:enter_for_unit", args=[late_unit.pk]) + f"?period={h1.pk}" in body
    assert reverse("figures:period_edit", args=[h1.pk]) in body


def test_missing_units_before_the_due_date_are_not_late(cast):
    year = services.period_get_or_create(year=2026, kind="year")  # due 20/12/2026
    response = cast.client(cast.secretariat).get(reverse("figures:overview") + f"?period={year.pk}")
    body = response.content.decode()
    assert response.context["is_late"] is False
    assert "Quá hạn" not in body
    assert "hạn 20/12/2026" in body


def test_leader_reads_without_edit_links(cast, h1, dossiers):
    put(dossiers, cast.unit_a, h1, "12")
    response = cast.client(cast.leader).get(reverse("figures:overview") + f"?period={h1.pk}")
    body = response.content.decode()
    assert response.status_code == 200
    assert "12" in body
    assert reverse("figures:period_edit", args=[h1.pk]) not in body
    assert "Nhập thay" not in body


def test_unknown_period_is_not_found(cast):
    assert cast.client(cast.secretariat).get(reverse("figures:overview") + "?period=999999").status_code == 404


def test_unit_page_shows_its_values(cast, h1, dossiers):
    put(dossiers, cast.unit_a, h1, "1384", by=cast.staff_a)
    response = cast.client(cast.leader).get(reverse("figures:unit", args=[cast.unit_a.pk]) + f"?period={h1.pk}")
    assert response.status_code == 200
    body = response.content.decode()
    assert "1.384" in body
    assert response.context["entered"] == 1
    assert response.context["can_enter"] is False


@pytest.mark.parametrize("units", [5, 50])
def test_overview_queries_do_not_grow(cast, h1, django_assert_max_num_queries, units):
    from figures.models import Indicator

    indicators = list(Indicator.objects.all())
    for n in range(units):
        unit = make_unit(code=f"N{n}")
        for indicator in indicators[: 1 + n % len(indicators)]:
            put(indicator, unit, h1, str(n))
    services.period_get_or_create(year=2026, kind="year")
    client = cast.client(cast.secretariat)
    client.get(reverse("figures:overview"))  # this year's periods are created on the first visit
    with django_assert_max_num_queries(8):  # 7 + the bell (notifications/context_processors.py)
        response = client.get(reverse("figures:overview") + f"?period={h1.pk}")
    assert response.status_code == 200
    assert len(response.context["reported"]) == units


@pytest.mark.parametrize("extra_indicators", [0, 30])
def test_entry_page_queries_do_not_grow(cast, h1, django_assert_max_num_queries, extra_indicators):
    from figures.models import Indicator

    for n in range(extra_indicators):
        indicator = Indicator.objects.create(code=f"extra-{n}", name=f"Chỉ tiêu {n}", unit_of_measure="cái")
        put(indicator, cast.unit_a, h1, str(n))
    client = cast.client(cast.staff_a)
    client.get(reverse("figures:enter"))  # this year's periods are created on the first visit
    with django_assert_max_num_queries(9):  # 7 + the submission record + the bell
        response = client.get(reverse("figures:enter") + f"?period={h1.pk}")
    assert response.status_code == 200


def test_overview_after_midnight_of_due_date(cast, monkeypatch):
    q3 = services.period_get_or_create(year=2026, kind="q3")
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: datetime.date(2026, 9, 20))
    response = cast.client(cast.secretariat).get(reverse("figures:overview") + f"?period={q3.pk}")
    assert response.context["is_late"] is False
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: datetime.date(2026, 9, 21))
    response = cast.client(cast.secretariat).get(reverse("figures:overview") + f"?period={q3.pk}")
    assert response.context["is_late"] is True


@pytest.mark.parametrize("units", [0, 30])
def test_calendar_page_queries_do_not_grow(cast, h1, dossiers, django_assert_max_num_queries, units):
    for n in range(units):
        unit = make_unit(code=f"CAL{n}")
        put(dossiers, unit, h1, str(n))
        if n % 2:
            late = datetime.datetime(2026, 6, 25, 9, tzinfo=datetime.UTC)
            services.figures_submit(unit=unit, period=h1, by=cast.secretariat, at=late)
    client = cast.client(cast.secretariat)
    client.get(reverse("figures:calendar"))  # this year's periods are created on the first visit
    # session, user, periods, the period's submissions and units, the year's submissions and
    # units, the bell (notifications/context_processors.py): the same for 3 units or 33.
    with django_assert_max_num_queries(10):
        response = client.get(reverse("figures:calendar") + f"?period={h1.pk}")
    assert response.status_code == 200
    assert response.context["board"].total == units + 3
    assert response.context["board"].late == units // 2
