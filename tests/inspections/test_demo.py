"""The demo's inspections: two teams inspected 6 of the 24 units of the current catalogue
(25,00%; the 15 units that ceased in 2025 are not subject to inspection in 2026); then Sở Tư pháp
answers its open recommendation with evidence and the secretariat closes it."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from demo.services import demo_load
from inspections.demo import demo_load_inspections
from inspections.models import Inspection, InspectionPlan, Recommendation, RecommendationStatus
from inspections.selectors import coverage
from units.models import Unit

from .conftest import TODAY, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    result = demo_load(today=TODAY)
    users = {u.username: u for u in User.objects.all()}
    units = {u.code: u for u in Unit.objects.all()}
    plan = demo_load_inspections(plan_year=result.plan.year, users=users, units=units, today=TODAY)
    return plan


def _login(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def test_two_teams_inspected_6_of_the_24_demo_units(demo):
    figures = coverage(demo)
    assert (demo.year, figures.subject, figures.inspected, figures.rate) == (2026, 24, 6, Decimal("25.00"))
    assert [(t.team.name, t.inspected, t.rate) for t in figures.teams] == [
        ("Đoàn kiểm tra số 1", 3, Decimal("12.50")),
        ("Đoàn kiểm tra số 2", 3, Decimal("12.50")),
    ]
    assert figures.planned == 2
    assert Inspection.objects.filter(plan=demo, unit__code="STP", status="done").exists()


def test_demo_recommendations_cover_every_follow_up_state(demo):
    stp_open = Recommendation.objects.filter(responsible_unit__code="STP", status=RecommendationStatus.OPEN)
    assert stp_open.count() == 1 and stp_open.get().deadline > TODAY
    overdue = Recommendation.objects.overdue(TODAY)
    assert overdue.exists() and not overdue.filter(responsible_unit__code="STP").exists()
    assert set(Recommendation.objects.values_list("status", flat=True)) == set(RecommendationStatus.values)


def test_loading_again_leaves_the_demo_alone(demo):
    users = {u.username: u for u in User.objects.all()}
    units = {u.code: u for u in Unit.objects.all()}
    again = demo_load_inspections(plan_year=2026, users=users, units=units, today=TODAY)
    assert again == demo
    assert (InspectionPlan.objects.count(), Inspection.objects.count()) == (1, 8)


def test_the_demo_done_scenario_through_the_pages(demo):
    overview = _login("lanhdao").get(reverse("inspections:overview")).content.decode()
    assert "Kiểm tra trực tiếp tại 6/24 đơn vị (chiếm 25,00%)" in overview

    canbo = _login("canbo")
    unit_page = canbo.get(reverse("inspections:unit"))
    (inspection,) = unit_page.context["inspections"]
    assert inspection.unit.code == "STP"
    rec = Recommendation.objects.get(responsible_unit__code="STP", status=RecommendationStatus.OPEN)
    assert rec.get_absolute_url() in unit_page.content.decode()

    response = canbo.post(
        reverse("inspections:respond", args=[rec.pk]),
        {"note": "Đã công khai đầy đủ TTHC sửa đổi.", "evidence": pdf("bao-cao-khac-phuc.pdf")},
    )
    assert response.status_code == 302

    thuongtruc = _login("thuongtruc")
    assert rec.content in thuongtruc.get(reverse("inspections:follow_up")).content.decode()
    response = thuongtruc.post(reverse("inspections:close", args=[rec.pk]), {"note": "Đạt yêu cầu."})
    assert response.status_code == 302
    rec.refresh_from_db()
    assert (rec.status, rec.closed_on) == (RecommendationStatus.CLOSED, TODAY)
    assert rec.responses.get().evidence_name == "bao-cao-khac-phuc.pdf"
    assert [e.kind for e in rec.events.all()] == ["recommendation_added", "responded", "closed"]
    assert datetime.date(2026, 3, 10) == inspection.actual_start
