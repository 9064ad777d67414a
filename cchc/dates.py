"""The window of dates the app accepts from a person: years 2000–2100, as Plan.year.

Anything else (01/01/0001, 31/12/9999) is a typing slip or an attack, and the figures would
overflow computing around it (a date ± days beyond year 1 or 9999): every date field of a form
refuses it with a message instead of letting a page answer 500.
"""

from __future__ import annotations

import calendar
import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cchc.formatting import format_date


def end_of_month(year: int, month: int) -> datetime.date:
    """The last day of a month: a deadline "Quý II" or "Tháng 6", a trend point, a month's pack."""
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


EARLIEST = datetime.date(2000, 1, 1)
LATEST = datetime.date(2100, 12, 31)


def validate_date_in_range(value: datetime.date | None) -> None:
    if value is not None and not EARLIEST <= value <= LATEST:
        raise ValidationError(
            _("Ngày phải trong khoảng từ %(earliest)s đến %(latest)s."),
            code="out_of_range",
            params={"earliest": format_date(EARLIEST), "latest": format_date(LATEST)},
        )


class BoundedDates:
    """Form mixin: every DateField of the form (declared or from the model) refuses dates
    outside EARLIEST–LATEST."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField) and validate_date_in_range not in field.validators:
                field.validators.append(validate_date_in_range)
