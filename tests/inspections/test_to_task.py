"""A recommendation turned into a task of the unit's plan, linked both ways."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from inspections import services
from inspections.models import InspectionEventKind
from plans.models import PlanStatus
from tasks.models import Task, TaskEvent, TaskEventKind
from tests.factories import area, make_plan, make_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit_plan(cast):
    return make_plan(number="15/KH-SA", year=2026, issuing_unit=cast.unit_a)


def test_the_form_offers_the_units_own_plan_and_the_recommendations_area(cast, scenario, unit_plan):
    make_plan(number="1/KH-CLOSED", year=2027, issuing_unit=cast.unit_a, status=PlanStatus.CLOSED)
    response = cast.client(cast.secretariat).get(reverse("inspections:to_task", args=[scenario.rec_a.pk]))
    form = response.context["form"]
    assert form.initial["plan"] == unit_plan.pk
    assert form.initial["area"] == area("III").pk
    assert "1/KH-CLOSED" not in {p.number for p in form.fields["plan"].queryset}


def test_secretariat_turns_a_recommendation_into_a_linked_task(cast, scenario, unit_plan):
    rec = scenario.rec_a
    response = cast.client(cast.secretariat).post(
        reverse("inspections:to_task", args=[rec.pk]), {"plan": unit_plan.pk, "area": area("III").pk, "number": "9"}
    )
    assert response.status_code == 302 and response.url == rec.get_absolute_url()
    task = Task.objects.get(plan=unit_plan)
    assert (task.area.code, task.number, task.content) == ("III", "9", rec.content)
    assert (task.lead_unit, task.deadline, task.deadline_text) == (
        cast.unit_a,
        datetime.date(2026, 12, 31),
        "31/12/2026",
    )
    rec.refresh_from_db()
    assert rec.task == task
    assert task.inspection_recommendation == rec  # the way back from the task
    assert TaskEvent.objects.filter(task=task, kind=TaskEventKind.CREATED, actor=cast.secretariat).count() == 1
    event = rec.events.get(kind=InspectionEventKind.TASK_CREATED)
    assert event.note == "15/KH-SA III.9"

    page = cast.client(cast.staff_a).get(rec.get_absolute_url()).content.decode()
    assert task.get_absolute_url() in page
    inspection_page = cast.client(cast.leader).get(scenario.inspection_a.get_absolute_url()).content.decode()
    assert task.get_absolute_url() in inspection_page


def test_a_number_already_used_in_the_area_is_a_field_error(cast, scenario, unit_plan):
    make_task(plan=unit_plan, area_code="III", number="9", lead_unit=cast.unit_a)
    response = cast.client(cast.secretariat).post(
        reverse("inspections:to_task", args=[scenario.rec_a.pk]),
        {"plan": unit_plan.pk, "area": area("III").pk, "number": "9"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["number"] == ["Lĩnh vực này của kế hoạch đã có nhiệm vụ số 9."]
    assert Task.objects.filter(plan=unit_plan).count() == 1


def test_a_recommendation_becomes_a_task_only_once(cast, scenario, unit_plan):
    services.recommendation_to_task(
        recommendation=scenario.rec_a, plan=unit_plan, area=area("III"), number="9", by=cast.secretariat
    )
    with pytest.raises(ValidationError):
        services.recommendation_to_task(
            recommendation=scenario.rec_a, plan=unit_plan, area=area("III"), number="10", by=cast.secretariat
        )
    response = cast.client(cast.secretariat).get(reverse("inspections:to_task", args=[scenario.rec_a.pk]))
    assert response.status_code == 302
    assert Task.objects.filter(plan=unit_plan).count() == 1
