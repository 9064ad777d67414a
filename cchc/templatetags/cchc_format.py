"""Number and date formatting for figures leaders read: "51,95%", "1.384" and "30/06/2026"."""

from decimal import Decimal

from django import template
from django.utils import dateformat, formats

register = template.Library()


@register.filter
def vn_int(value):
    """A count with thousands grouping in the active language: 1.384 (vi), 1,384 (en)."""
    if value is None or value == "":
        return ""
    return formats.number_format(int(value), decimal_pos=0, force_grouping=True)


@register.filter
def percent(value, decimal_pos=2):
    """A rate already expressed in percent (51.95) shown as "51,95%" (vi) or "51.95%" (en)."""
    if value is None or value == "":
        return "–"
    return formats.number_format(Decimal(value), decimal_pos=int(decimal_pos), force_grouping=True) + "%"


def short_date(day) -> str:
    """A date as `date:"SHORT_DATE_FORMAT"` writes it (d/m/Y in both languages), without the
    filter's generic format parser when the format is d/m/Y: tables write one per row."""
    fmt = formats.get_format("SHORT_DATE_FORMAT")
    if fmt == "d/m/Y":
        return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"
    return dateformat.format(day, fmt)


@register.filter
def minutes(value):
    """A timedelta as whole minutes (rounded up): 0:30:00 → 30."""
    if value is None:
        return ""
    return -(-int(value.total_seconds()) // 60)
