"""Open/overdue recommendations by unit and by area, and the inspections of a reporting period."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from inspections import services
from inspections.models import Recommendation
from inspections.selectors import (
    inspections_in_period,
    overdue_recommendations,
    recommendations_by_area,
    recommendations_by_unit,
)
from tests.factories import area

from .conftest import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def more(cast, scenario):
    """A third recommendation for unit_a (area I, overdue, answered) and a closed one for unit_b (area III)."""
    by = cast.secretariat
    late = services.recommendation_add(
        inspection=scenario.inspection_a,
        area=area("I"),
        content="Ban hành quy chế phối hợp",
        deadline=datetime.date(2026, 10, 15),
        by=by,
    )
    services.recommendation_respond(
        recommendation=late, by=cast.staff_a, note="Đã ban hành.", document_reference="QĐ 7"
    )
    done = services.recommendation_add(
        inspection=scenario.inspection_b, area=area("III"), content="Niêm yết TTHC", deadline=TODAY, by=by
    )
    services.recommendation_close(recommendation=done, by=by)
    return late


def test_counts_by_unit(cast, scenario, more):
    rows = {
        r.name: (r.total, r.not_closed, r.answered, r.overdue, r.closed)
        for r in recommendations_by_unit(Recommendation.objects.all(), as_of=TODAY)
    }
    assert rows == {cast.unit_a.name: (2, 2, 1, 1, 0), cast.unit_b.name: (2, 1, 0, 1, 1)}


def test_counts_by_area_in_area_order(scenario, more):
    rows = recommendations_by_area(Recommendation.objects.all(), as_of=TODAY)
    assert [(r.name, r.total, r.not_closed, r.overdue, r.closed) for r in rows] == [
        (area("I").name, 2, 2, 2, 0),
        (area("III").name, 2, 1, 0, 1),
    ]


def test_overdue_list_in_deadline_order(scenario, more):
    assert list(overdue_recommendations(Recommendation.objects.all(), as_of=TODAY)) == [scenario.rec_b_overdue, more]


def test_inspections_of_the_six_month_period_with_recommendation_status(cast, scenario, more):
    # Six-month cut-off 15/12/2025–14/06/2026: five inspections done; the 08/07 one and the planned one are out.
    rows = list(inspections_in_period(start=datetime.date(2025, 12, 15), end=datetime.date(2026, 6, 14), as_of=TODAY))
    assert [r.actual_start for r in rows] == [
        datetime.date(2026, 3, 10),
        datetime.date(2026, 3, 20),
        datetime.date(2026, 4, 2),
        datetime.date(2026, 4, 14),
        datetime.date(2026, 5, 5),
    ]
    figures = {r.unit_id: (r.rec_total, r.rec_open, r.rec_answered, r.rec_closed, r.rec_overdue) for r in rows}
    assert figures[cast.unit_a.pk] == (2, 1, 1, 0, 1)
    assert figures[cast.unit_b.pk] == (2, 1, 0, 1, 1)
    assert figures[scenario.others[0].pk] == (0, 0, 0, 0, 0)


def test_overview_tables_by_unit_and_area(cast, scenario, more):
    response = cast.client(cast.leader).get(reverse("inspections:overview"))
    # units in their configured order, then by name
    assert [(r.name, r.total, r.overdue) for r in response.context["by_unit"]] == [
        ("Sở Tài chính thử", 2, 1),
        ("Sở Tư pháp thử", 2, 1),
    ]
    html = response.content.decode()
    assert "Ban hành quy chế phối hợp" in html and "Bổ sung số liệu kiểm chứng" in html  # the overdue list
    assert "Niêm yết TTHC" not in html  # closed
