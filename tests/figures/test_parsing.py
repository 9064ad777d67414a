"""Figures as Vietnamese users type them: "1.384" (dot thousands), "12,5" (comma decimal)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from figures.forms import FigureField, format_figure, parse_figure


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1384", Decimal("1384")),
        ("1.384", Decimal("1384")),
        ("11.300", Decimal("11300")),
        ("1.384.000", Decimal("1384000")),
        ("12,5", Decimal("12.5")),
        ("12.5", Decimal("12.5")),
        ("1.384,5", Decimal("1384.5")),
        ("1.384,25", Decimal("1384.25")),
        ("0,75", Decimal("0.75")),
        ("0.500", Decimal("0.500")),  # a leading zero is never a thousands group
        ("1.3845", Decimal("1.3845")),  # four digits after the dot: a decimal point
        (" 1 384 ", Decimal("1384")),
        ("1\u00a0384", Decimal("1384")),
        ("-1", Decimal("-1")),
    ],
)
def test_parse_figure(typed, expected):
    assert parse_figure(typed) == expected


@pytest.mark.parametrize("typed", ["abc", "1,2,3", "1.38,5", "12,", ",5", "1.384.5,2", "1e5", "--1", "12.5.3", "NaN"])
def test_parse_figure_refuses(typed):
    with pytest.raises(ValueError):
        parse_figure(typed)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("1.384", Decimal("1384")), ("12,5", Decimal("12.5")), ("1.384,5", Decimal("1384.5")), ("", None), ("  ", None)],
)
def test_field_cleans(typed, expected):
    assert FigureField().clean(typed) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-1", "Số liệu không được âm."),
        ("abc", "Nhập một số, ví dụ 1.384 hoặc 12,5."),
        ("1,384", None),  # a comma is a decimal comma: 1,384 has three decimals, more than two
    ],
)
def test_field_errors(typed, message):
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        FigureField().clean(typed)
    if message:
        assert error.value.messages == [message]


@pytest.mark.parametrize(
    ("value", "vi", "en"),
    [
        (Decimal("1384.00"), "1.384", "1384"),
        (Decimal("12.50"), "12,5", "12.5"),
        (Decimal("1384.25"), "1.384,25", "1384.25"),
        (Decimal("0.00"), "0", "0"),
        (Decimal("1384000"), "1.384.000", "1384000"),
    ],
)
def test_format_reads_back_to_the_same_value(value, vi, en):
    assert format_figure(value, language="vi") == vi
    assert format_figure(value, language="en") == en
    assert parse_figure(vi) == value
    assert parse_figure(en) == value
