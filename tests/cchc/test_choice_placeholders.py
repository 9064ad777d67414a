"""No select of the application reads "---------": every optional filter says what an empty
choice means ("Tất cả lĩnh vực", "Tất cả đơn vị") and every required one asks for a choice."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.utils import translation

from accounts.forms import UserFilterForm
from reports.forms import DrilldownForm
from tasks.forms import QueueFilterForm

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
# Every app's forms.py and *_forms.py (planning/editor_forms.py…), found on disk: a new app's
# forms are checked without being listed here.
FORM_MODULES = sorted(
    ".".join(path.relative_to(ROOT).with_suffix("").parts)
    for pattern in ("*/forms.py", "*/*_forms.py")
    for path in ROOT.glob(pattern)
    if not path.parts[len(ROOT.parts)].startswith(".")
)


def form_classes():
    for name in FORM_MODULES:
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == name:
                yield cls


def fields_of(cls) -> dict[str, forms.Field]:
    """The fields as a page shows them: the instance's (an __init__ may set the placeholder),
    or the declared ones for a form that needs arguments."""
    try:
        return cls().fields
    except TypeError:
        return cls.base_fields


def dashes(field: forms.Field) -> bool:
    if isinstance(field, forms.ModelMultipleChoiceField | forms.MultipleChoiceField):
        return False
    if isinstance(field, forms.ModelChoiceField):
        return field.empty_label == "---------"
    if isinstance(field, forms.ChoiceField):
        return any(label == "---------" for _, label in field.choices)
    return False


def test_no_select_reads_dashes():
    assert {"accounts.forms", "planning.editor_forms", "tasks.forms"} <= set(FORM_MODULES)
    classes = list(form_classes())
    assert len(classes) > 30
    offenders = [
        f"{cls.__module__}.{cls.__name__}.{name}" for cls in classes for name, f in fields_of(cls).items() if dashes(f)
    ]
    assert offenders == []


@translation.override("vi")
def test_filter_placeholders_say_all(cast):
    assert UserFilterForm().fields["unit"].empty_label == "Tất cả đơn vị"
    assert DrilldownForm().fields["area"].empty_label == "Tất cả lĩnh vực"
    assert DrilldownForm().fields["unit"].empty_label == "Tất cả đơn vị"
    html = str(QueueFilterForm()["area"])
    assert '<option value="" selected>Tất cả lĩnh vực</option>' in html
