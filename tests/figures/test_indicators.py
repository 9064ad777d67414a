"""The secretariat defines indicators; leaders read the list; units do not see it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from figures.models import Indicator

from .conftest import put


def test_secretariat_adds_an_indicator(cast):
    response = cast.client(cast.secretariat).post(
        reverse("figures:indicator_create"),
        {
            "code": "mot-cua-hien-dai",
            "name": "Số bộ phận một cửa hiện đại",
            "unit_of_measure": "bộ phận",
            "group": "tthc",
            "aggregate": "sum",
            "order": "80",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    indicator = Indicator.objects.get(code="mot-cua-hien-dai")
    assert (indicator.name, indicator.unit_of_measure, indicator.group, indicator.order, indicator.is_active) == (
        "Số bộ phận một cửa hiện đại",
        "bộ phận",
        "tthc",
        80,
        True,
    )


def test_duplicate_code_is_a_field_error(cast):
    response = cast.client(cast.secretariat).post(
        reverse("figures:indicator_create"),
        {
            "code": "tthc-cong-bo",
            "name": "Trùng",
            "unit_of_measure": "thủ tục",
            "group": "tthc",
            "aggregate": "sum",
            "order": "1",
        },
    )
    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    assert Indicator.objects.filter(code="tthc-cong-bo").count() == 1


def test_secretariat_retires_an_indicator_and_keeps_its_code(cast):
    indicator = Indicator.objects.get(code="van-ban-ky-so")
    response = cast.client(cast.secretariat).post(
        reverse("figures:indicator_edit", args=[indicator.pk]),
        {
            "code": "doi-ma",
            "name": "Số văn bản đi được ký số",
            "unit_of_measure": "văn bản",
            "group": "digital_signature",
            "aggregate": "sum",
            "order": "10",
        },
    )
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert (indicator.code, indicator.name, indicator.is_active) == ("van-ban-ky-so", "Số văn bản đi được ký số", False)


@pytest.mark.parametrize(
    ("who", "list_status", "edit_status"),
    [("secretariat", 200, 200), ("leader", 200, 403), ("staff_a", 404, 404), ("outsider", 404, 404)],
)
def test_indicator_pages_access(cast, who, list_status, edit_status):
    client = cast.client(getattr(cast, who))
    indicator = Indicator.objects.first()
    assert client.get(reverse("figures:indicators")).status_code == list_status
    assert client.get(reverse("figures:indicator_edit", args=[indicator.pk])).status_code == edit_status
    assert client.post(reverse("figures:indicator_edit", args=[indicator.pk]), {"name": "x"}).status_code == edit_status
    assert Indicator.objects.get(pk=indicator.pk).name != "x"


def test_unseeding_keeps_indicators_that_hold_values(cast, h1, dossiers):
    import importlib

    seed = importlib.import_module("figures.migrations.0002_seed_indicators")
    put(dossiers, cast.unit_a, h1, "1")
    seed.unseed(django_apps, None)
    assert list(Indicator.objects.values_list("code", flat=True)) == ["ho-so-tiep-nhan"]
    seed.seed(django_apps, None)
    assert Indicator.objects.count() == 15
    assert Indicator.objects.get(code="ho-so-tiep-nhan").values.get().value == Decimal("1.00")
