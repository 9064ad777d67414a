"""QuickSelect writes exactly the HTML of Django's Select templates."""

from __future__ import annotations

import pytest
from django import forms
from django.utils.translation import gettext_lazy

from cchc.widgets import QuickSelect
from plans.models import ReformArea
from tasks.forms import UnitTaskFilterForm
from tests.factories import make_plan

CHOICES = [
    ("", "Mọi trạng thái"),
    ("a&b", 'Tên có "ngoặc" <và> & dấu'),
    (3, gettext_lazy("Hoàn thành")),
    ("Nhóm", [("x", "Một"), ("y", "Hai")]),
]


@pytest.mark.parametrize("value", [None, "", "a&b", 3, "y", ["x"]])
@pytest.mark.parametrize(
    "attrs", [None, {"class": "form-select", "id": "id_f"}, {"required": True, "disabled": False, "data-x": 'q"'}]
)
def test_quick_select_writes_what_django_select_writes(value, attrs):
    ours = QuickSelect(choices=CHOICES).render("status", value, attrs=attrs)
    django = forms.Select(choices=CHOICES).render("status", value, attrs=attrs)
    assert ours == django
    assert "&lt;và&gt;" in ours and "a&amp;b" in ours


@pytest.mark.django_db
def test_the_unit_task_filters_render_as_with_django_select():
    plans = [make_plan(number=f"{n}/KH-UBND") for n in range(3)]
    data = {"plan": plans[1].pk, "area": ReformArea.objects.first().pk, "status": "completed", "role": "lead"}
    form = UnitTaskFilterForm(data, plans=type(plans[0]).objects.all())
    assert form.is_valid(), form.errors
    for field in form:
        assert isinstance(field.field.widget, QuickSelect)
        plain = forms.Select(choices=field.field.choices)
        html = str(field)
        assert html == plain.render(field.html_name, field.value(), attrs={"id": field.auto_id})
        assert "selected" in html or field.name == "timeliness"
