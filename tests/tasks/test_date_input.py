"""Dates are typed and shown dd/mm/yyyy in every form, whatever the browser's language: no
native <input type="date"> (which an English browser shows as mm/dd/yyyy)."""

from __future__ import annotations

import datetime
import re

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation

from cchc.widgets import DayMonthYearInput
from figures.forms import PeriodDatesForm
from inspections import forms as inspection_forms
from planning.forms import PlanImportForm
from reports.forms import AsOfForm, ExportForm
from tasks.forms import ExtensionForm, ProgressForm
from tasks.workflow_models import CompletionReport

from .conftest import pdf


def _date_fields(form_class):
    fields = getattr(form_class, "base_fields", {})
    return {name: field for name, field in fields.items() if isinstance(field, forms.DateField)}


DATE_FORMS = [
    PlanImportForm,
    ProgressForm,
    ExtensionForm,
    PeriodDatesForm,
    AsOfForm,
    ExportForm,
    inspection_forms.InspectionPlanForm,
    inspection_forms.ScheduleForm,
    inspection_forms.RescheduleForm,
    inspection_forms.ResultForm,
    inspection_forms.RecommendationForm,
]


@pytest.mark.parametrize("form_class", DATE_FORMS, ids=lambda f: f.__name__)
def test_every_date_field_is_typed_dd_mm_yyyy(form_class):
    fields = _date_fields(form_class)
    assert fields, f"{form_class.__name__} has no date field"
    for name, field in fields.items():
        assert isinstance(field.widget, DayMonthYearInput), name
        html = field.widget.render(name, datetime.date(2026, 12, 1))
        assert 'type="text"' in html and 'type="date"' not in html
        assert 'value="01/12/2026"' in html
        assert 'placeholder="dd/mm/yyyy"' in html
        assert r'pattern="\d{1,2}/\d{1,2}/\d{4}"' in html


def test_the_pattern_takes_what_the_server_reads_and_refuses_iso_and_month_first_text():
    pattern = re.compile(r"\d{1,2}/\d{1,2}/\d{4}")  # as the browser applies it: the whole value
    for text in ("01/12/2026", "1/12/2026", "31/12/2026"):
        assert pattern.fullmatch(text)
    for text in ("2026-12-01", "12/2026", "1/12/26"):
        assert not pattern.fullmatch(text)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_server_reads_day_first_in_both_languages(language):
    with translation.override(language):
        field = forms.DateField(widget=DayMonthYearInput())
        assert field.clean("01/12/2026") == datetime.date(2026, 12, 1)
        assert field.clean("8/1/2025") == datetime.date(2025, 1, 8)
        with pytest.raises(forms.ValidationError):
            field.clean("12/31/2026")  # month first is no date
        assert 'value="08/01/2025"' in DayMonthYearInput().render("d", datetime.date(2025, 1, 8))


@pytest.mark.django_db
def test_no_page_form_renders_a_native_date_input(cast, task):
    client = cast.client(cast.staff_a)
    for url in (reverse("tasks:update", args=[task.pk]), reverse("tasks:extension", args=[task.pk])):
        html = client.get(url).content.decode()
        assert 'type="date"' not in html
        assert 'placeholder="dd/mm/yyyy"' in html and "data-date-input" in html


@pytest.mark.django_db
def test_completion_typed_day_first_is_the_day_meant(cast, task):
    response = cast.client(cast.staff_a).post(
        reverse("tasks:update", args=[task.pk]),
        {
            "version": task.version,
            "status": "completed",
            "progress": 100,
            "note": "Đã ban hành",
            "completed_on": "01/12/2026",
            "document_number": "12/QĐ-UBND",
            "document_date": "08/01/2026",
            "files": [pdf()],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    report = CompletionReport.objects.get(task=task)
    assert report.completed_on == datetime.date(2026, 12, 1)
