"""A figure for reading: "1.384", "42,50" in Vietnamese; "–" when nothing was entered."""

from decimal import Decimal

from django import template
from django.utils import formats

register = template.Library()


@register.filter
def figure(value):
    if value is None or value == "":
        return "–"
    value = Decimal(value)
    decimal_pos = 0 if value == value.to_integral_value() else 2
    return formats.number_format(value, decimal_pos=decimal_pos, force_grouping=True)
