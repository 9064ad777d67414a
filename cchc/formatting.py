"""Numbers, rates, dates and the headline sentence leaders read, computed and written one way
everywhere (docs/DOMAIN.md, "Figures"): rates in percent with two decimals rounded half up
(40/77 → 51,95%), counts with thousands grouping (1.384), dates as dd/mm/yyyy in both
languages, "Hoàn thành 40/77 nhiệm vụ, đạt 51,95%".

Pages register these functions as template filters and tags (cchc/templatetags/cchc_format.py,
figures/templatetags/figures_format.py); e-mails, exports and commands call them directly.
Numbers follow the active language (Django's formats: cchc/formats/vi, cchc/formats/en); the
date written by format_date does not depend on it.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import dateformat, formats
from django.utils.translation import gettext

TWO_PLACES = Decimal("0.01")
# The one spelling of a date for people (Excel, CSV, messages, commands): dd/mm/yyyy; the
# same with the time of day for history entries.
DATE_FORMAT = "%d/%m/%Y"
DATETIME_FORMAT = f"{DATE_FORMAT} %H:%M"
# What a missing rate is shown as (no task to count).
NO_RATE = "–"


def rate_percent(done: int, total: int) -> Decimal | None:
    """done/total in percent, two decimals, half-up: 40/77 → 51.95. None when total is 0."""
    if total == 0:
        return None
    return (Decimal(done) * 100 / Decimal(total)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


# ---------------------------------------------------------------- numbers


def vn_int(value: int | str | None) -> str:
    """A count with thousands grouping in the active language: 1.384 (vi), 1,384 (en); empty
    for no value."""
    if value is None or value == "":
        return ""
    return formats.number_format(int(value), decimal_pos=0, force_grouping=True)


def percent(value: Decimal | float | str | None, decimal_pos: int | str = 2) -> str:
    """A rate already expressed in percent (51.95) as "51,95%" (vi) or "51.95%" (en); "–" for
    no rate."""
    if value is None or value == "":
        return NO_RATE
    return formats.number_format(Decimal(value), decimal_pos=int(decimal_pos), force_grouping=True) + "%"


def figure(value: Decimal | int | float | str | None) -> str:
    """A reported figure: "1.384" when whole, "42,50" otherwise (vi); "–" when nothing was entered."""
    if value is None or value == "":
        return NO_RATE
    value = Decimal(value)
    decimal_pos = 0 if value == value.to_integral_value() else 2
    return formats.number_format(value, decimal_pos=decimal_pos, force_grouping=True)


def minutes(value: datetime.timedelta | None) -> int | str:
    """A timedelta as whole minutes (rounded up): 0:30:00 → 30; empty for none."""
    if value is None:
        return ""
    return -(-int(value.total_seconds()) // 60)


# ---------------------------------------------------------------- dates


def format_date(day: datetime.date | None) -> str:
    """30/06/2026; empty for no date. Also for years below 1000 (strftime would not pad them)."""
    if day is None:
        return ""
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def day_month(day: datetime.date) -> str:
    """20/06: a date within the year under discussion ("đã chốt ngày 20/06")."""
    return f"{day.day:02d}/{day.month:02d}"


def format_datetime(moment: datetime.datetime) -> str:
    """30/06/2026 14:05 (the time as the value holds it: no time-zone conversion)."""
    return f"{format_date(moment)} {moment.hour:02d}:{moment.minute:02d}"


def parse_date(text: str) -> datetime.date:
    """ "30/06/2026" → date(2026, 6, 30); ValueError for anything else."""
    return datetime.datetime.strptime(text, DATE_FORMAT).date()


def short_date(day: datetime.date) -> str:
    """A date as `date:"SHORT_DATE_FORMAT"` writes it in the active language (d/m/Y in both),
    without the filter's generic format parser when the format is d/m/Y: tables write one per
    row (docs/PERFORMANCE.md)."""
    fmt = formats.get_format("SHORT_DATE_FORMAT")
    if fmt == "d/m/Y":
        return format_date(day)
    return dateformat.format(day, fmt)


# ---------------------------------------------------------------- sentences


def headline(completed: int, total: int, rate: Decimal | None) -> str:
    """The completion sentence leaders read first, in the active language:
    "Hoàn thành 40/77 nhiệm vụ, đạt 51,95%" (vi), "Completed 40/77 tasks, 51.95%" (en)."""
    return gettext("Hoàn thành %(done)s/%(total)s nhiệm vụ, đạt %(rate)s") % {
        "done": vn_int(completed),
        "total": vn_int(total),
        "rate": percent(rate),
    }


def file_size(size: int | None) -> str:
    """A file's size as a person reads it: "850 B", "245 KB", "1,2 MB" (vi) / "1.2 MB" (en)."""
    size = size or 0
    if size < 1024:
        return f"{vn_int(size)} B"
    if size < 1024 * 1024:
        return f"{vn_int(int((Decimal(size) / 1024).quantize(Decimal(1), ROUND_HALF_UP)))} KB"
    megabytes = (Decimal(size) / (1024 * 1024)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return f"{formats.number_format(megabytes, decimal_pos=1, force_grouping=True)} MB"


# ---------------------------------------------------------------- PAR INDEX points


def points(value: Decimal | int | str | None) -> str:
    """Criteria points as sheets write them, with only the decimals they need: 1, 0,5, 0,25,
    −1 (vi); 0.5 (en). "–" for none."""
    if value is None or value == "":
        return NO_RATE
    value = Decimal(value).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
    places = 0 if value == value.to_integral_value() else (1 if value * 10 == (value * 10).to_integral_value() else 2)
    return formats.number_format(value, decimal_pos=places, force_grouping=True)


def points_total(value: Decimal | int | str | None) -> str:
    """A unit's total or an area's sum of points, always with two decimals as ranking tables
    print them: "16,30", "92,00" (vi); "92.00" (en). "–" for none."""
    if value is None or value == "":
        return NO_RATE
    value = Decimal(value).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
    return formats.number_format(value, decimal_pos=2, force_grouping=True)


def points_change(value: Decimal) -> str:
    """A change of index points against last year, always signed: "+3,21 điểm", "-0,50 điểm"."""
    value = Decimal(value).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
    sign = "+" if value >= 0 else "-"
    return gettext("%(value)s điểm") % {
        "value": sign + formats.number_format(abs(value), decimal_pos=2, force_grouping=True)
    }


def signed_count(value: int) -> str:
    """A change of a count, always signed: "+4", "-1", "+0"."""
    return ("+" if value >= 0 else "-") + vn_int(abs(value))


def signed_rate_points(value: Decimal | None) -> str:
    """A change of a rate in percentage points, always signed, two decimals: "+5,19" (vi),
    "-0.50" (en); "–" when either rate is missing."""
    if value is None:
        return NO_RATE
    value = Decimal(value).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
    sign = "+" if value >= 0 else "-"
    return sign + formats.number_format(abs(value), decimal_pos=2, force_grouping=True)
