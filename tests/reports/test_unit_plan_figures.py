"""A unit's dashboard shows its own plan's completion beside its share of the agency plan; the
agency's dashboards count agency tasks only, never the units' plans that repeat them."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from plans.models import PlanStatus
from tasks.models import TaskStatus
from tasks.services import task_edit
from tests.factories import make_plan, make_task

pytestmark = pytest.mark.django_db


def shown(page: str, name: str) -> str:
    match = re.search(rf'data-testid="{name}">(.*?)</', page, re.S)
    assert match, name
    return " ".join(match.group(1).split())


@pytest.fixture
def plans(cast):
    """Agency plan: unit A leads 3 tasks (1 completed), unit B 1 (open). Unit A's own plan
    under it: the 3 tasks taken over plus one of its own, 3 of the 4 completed."""
    agency = make_plan(number="125/KH-UBND", year=2023)
    done = {"status": TaskStatus.COMPLETED}
    parents = [
        make_task(plan=agency, lead_unit=cast.unit_a, **done),
        make_task(plan=agency, lead_unit=cast.unit_a),
        make_task(plan=agency, lead_unit=cast.unit_a),
    ]
    make_task(plan=agency, lead_unit=cast.unit_b)
    own = make_plan(number="12/KH-STP", year=2023, issuing_unit=cast.unit_a, parent=agency, status=PlanStatus.ISSUED)
    for parent, fields in zip(parents, (done, done, {}), strict=True):
        part = make_task(plan=own, lead_unit=cast.unit_a, **fields)
        task_edit(task=part, by=None, loaded_version=part.version, changes={"parent_task": parent}, reason="Nhận")
    make_task(plan=own, lead_unit=cast.unit_a, **done)
    return agency, own


def test_a_units_dashboard_shows_its_own_plan_beside_its_share_of_the_agency_plan(cast, plans):
    _agency, own = plans
    page = cast.client(cast.staff_a).get(reverse("reports:my_unit")).content.decode()
    assert "Kế hoạch số 125/KH-UBND" in page  # the agency plan by default, not the unit's own
    assert "Phần việc của đơn vị trong Kế hoạch số 125/KH-UBND" in page
    assert shown(page, "headline") == "Hoàn thành 1/3 nhiệm vụ, đạt 33,33%"
    assert "Kế hoạch của đơn vị số 12/KH-STP" in page
    assert shown(page, "own-headline") == "Hoàn thành 3/4 nhiệm vụ, đạt 75,00%"
    assert own.get_absolute_url() in page


def test_a_leader_sees_the_same_for_a_unit_and_nothing_for_a_unit_without_its_own_plan(cast, plans):
    client = cast.client(cast.leader)
    page = client.get(reverse("reports:my_unit"), {"unit": cast.unit_a.pk}).content.decode()
    assert shown(page, "own-headline") == "Hoàn thành 3/4 nhiệm vụ, đạt 75,00%"
    page = client.get(reverse("reports:my_unit"), {"unit": cast.unit_b.pk}).content.decode()
    assert shown(page, "headline") == "Hoàn thành 0/1 nhiệm vụ, đạt 0,00%"
    assert 'data-testid="own-plan"' not in page


def test_agency_dashboards_count_agency_tasks_only(cast, plans):
    agency, own = plans
    client = cast.client(cast.leader)
    # The year: 4 agency tasks, 1 completed — not 8 tasks, 4 completed with the unit's plan.
    page = client.get(reverse("reports:year_dashboard", args=[2023])).content.decode()
    assert shown(page, "headline") == "Hoàn thành 1/4 nhiệm vụ, đạt 25,00%"
    page = client.get(reverse("reports:plan_dashboard", args=[agency.pk])).content.decode()
    assert shown(page, "headline") == "Hoàn thành 1/4 nhiệm vụ, đạt 25,00%"
    # The unit's plan has its own figures on its own dashboard.
    page = client.get(reverse("reports:plan_dashboard", args=[own.pk])).content.decode()
    assert shown(page, "headline") == "Hoàn thành 3/4 nhiệm vụ, đạt 75,00%"
