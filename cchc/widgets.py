"""Form widgets that write in Python what Django writes with one template per option.

Django's Select renders each <option> through its own template include: about 0.15 ms per
option, 13 ms for the unit task list's five filters (45 plans among ~90 options), a quarter of
that page's time (bench/FINDINGS.md §2). QuickSelect writes the same HTML, byte for byte
(tests/cchc/test_widgets.py compares it with Django's templates), from the same context.
"""

from __future__ import annotations

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from cchc.formatting import DATE_FORMAT


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html: ` name="value"`, a bare ` name` for True, nothing for False."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, str(value)),)
            for name, value in attrs.items()
            if value is not False
        ),
    )


class QuickSelect(forms.Select):
    """A Select whose HTML is that of django/forms/widgets/select.html and select_option.html."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        groups = []
        for group_name, options, _index in widget["optgroups"]:
            rendered = format_html_join(
                "",
                '\n  <option value="{}"{}>{}</option>\n',
                ((str(option["value"]), _attrs(option["attrs"]), option["label"]) for option in options),
            )
            if group_name:
                rendered = format_html('\n  <optgroup label="{}">{}\n  </optgroup>', group_name, rendered)
            groups.append((rendered,))
        # The renderer strips the template's final newline.
        return format_html(
            '<select name="{}"{}>{}\n</select>',
            widget["name"],
            _attrs(widget["attrs"]),
            format_html_join("", "{}", groups),
        )


class DayMonthYearInput(forms.DateInput):
    """A date typed as dd/mm/yyyy in every language and browser (docs/DOMAIN.md: dates are
    written dd/mm/yyyy everywhere). A native <input type="date"> follows the browser's language
    instead: an English Chrome shows and takes mm/dd/yyyy, so 1 December reads "12/01/2026".
    The pattern lets the browser refuse "2026-12-01" or "12/2026" before the form is sent; the
    server reads the same format (cchc/formats/*/formats.py DATE_INPUT_FORMATS) and says what is
    wrong when a date does not exist (31/02/2026). static/js/date_input.js adds a calendar."""

    input_type = "text"

    def __init__(self, attrs: dict | None = None):
        defaults = {
            "placeholder": "dd/mm/yyyy",
            "pattern": r"\d{1,2}/\d{1,2}/\d{4}",
            "inputmode": "numeric",
            "autocomplete": "off",
            "maxlength": "10",
            "title": _("Ngày theo dạng ngày/tháng/năm, ví dụ 01/12/2026"),
            "data-date-input": "",
            "data-picker-label": _("Chọn ngày trên lịch"),
        }
        super().__init__(attrs={**defaults, **(attrs or {})}, format=DATE_FORMAT)
