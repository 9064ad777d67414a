"""A unit enters its figures for a period through one form; the secretariat may enter for any unit."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from figures import services
from figures.models import Indicator, IndicatorValue

from .conftest import put


def url(period, unit=None):
    base = reverse("figures:enter_for_unit", args=[unit.pk]) if unit else reverse("figures:enter")
    return f"{base}?period={period.pk}"


def form_data(values: dict[Indicator, str], notes: dict[Indicator, str] | None = None) -> dict[str, str]:
    data = {f"value_{i.pk}": "" for i in Indicator.objects.active()}
    data.update({f"value_{i.pk}": v for i, v in values.items()})
    data.update({f"note_{i.pk}": v for i, v in (notes or {}).items()})
    return data


def saved(unit, period) -> dict[str, Decimal]:
    return dict(
        IndicatorValue.objects.filter(unit=unit, period=period).values_list("indicator__code", "value").order_by()
    )


def test_page_lists_every_active_indicator_under_its_group(cast, h1):
    Indicator.objects.filter(code="dvc-mot-phan").update(is_active=False)
    response = cast.client(cast.staff_a).get(url(h1))
    assert response.status_code == 200
    groups = response.context["groups"]
    assert [label for label, _rows in groups] == [
        "Thể chế (VBQPPL)",
        "Thủ tục hành chính",
        "Dịch vụ công trực tuyến",
        "Chữ ký số, văn bản điện tử",
        "Kiểm tra CCHC",
    ]
    codes = [row[0].code for _label, rows in groups for row in rows]
    assert len(codes) == 14
    assert "dvc-mot-phan" not in codes
    assert codes[:3] == ["vbqppl-ban-hanh", "vbqppl-ra-soat", "tthc-cong-bo"]


def test_unit_staff_enters_figures(cast, h1, dossiers, online_share):
    response = cast.client(cast.staff_a).post(
        url(h1), form_data({dossiers: "1.384", online_share: "62,5"}, notes={dossiers: "Một cửa"})
    )
    assert response.status_code == 302
    assert response["Location"] == url(h1)
    assert saved(cast.unit_a, h1) == {"ho-so-tiep-nhan": Decimal("1384.00"), "ty-le-ho-so-truc-tuyen": Decimal("62.50")}
    row = IndicatorValue.objects.get(indicator=dossiers, unit=cast.unit_a, period=h1)
    assert (row.entered_by, row.note) == (cast.staff_a, "Một cửa")


def test_form_is_prefilled_in_vietnamese_format(cast, h1, dossiers, online_share):
    put(dossiers, cast.unit_a, h1, "1384")
    put(online_share, cast.unit_a, h1, "62.5")
    body = cast.client(cast.staff_a).get(url(h1)).content.decode()
    assert f'name="value_{dossiers.pk}" id="id_value_{dossiers.pk}" value="1.384"' in body
    assert f'name="value_{online_share.pk}" id="id_value_{online_share.pk}" value="62,5"' in body


def test_resaving_unchanged_values_keeps_who_entered_them(cast, h1, dossiers, online_share):
    services.figures_enter(
        unit=cast.unit_a, period=h1, values={dossiers.pk: Decimal(12), online_share.pk: Decimal(40)}, by=cast.staff_a
    )
    result = services.figures_enter(
        unit=cast.unit_a,
        period=h1,
        values={dossiers.pk: Decimal(12), online_share.pk: Decimal("41.5")},
        by=cast.head_a,
    )
    assert result == {"created": 0, "updated": 1, "deleted": 0}
    by = dict(IndicatorValue.objects.filter(unit=cast.unit_a, period=h1).values_list("indicator__code", "entered_by"))
    assert by == {"ho-so-tiep-nhan": cast.staff_a.pk, "ty-le-ho-so-truc-tuyen": cast.head_a.pk}


def test_emptying_a_field_removes_the_value(cast, h1, dossiers, online_share):
    put(dossiers, cast.unit_a, h1, "12")
    put(online_share, cast.unit_a, h1, "40")
    response = cast.client(cast.staff_a).post(url(h1), form_data({online_share: "45"}))
    assert response.status_code == 302
    assert saved(cast.unit_a, h1) == {"ty-le-ho-so-truc-tuyen": Decimal("45.00")}


@pytest.mark.parametrize(
    ("bad", "message"),
    [("-1", "Số liệu không được âm."), ("abc", "Nhập một số, ví dụ 1.384 hoặc 12,5.")],
)
def test_any_wrong_value_saves_nothing_and_shows_the_field_error(cast, h1, dossiers, online_share, bad, message):
    put(dossiers, cast.unit_a, h1, "12")
    response = cast.client(cast.staff_a).post(url(h1), form_data({dossiers: "30", online_share: bad}))
    assert response.status_code == 200
    assert response.context["form"].errors == {f"value_{online_share.pk}": [message]}
    body = response.content.decode()
    assert message in body
    assert f'value="{bad}"' in body  # what the user typed is kept
    assert 'value="30"' in body
    assert saved(cast.unit_a, h1) == {"ho-so-tiep-nhan": Decimal("12.00")}


def test_secretariat_enters_for_any_unit(cast, h1, dossiers):
    response = cast.client(cast.secretariat).post(url(h1, cast.unit_b), form_data({dossiers: "7"}))
    assert response.status_code == 302
    assert response["Location"] == url(h1, cast.unit_b)
    row = IndicatorValue.objects.get(unit=cast.unit_b, period=h1)
    assert (row.value, row.entered_by) == (Decimal("7.00"), cast.secretariat)


def test_service_refuses_another_units_figures(cast, h1, dossiers):
    with pytest.raises(PermissionDenied):
        services.figures_enter(unit=cast.unit_b, period=h1, values={dossiers.pk: Decimal(1)}, by=cast.staff_a)
    with pytest.raises(PermissionDenied):
        services.figures_enter(unit=cast.unit_a, period=h1, values={dossiers.pk: Decimal(1)}, by=cast.leader)
    assert not IndicatorValue.objects.exists()


def test_service_refuses_negative_values(cast, h1, dossiers):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.figures_enter(unit=cast.unit_a, period=h1, values={dossiers.pk: Decimal(-1)}, by=cast.staff_a)
    assert not IndicatorValue.objects.exists()


def test_values_of_another_period_are_left_alone(cast, h1, dossiers):
    q3 = services.period_get_or_create(year=2026, kind="q3")
    put(dossiers, cast.unit_a, q3, "99")
    cast.client(cast.staff_a).post(url(h1), form_data({dossiers: "5"}))
    assert saved(cast.unit_a, q3) == {"ho-so-tiep-nhan": Decimal("99.00")}
    assert saved(cast.unit_a, h1) == {"ho-so-tiep-nhan": Decimal("5.00")}


def test_default_period_is_the_one_due_next(cast):
    # Today is 23/11/2026: the annual report (data to 14/12/2026, due 20/12/2026).
    response = cast.client(cast.staff_a).get(reverse("figures:enter"))
    period = response.context["period"]
    assert (period.year, period.kind) == (2026, "year")
    assert "Số liệu từ 15/12/2025 đến 14/12/2026" in response.content.decode()


def test_a_field_missing_from_the_post_leaves_its_value_alone(cast, h1, dossiers, online_share):
    put(dossiers, cast.unit_a, h1, "12")
    response = cast.client(cast.staff_a).post(url(h1), {f"value_{online_share.pk}": "45"})
    assert response.status_code == 302
    assert saved(cast.unit_a, h1) == {"ho-so-tiep-nhan": Decimal("12.00"), "ty-le-ho-so-truc-tuyen": Decimal("45.00")}


def test_notes_left_out_are_kept(cast, h1, dossiers):
    services.figures_enter(
        unit=cast.unit_a, period=h1, values={dossiers.pk: Decimal(12)}, notes={dossiers.pk: "Một cửa"}, by=cast.staff_a
    )
    services.figures_enter(unit=cast.unit_a, period=h1, values={dossiers.pk: Decimal(13)}, by=cast.staff_a)
    row = IndicatorValue.objects.get()
    assert (row.value, row.note) == (Decimal("13.00"), "Một cửa")
