"""Numbers, rates and dates leaders read, computed and written one way everywhere
(docs/DOMAIN.md, "Figures"): rates in percent with two decimals rounded half up
(40/77 → 51,95%), dates as dd/mm/yyyy in both languages."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

TWO_PLACES = Decimal("0.01")
# The one spelling of a date for people (Excel, CSV, messages, commands): dd/mm/yyyy.
DATE_FORMAT = "%d/%m/%Y"


def rate_percent(done: int, total: int) -> Decimal | None:
    """done/total in percent, two decimals, half-up: 40/77 → 51.95. None when total is 0."""
    if total == 0:
        return None
    return (Decimal(done) * 100 / Decimal(total)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def format_date(day: datetime.date | None) -> str:
    """30/06/2026; empty for no date. Also for years below 1000 (strftime would not pad them)."""
    if day is None:
        return ""
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"
