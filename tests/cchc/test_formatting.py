"""cchc/formatting.py: the one way numbers, rates, dates and the headline are written, in
Vietnamese and in English, from Python and from templates."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from cchc.formatting import (
    DATE_FORMAT,
    figure,
    format_date,
    format_datetime,
    headline,
    minutes,
    parse_date,
    percent,
    points,
    points_total,
    rate_percent,
    short_date,
    signed_count,
    signed_rate_points,
    vn_int,
)

D = datetime.date


@pytest.fixture(params=["vi", "en"])
def language(request):
    with translation.override(request.param):
        yield request.param


def test_a_count_is_grouped_in_the_active_language():
    with translation.override("vi"):
        assert vn_int(1384) == "1.384"
        assert vn_int(1234567) == "1.234.567"
        assert vn_int(0) == "0"
    with translation.override("en"):
        assert vn_int(1384) == "1,384"
        assert vn_int("1384") == "1,384"
    assert vn_int(None) == ""
    assert vn_int("") == ""


def test_a_rate_has_two_decimals_rounded_half_up():
    assert rate_percent(40, 77) == Decimal("51.95")
    assert rate_percent(2, 3) == Decimal("66.67")
    assert rate_percent(1, 8) == Decimal("12.50")  # 12.5 exactly
    assert rate_percent(1, 200) == Decimal("0.50")
    assert rate_percent(1, 1) == Decimal("100.00")
    assert rate_percent(0, 0) is None


def test_a_percent_in_the_active_language():
    with translation.override("vi"):
        assert percent(rate_percent(40, 77)) == "51,95%"
        assert percent(rate_percent(2, 3)) == "66,67%"
        assert percent(Decimal("1234.5")) == "1.234,50%"
        assert percent(Decimal("7"), 0) == "7%"
    with translation.override("en"):
        assert percent(rate_percent(40, 77)) == "51.95%"
        assert percent(rate_percent(2, 3)) == "66.67%"
    assert percent(None) == "–"
    assert percent("") == "–"


def test_a_figure_shows_decimals_only_when_it_has_some():
    with translation.override("vi"):
        assert figure(Decimal("1384")) == "1.384"
        assert figure(Decimal("42.5")) == "42,50"
    with translation.override("en"):
        assert figure(Decimal("1384.00")) == "1,384"
        assert figure(Decimal("42.5")) == "42.50"
    assert figure(None) == "–"


def test_minutes_round_up():
    assert minutes(datetime.timedelta(minutes=30)) == 30
    assert minutes(datetime.timedelta(minutes=30, seconds=1)) == 31
    assert minutes(None) == ""


def test_a_date_is_dd_mm_yyyy_in_both_languages(language):
    assert format_date(D(2026, 6, 30)) == "30/06/2026"
    assert format_date(D(1, 3, 5)) == "05/03/0001"
    assert format_date(D(9999, 12, 31)) == "31/12/9999"
    assert format_date(datetime.datetime(2026, 3, 7, 23, 5)) == "07/03/2026"
    assert format_date(None) == ""
    assert short_date(D(1, 3, 5)) == "05/03/0001"
    assert short_date(D(9999, 12, 31)) == "31/12/9999"


def test_a_moment_is_the_date_then_hours_and_minutes():
    assert format_datetime(datetime.datetime(2026, 3, 7, 9, 5, 59)) == "07/03/2026 09:05"
    assert format_datetime(datetime.datetime(1, 1, 1, 0, 0)) == "01/01/0001 00:00"


def test_parse_date_reads_what_format_date_writes():
    assert DATE_FORMAT == "%d/%m/%Y"
    assert parse_date("30/06/2026") == D(2026, 6, 30)
    assert parse_date("05/03/0001") == D(1, 3, 5)
    assert parse_date("31/12/9999") == D(9999, 12, 31)
    for day in (D(1, 3, 5), D(2024, 2, 29), D(9999, 12, 31)):
        assert parse_date(format_date(day)) == day
    for text in ("2026-06-30", "31/06/2026", "30/06/26", "", "30/06/2026 10:00"):
        with pytest.raises(ValueError):
            parse_date(text)


def test_the_date_input_formats_accept_dd_mm_yyyy(language):
    from django import forms

    field = forms.DateField()
    assert field.clean("05/03/2026") == D(2026, 3, 5)
    assert field.clean("05-03-2026") == D(2026, 3, 5)
    assert field.clean("2026-03-05") == D(2026, 3, 5)
    assert forms.DateTimeField().clean("05/03/2026 14:30").replace(tzinfo=None) == datetime.datetime(2026, 3, 5, 14, 30)


def test_the_headline_sentence():
    with translation.override("vi"):
        assert headline(40, 77, rate_percent(40, 77)) == "Hoàn thành 40/77 nhiệm vụ, đạt 51,95%"
        assert headline(2, 3, rate_percent(2, 3)) == "Hoàn thành 2/3 nhiệm vụ, đạt 66,67%"
        assert headline(1384, 2000, rate_percent(1384, 2000)) == "Hoàn thành 1.384/2.000 nhiệm vụ, đạt 69,20%"
        assert headline(0, 0, None) == "Hoàn thành 0/0 nhiệm vụ, đạt –"
    with translation.override("en"):
        assert headline(40, 77, rate_percent(40, 77)) == "Completed 40/77 tasks, 51.95%"
        assert headline(1384, 2000, rate_percent(1384, 2000)) == "Completed 1,384/2,000 tasks, 69.20%"


def test_templates_register_the_same_functions():
    template = Template(
        "{% load cchc_format figures_format %}"
        "{{ n|vn_int }} {{ rate|percent }} {{ x|figure }} {{ wait|minutes }}"
        " | {% headline done total rate %}"
    )
    context = {
        "n": 1384,
        "rate": rate_percent(40, 77),
        "x": Decimal("42.5"),
        "wait": datetime.timedelta(minutes=29, seconds=30),
        "done": 40,
        "total": 77,
    }
    with translation.override("vi"):
        assert template.render(Context(context)) == "1.384 51,95% 42,50 30 | Hoàn thành 40/77 nhiệm vụ, đạt 51,95%"
    with translation.override("en"):
        assert template.render(Context(context)) == "1,384 51.95% 42.50 30 | Completed 40/77 tasks, 51.95%"


def test_criteria_points_as_written_and_totals_with_two_decimals():
    with translation.override("vi"):
        assert [points(Decimal(v)) for v in ("1", "0.5", "0.25", "-0.25")] == ["1", "0,5", "0,25", "-0,25"]
        # A unit's total in a ranking table: "16,30", not "16,3"; "92,00", not "92".
        assert [points_total(Decimal(v)) for v in ("16.3", "92", "90.625")] == ["16,30", "92,00", "90,63"]
        assert points_total(None) == "–"
    with translation.override("en"):
        assert points_total(Decimal("1234.5")) == "1,234.50"


def test_a_change_is_always_signed():
    """The steering pack's "changes since last month" (reports/steering.py)."""
    with translation.override("vi"):
        assert [signed_count(n) for n in (4, 0, -1, 1384)] == ["+4", "+0", "-1", "+1.384"]
        assert signed_rate_points(Decimal("57.14") - Decimal("51.95")) == "+5,19"
        assert signed_rate_points(Decimal("-0.5")) == "-0,50"
        assert signed_rate_points(None) == "–"
    with translation.override("en"):
        assert signed_rate_points(Decimal("5.19")) == "+5.19"
