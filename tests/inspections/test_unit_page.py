"""The unit's page: its own inspections and the recommendations still open for it — nothing else."""

from __future__ import annotations

import pytest
from django.urls import reverse

from inspections import services

pytestmark = pytest.mark.django_db


def test_the_unit_page_shows_only_its_own_inspections_and_open_recommendations(cast, scenario):
    services.recommendation_close(recommendation=scenario.rec_a, by=cast.secretariat)
    still_open = services.recommendation_add(
        inspection=scenario.inspection_a,
        area=scenario.inspection_a.areas.first(),
        content="Cập nhật bản mô tả vị trí việc làm",
        deadline=scenario.rec_a.deadline,
        by=cast.secretariat,
    )
    response = cast.client(cast.staff_a).get(reverse("inspections:unit"))
    assert response.status_code == 200
    assert [i.pk for i in response.context["inspections"]] == [scenario.inspection_a.pk]
    assert [r.pk for r in response.context["recommendations"]] == [still_open.pk]
    html = response.content.decode()
    assert "Cập nhật bản mô tả vị trí việc làm" in html
    assert "Công khai đầy đủ TTHC" not in html  # closed
    assert "Bổ sung số liệu kiểm chứng" not in html  # unit_b's
    assert "Đơn vị kiểm tra 01" not in html  # another unit's inspection
    assert scenario.inspection_a.get_absolute_url() in html


def test_another_unit_sees_its_own(cast, scenario):
    response = cast.client(cast.staff_b).get(reverse("inspections:unit"))
    assert [i.pk for i in response.context["inspections"]] == [scenario.inspection_b.pk]
    html = response.content.decode()
    assert "Bổ sung số liệu kiểm chứng" in html and "Quá hạn" in html
    assert "Công khai đầy đủ TTHC" not in html


def test_a_unit_never_inspected_has_an_empty_page(cast, scenario):
    from accounts.roles import Role
    from tests.factories import make_unit, make_user

    lonely = make_user("cb_c", role=Role.UNIT_STAFF, unit=make_unit(code="SC"))
    html = cast.client(lonely).get(reverse("inspections:unit")).content.decode()
    assert "Đơn vị chưa có cuộc kiểm tra nào." in html
    assert "Không có kiến nghị nào chưa đóng." in html
