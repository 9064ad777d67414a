"""Forms for figures and periods. FigureField reads numbers the way Vietnamese users type them."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cchc.dates import BoundedDates
from cchc.widgets import DayMonthYearInput

from .models import Indicator, PeriodKind, ReportingPeriod

# "1.384", "11.300", "1.384.000": groups of three digits after a first group of 1–3 digits
# that does not start with 0 ("0.500" stays a decimal).
_DOT_THOUSANDS = re.compile(r"^[1-9]\d{0,2}(\.\d{3})+$")
_COMMA_DECIMAL = re.compile(r"^(\d{1,3}(\.\d{3})+|\d+),\d+$")


def parse_figure(text: str) -> Decimal:
    """A figure as typed, read unambiguously:

    - a comma is the decimal separator; dots before it group thousands: "12,5" → 12.5,
      "1.384,5" → 1384.5 (the dot groups must then be exact: "1.38,5" is refused);
    - without a comma, a dot followed by groups of exactly three digits groups thousands:
      "1.384" → 1384, "1.384.000" → 1384000;
    - any other single dot is a decimal point: "12.5" → 12.5, "0.500" → 0.5, "1.3845" → 1.3845;
    - spaces (also non-breaking) are ignored: "1 384" → 1384.

    Raises ValueError for anything else ("abc", "1,2,3"). The sign is kept: the field refuses
    negative values with its own message."""
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text)
    sign = ""
    if cleaned[:1] in "+-" and cleaned:
        sign, cleaned = ("-" if cleaned[0] == "-" else ""), cleaned[1:]
    if "," in cleaned:
        if not _COMMA_DECIMAL.match(cleaned):
            raise ValueError(text)
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif _DOT_THOUSANDS.match(cleaned):
        cleaned = cleaned.replace(".", "")
    elif not re.match(r"^(\d+(\.\d*)?|\.\d+)$", cleaned):
        raise ValueError(text)
    try:
        return Decimal(sign + cleaned)
    except InvalidOperation as exc:
        raise ValueError(text) from exc


def format_figure(value: Decimal | None, *, language: str | None = None) -> str:
    """A stored figure as the field shows it, so that it reads back to the same value:
    "1.384", "12,5", "1.384,25" in Vietnamese; "1384", "12.5" otherwise."""
    if value is None:
        return ""
    value = Decimal(value)
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    integer, _sep, fraction = text.partition(".")
    if (language or get_language() or "vi").startswith("vi"):
        negative = integer.startswith("-")
        digits = integer.lstrip("-")
        groups = []
        while digits:
            groups.insert(0, digits[-3:])
            digits = digits[:-3]
        integer = ("-" if negative else "") + ".".join(groups or ["0"])
        return f"{integer},{fraction}" if fraction else integer
    return f"{integer}.{fraction}" if fraction else integer


class FigureField(forms.DecimalField):
    """A non-negative figure with at most two decimals, typed as "1.384", "12,5" or "12.5"."""

    widget = forms.TextInput

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal(0))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.error_messages["invalid"] = _("Nhập một số, ví dụ 1.384 hoặc 12,5.")
        self.error_messages["min_value"] = _("Số liệu không được âm.")

    def widget_attrs(self, widget):
        # No type="number" and no step: the browser must not reject "1.384" or "12,5".
        return {"inputmode": "decimal", "autocomplete": "off", "class": "form-control text-end figure-input"}

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, Decimal):
            return value
        try:
            number = parse_figure(str(value))
        except ValueError as exc:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from exc
        if not number.is_finite():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number

    def prepare_value(self, value):
        if isinstance(value, Decimal | int):
            return format_figure(Decimal(value))
        return value


def value_field_name(indicator: Indicator) -> str:
    return f"value_{indicator.pk}"


def note_field_name(indicator: Indicator) -> str:
    return f"note_{indicator.pk}"


class FiguresForm(forms.Form):
    """One figure (and an optional note) per indicator, pre-filled with what the unit entered."""

    def __init__(self, *args, indicators: list[Indicator], current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        for indicator in indicators:
            row = current.get(indicator.pk)
            self.fields[value_field_name(indicator)] = FigureField(
                label=indicator.name, initial=row.value if row else None
            )
            self.fields[note_field_name(indicator)] = forms.CharField(
                label=_("Ghi chú"),
                max_length=255,
                required=False,
                initial=row.note if row else "",
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            )

    def rows(self):
        """(indicator, value bound field, note bound field) for the template, in form order."""
        return [(i, self[value_field_name(i)], self[note_field_name(i)]) for i in self.indicators]

    def values(self) -> dict[int, Decimal | None]:
        """The posted figures; an empty field clears a value. A field missing from the post
        altogether (an indicator added after the page was opened) leaves its value alone."""
        return {i.pk: self.cleaned_data[name] for i in self.indicators if (name := value_field_name(i)) in self.data}

    def notes(self) -> dict[int, str]:
        return {i.pk: self.cleaned_data[name] for i in self.indicators if (name := note_field_name(i)) in self.data}


class PeriodDatesForm(BoundedDates, forms.ModelForm):
    class Meta:
        model = ReportingPeriod
        fields = ["name", "start", "cutoff", "due_date"]
        widgets = {"start": DayMonthYearInput(), "cutoff": DayMonthYearInput(), "due_date": DayMonthYearInput()}

    def clean(self):
        cleaned = super().clean()
        start, cutoff = cleaned.get("start"), cleaned.get("cutoff")
        if start and cutoff and start > cutoff:
            self.add_error("cutoff", _("Ngày chốt số liệu không được trước ngày bắt đầu."))
        return cleaned


class CustomPeriodForm(PeriodDatesForm):
    class Meta(PeriodDatesForm.Meta):
        fields = ["year", "name", "start", "cutoff", "due_date"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = True
        self.instance.kind = PeriodKind.CUSTOM


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["code", "name", "unit_of_measure", "group", "aggregate", "order", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Exports and seeds find an indicator by its code; it does not change.
            self.fields["code"].disabled = True
