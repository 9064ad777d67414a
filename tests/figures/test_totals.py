"""Totals per indicator across units, and the units that have not entered their figures."""

from __future__ import annotations

from decimal import Decimal

from figures import selectors, services
from figures.models import Indicator
from tests.factories import make_unit
from units.models import Unit, UnitKind

from .conftest import put


def by_code(totals):
    return {row.indicator.code: row for row in totals}


def test_counts_are_summed_and_rates_averaged(cast, h1, dossiers, online_share):
    third = make_unit(code="SC")
    services.figures_enter(
        unit=cast.unit_a,
        period=h1,
        values={dossiers.pk: Decimal("12"), online_share.pk: Decimal("40")},
        by=cast.staff_a,
    )
    services.figures_enter(
        unit=cast.unit_b,
        period=h1,
        values={dossiers.pk: Decimal("30.5"), online_share.pk: Decimal("55.5")},
        by=cast.staff_b,
    )
    services.figures_enter(unit=third, period=h1, values={online_share.pk: Decimal("50")}, by=cast.secretariat)
    totals = by_code(selectors.figures_totals(h1))

    assert totals["ho-so-tiep-nhan"].total == Decimal("42.50")
    assert totals["ho-so-tiep-nhan"].units_reported == 2
    # (40 + 55,5 + 50) / 3 = 48,5
    assert totals["ty-le-ho-so-truc-tuyen"].total == Decimal("48.50")
    assert totals["ty-le-ho-so-truc-tuyen"].sum == Decimal("145.50")
    assert totals["ty-le-ho-so-truc-tuyen"].units_reported == 3
    assert totals["tthc-cong-bo"].total is None
    assert totals["tthc-cong-bo"].units_reported == 0


def test_average_is_rounded_half_up_to_two_decimals(cast, h1, online_share):
    put(online_share, cast.unit_a, h1, "10")
    put(online_share, cast.unit_b, h1, "10")
    put(online_share, make_unit(), h1, "10.01")
    # 30,01 / 3 = 10,00333… → 10,00
    assert by_code(selectors.figures_totals(h1))["ty-le-ho-so-truc-tuyen"].total == Decimal("10.00")
    put(online_share, make_unit(), h1, "0.01")
    # 30,02 / 4 = 7,505 → 7,51
    assert by_code(selectors.figures_totals(h1))["ty-le-ho-so-truc-tuyen"].total == Decimal("7.51")


def test_totals_can_be_limited_to_some_units_and_ignore_other_periods(cast, h1, dossiers):
    q3 = services.period_get_or_create(year=2026, kind="q3")
    put(dossiers, cast.unit_a, h1, "12")
    put(dossiers, cast.unit_b, h1, "30.5")
    put(dossiers, cast.unit_a, q3, "1000")
    only_a = Unit.objects.filter(pk=cast.unit_a.pk)
    assert by_code(selectors.figures_totals(h1, units=only_a))["ho-so-tiep-nhan"].total == Decimal("12.00")
    assert by_code(selectors.figures_totals(h1))["ho-so-tiep-nhan"].total == Decimal("42.50")
    assert by_code(selectors.figures_totals(q3))["ho-so-tiep-nhan"].total == Decimal("1000.00")


def test_totals_follow_report_order_and_keep_retired_indicators_that_hold_values(cast, h1, dossiers):
    Indicator.objects.filter(code__in=["ho-so-tiep-nhan", "van-ban-ky-so"]).update(is_active=False)
    put(dossiers, cast.unit_a, h1, "3")
    codes = [row.indicator.code for row in selectors.figures_totals(h1)]
    assert "ho-so-tiep-nhan" in codes
    assert "van-ban-ky-so" not in codes
    assert len(codes) == 14
    assert codes[0] == "vbqppl-ban-hanh"
    assert codes[-1] == "don-vi-duoc-kiem-tra"


def test_totals_take_one_query(cast, h1, dossiers, django_assert_num_queries):
    put(dossiers, cast.unit_a, h1, "3")
    with django_assert_num_queries(1):
        selectors.figures_totals(h1)


def test_units_missing_figures(cast, h1, dossiers):
    secretariat_unit = cast.secretariat.unit
    ministry = make_unit(code="BO", kind=UnitKind.MINISTRY)
    make_unit(code="OLD", is_active=False)
    put(dossiers, cast.unit_a, h1, "0")  # a zero is an entered figure
    missing = selectors.units_missing_figures(h1)
    assert {u.code for u in missing} == {"SB", secretariat_unit.code}
    assert ministry not in missing
    # An explicit set of units subject to reporting
    only_ab = Unit.objects.filter(code__in=["SA", "SB"])
    assert [u.code for u in selectors.units_missing_figures(h1, only_ab)] == ["SB"]


def test_reporting_status_counts_each_units_figures(cast, h1, dossiers, online_share):
    put(dossiers, cast.unit_a, h1, "1")
    put(online_share, cast.unit_a, h1, "2")
    statuses = {s.unit.code: s for s in selectors.units_reporting_status(h1)}
    assert statuses["SA"].values_entered == 2
    assert statuses["SA"].last_entered_at is not None
    assert statuses["SB"].values_entered == 0
    assert statuses["SB"].last_entered_at is None


def test_unit_figures_lists_every_indicator(cast, h1, dossiers):
    put(dossiers, cast.unit_a, h1, "1384")
    figures = selectors.unit_figures(cast.unit_a, h1)
    assert len(figures) == 15
    values = {f.indicator.code: (f.value.value if f.value else None) for f in figures}
    assert values["ho-so-tiep-nhan"] == Decimal("1384.00")
    assert values["tthc-cong-bo"] is None


def test_seeded_indicators(db):
    rows = Indicator.objects.values_list("code", "unit_of_measure", "aggregate")
    assert len(rows) == 15
    averaged = [code for code, _uom, aggregate in rows if aggregate == "avg"]
    assert averaged == ["ty-le-ho-so-truc-tuyen"]
    assert dict((code, uom) for code, uom, _a in rows)["ty-le-ho-so-truc-tuyen"] == "%"
