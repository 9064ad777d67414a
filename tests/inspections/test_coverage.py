"""Coverage: units inspected ÷ units subject to inspection, overall and by team (6/20 → 30,00%)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from inspections import services
from inspections.models import InspectionPlan
from inspections.selectors import coverage, plans_with_coverage
from tests.factories import area, make_unit

pytestmark = pytest.mark.django_db


def test_six_of_twenty_units_inspected_is_30_percent(scenario):
    figures = coverage(scenario.plan)
    assert (figures.inspected, figures.subject, figures.rate) == (6, 20, Decimal("30.00"))
    assert figures.planned == 1  # scheduled but not done: shown, never counted
    assert figures.not_scheduled == 13


def test_by_team_three_of_twenty_each_is_15_percent(scenario):
    by_team = {
        row.team.name: (row.inspected, row.planned, row.subject, row.rate) for row in coverage(scenario.plan).teams
    }
    assert by_team == {
        "Đoàn kiểm tra số 1": (3, 0, 20, Decimal("15.00")),
        "Đoàn kiểm tra số 2": (3, 1, 20, Decimal("15.00")),
    }


def test_rate_rounds_half_up_and_is_none_without_subject_units(cast):
    by = cast.secretariat
    plan = services.inspection_plan_create(
        agency=cast.unit_a, year=2025, title="Kế hoạch kiểm tra", subject_units=[make_unit() for _ in range(3)], by=by
    )
    team = services.team_create(plan=plan, name="Tổ kiểm tra", leader_name="Nguyễn Văn A", by=by)
    day = datetime.date(2025, 5, 2)
    inspection = services.inspection_schedule(
        plan=plan, team=team, unit=plan.subject_units.first(), scheduled_start=day, scheduled_end=day, by=by
    )
    assert coverage(plan).rate == Decimal("0.00")
    services.inspection_record_result(
        inspection=inspection, actual_start=day, actual_end=day, areas=[area("I")], strengths="", by=by
    )
    assert (coverage(plan).inspected, coverage(plan).rate) == (1, Decimal("33.33"))
    empty = InspectionPlan.objects.create(agency=cast.unit_b, year=2025, title="Chưa có đối tượng")
    assert coverage(empty).rate is None


def test_plan_list_figures_match_the_selector_in_one_query(scenario, django_assert_num_queries):
    with django_assert_num_queries(1):
        plans = plans_with_coverage(InspectionPlan.objects.all())
    (plan,) = plans
    assert (plan.coverage.inspected, plan.coverage.subject, plan.coverage.planned, plan.team_count) == (6, 20, 1, 2)
    assert plan.coverage.rate == Decimal("30.00")


def test_plan_page_shows_coverage_overall_and_by_team(cast, scenario):
    html = (
        cast.client(cast.secretariat).get(reverse("inspections:plan_detail", args=[scenario.plan.pk])).content.decode()
    )
    assert "Kiểm tra trực tiếp tại 6/20 đơn vị (chiếm 30,00%)" in html
    assert html.count("15,00%") == 2
    assert "Bùi Văn Thắng, Phó Giám đốc Sở Nội vụ" in html
    assert "Ngô Thị Mai, Văn phòng UBND tỉnh" in html


def test_leader_overview_shows_30_percent(cast, scenario):
    response = cast.client(cast.leader).get(reverse("inspections:overview"))
    assert response.status_code == 200
    assert "Kiểm tra trực tiếp tại 6/20 đơn vị (chiếm 30,00%)" in response.content.decode()
