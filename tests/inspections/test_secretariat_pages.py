"""The secretariat plans inspections, forms teams, schedules units and records the results."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from inspections import services
from inspections.models import Inspection, InspectionEventKind, InspectionPlan, InspectionStatus, InspectionTeam
from inspections.selectors import coverage
from tests.factories import area, make_unit

from .conftest import PDF, pdf

pytestmark = pytest.mark.django_db


def test_create_a_plan_then_a_team_then_schedule_a_unit(cast):
    client = cast.client(cast.secretariat)
    units = [make_unit(code=f"K{i}") for i in range(4)]
    response = client.post(
        reverse("inspections:plan_create"),
        {
            "agency": cast.unit_a.pk,
            "year": 2027,
            "number": "12/KH-SA",
            "title": "Kế hoạch kiểm tra CCHC năm 2027",
            "issued_on": "2027-02-01",
            "subject_units": [u.pk for u in units],
        },
    )
    plan = InspectionPlan.objects.get(year=2027)
    assert response.url == plan.get_absolute_url()
    assert (plan.agency, plan.issued_on, plan.subject_units.count()) == (cast.unit_a, datetime.date(2027, 2, 1), 4)

    response = client.post(
        reverse("inspections:team_create", args=[plan.pk]),
        {"name": "Tổ kiểm tra số 1", "leader": cast.leader.pk, "members": [cast.secretariat.pk]},
    )
    assert response.status_code == 302
    team = InspectionTeam.objects.get(plan=plan)
    assert (team.leader, list(team.members.all())) == (cast.leader, [cast.secretariat])

    schedule_url = reverse("inspections:schedule", args=[plan.pk])
    form = client.get(schedule_url).context["form"]
    assert set(form.fields["unit"].queryset) == set(units)
    response = client.post(
        schedule_url,
        {
            "team": team.pk,
            "unit": units[0].pk,
            "scheduled_start": "10/05/2027",
            "scheduled_end": "11/05/2027",
            "areas": [area("I").pk, area("VII").pk],
        },
    )
    assert response.status_code == 302
    inspection = Inspection.objects.get(plan=plan)
    assert (inspection.unit, inspection.status) == (units[0], InspectionStatus.PLANNED)
    # A unit already scheduled is no longer offered.
    assert units[0] not in client.get(schedule_url).context["form"].fields["unit"].queryset

    page = client.get(plan.get_absolute_url()).content.decode()
    assert "Kiểm tra trực tiếp tại 0/4 đơn vị (chiếm 0,00%)" in page
    assert "10/05/2027 – 11/05/2027" in page
    kinds = list(plan.events.values_list("kind", flat=True))
    assert kinds == [InspectionEventKind.PLAN_CREATED, InspectionEventKind.TEAM_CREATED, InspectionEventKind.SCHEDULED]


def test_one_plan_per_agency_and_year(cast, scenario):
    response = cast.client(cast.secretariat).post(
        reverse("inspections:plan_create"),
        {"agency": scenario.plan.agency_id, "year": 2026, "title": "Trùng", "subject_units": [cast.unit_a.pk]},
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert InspectionPlan.objects.count() == 1
    with pytest.raises(ValidationError) as excinfo:
        services.inspection_plan_create(
            agency=scenario.plan.agency, year=2026, title="Trùng", subject_units=[], by=cast.secretariat
        )
    assert "year" in excinfo.value.message_dict


def test_a_scheduled_unit_cannot_be_dropped_from_the_subject_units(cast, scenario):
    keep = [u.pk for u in scenario.plan.subject_units.exclude(pk=cast.unit_a.pk)]
    response = cast.client(cast.secretariat).post(
        reverse("inspections:plan_edit", args=[scenario.plan.pk]),
        {"number": "38/KH-UBND", "title": "Sửa", "subject_units": keep},
    )
    assert response.status_code == 200
    assert "Không thể bỏ đơn vị đã có lịch kiểm tra" in response.context["form"].errors["subject_units"][0]
    assert scenario.plan.subject_units.count() == 20


def test_edit_plan_and_team(cast, scenario):
    client = cast.client(cast.secretariat)
    units = [*scenario.plan.subject_units.values_list("pk", flat=True), make_unit().pk]
    response = client.post(
        reverse("inspections:plan_edit", args=[scenario.plan.pk]),
        {"number": "40/KH-UBND", "title": "Kế hoạch kiểm tra (sửa đổi)", "subject_units": units},
    )
    assert response.status_code == 302
    scenario.plan.refresh_from_db()
    assert (scenario.plan.number, scenario.plan.subject_units.count()) == ("40/KH-UBND", 21)

    response = client.post(
        reverse("inspections:team_edit", args=[scenario.team_2.pk]),
        {"name": "Đoàn kiểm tra số 2", "leader": "", "leader_name": "", "external_members": ""},
    )
    assert response.context["form"].errors["leader_name"] == ["Chọn trưởng đoàn hoặc ghi họ tên trưởng đoàn."]
    response = client.post(
        reverse("inspections:team_edit", args=[scenario.team_2.pk]),
        {"name": "Đoàn kiểm tra số 1", "leader_name": "Trần B"},
    )
    assert response.context["form"].errors["name"] == ["Kế hoạch đã có đoàn kiểm tra tên này."]


def test_schedule_rules(cast, scenario):
    by = cast.secretariat
    day = datetime.date(2026, 12, 1)
    with pytest.raises(ValidationError) as excinfo:
        services.inspection_schedule(
            plan=scenario.plan, team=scenario.team_1, unit=make_unit(), scheduled_start=day, scheduled_end=day, by=by
        )
    assert excinfo.value.message_dict["unit"] == ["Đơn vị không thuộc đối tượng kiểm tra của kế hoạch."]
    with pytest.raises(ValidationError) as excinfo:
        services.inspection_schedule(
            plan=scenario.plan, team=scenario.team_1, unit=cast.unit_a, scheduled_start=day, scheduled_end=day, by=by
        )
    assert excinfo.value.message_dict["unit"] == ["Đơn vị này đã có lịch kiểm tra trong kế hoạch."]
    response = cast.client(by).post(
        reverse("inspections:schedule", args=[scenario.plan.pk]),
        {
            "team": scenario.team_1.pk,
            "unit": scenario.others[10].pk,
            "scheduled_start": "05/12/2026",
            "scheduled_end": "04/12/2026",
        },
    )
    assert response.context["form"].errors["scheduled_end"] == ["Ngày kết thúc phải sau hoặc trùng ngày bắt đầu."]


def test_record_the_result_with_minutes(cast, scenario):
    client = cast.client(cast.secretariat)
    inspection = scenario.planned
    url = reverse("inspections:result", args=[inspection.pk])

    refused = client.post(url, {"actual_start": "08/12/2026", "actual_end": "07/12/2026", "strengths": "Tốt"})
    assert set(refused.context["form"].errors) == {"areas", "actual_end"}

    response = client.post(
        url,
        {
            "actual_start": "08/12/2026",
            "actual_end": "09/12/2026",
            "areas": [area("I").pk, area("III").pk],
            "strengths": "Niêm yết TTHC đầy đủ.",
            "minutes": pdf("Bien ban kiem tra.pdf"),
        },
    )
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert (inspection.status, inspection.actual_start) == (InspectionStatus.DONE, datetime.date(2026, 12, 8))
    assert inspection.minutes_name == "Bien ban kiem tra.pdf"
    download = client.get(reverse("inspections:minutes", args=[inspection.pk]))
    assert b"".join(download.streaming_content) == PDF
    assert (
        "Kiểm tra trực tiếp tại 7/20 đơn vị (chiếm 35,00%)"
        in client.get(scenario.plan.get_absolute_url()).content.decode()
    )


def test_add_shortcomings_and_recommendations_on_the_record_page(cast, scenario):
    client = cast.client(cast.secretariat)
    inspection = scenario.inspection_a
    url = reverse("inspections:shortcoming_add", args=[inspection.pk])
    refused = client.post(url, {"shortcoming-area": area("I").pk, "shortcoming-text": ""})
    assert refused.status_code == 200 and refused.context["shortcoming_form"].errors["text"]

    assert client.post(url, {"shortcoming-area": area("I").pk, "shortcoming-text": "Chưa lưu hồ sơ"}).status_code == 302
    response = client.post(
        reverse("inspections:recommendation_add", args=[inspection.pk]),
        {
            "recommendation-area": area("I").pk,
            "recommendation-content": "Lập hồ sơ lưu trữ CCHC",
            "recommendation-deadline": "2027-01-15",
            "recommendation-responsible_unit": cast.unit_a.pk,
        },
    )
    assert response.status_code == 302
    rec = inspection.recommendations.get(content="Lập hồ sơ lưu trữ CCHC")
    assert (rec.deadline, rec.responsible_unit, rec.area.code) == (datetime.date(2027, 1, 15), cast.unit_a, "I")

    page = client.get(inspection.get_absolute_url()).content.decode()
    assert "Chưa lưu hồ sơ" in page and "Lập hồ sơ lưu trữ CCHC" in page and "15/01/2027" in page
    kinds = list(inspection.events.values_list("kind", flat=True))
    assert kinds[-2:] == [InspectionEventKind.SHORTCOMING_ADDED, InspectionEventKind.RECOMMENDATION_ADDED]


def test_area_choices_on_the_record_page_are_the_areas_checked(cast, scenario):
    response = cast.client(cast.secretariat).get(scenario.inspection_a.get_absolute_url())
    codes = {a.code for a in response.context["recommendation_form"].fields["area"].queryset}
    assert codes == {"I", "III"}


def test_reschedule_a_planned_inspection_and_read_its_history(cast, scenario):
    client = cast.client(cast.secretariat)
    url = reverse("inspections:reschedule", args=[scenario.planned.pk])
    refused = client.post(
        url, {"team": scenario.team_1.pk, "scheduled_start": "10/12/2026", "scheduled_end": "09/12/2026"}
    )
    assert refused.context["form"].errors["scheduled_end"] == ["Ngày kết thúc phải sau hoặc trùng ngày bắt đầu."]
    response = client.post(
        url,
        {
            "team": scenario.team_1.pk,
            "scheduled_start": "10/12/2026",
            "scheduled_end": "11/12/2026",
            "areas": [area("VII").pk],
        },
    )
    assert response.status_code == 302
    scenario.planned.refresh_from_db()
    assert (scenario.planned.team, scenario.planned.scheduled_start) == (scenario.team_1, datetime.date(2026, 12, 10))
    assert [a.code for a in scenario.planned.areas.all()] == ["VII"]
    by_team = {row.team.pk: (row.inspected, row.planned) for row in coverage(scenario.plan).teams}
    assert by_team == {scenario.team_1.pk: (3, 1), scenario.team_2.pk: (3, 0)}

    page = client.get(scenario.planned.get_absolute_url())
    assert [e.kind for e in page.context["events"]] == [InspectionEventKind.SCHEDULED, InspectionEventKind.RESCHEDULED]
    assert "10/12/2026–11/12/2026 (Đoàn kiểm tra số 1)" in page.content.decode()


def test_a_done_inspection_keeps_its_checked_areas_when_rescheduled(cast, scenario):
    client = cast.client(cast.secretariat)
    form = client.get(reverse("inspections:reschedule", args=[scenario.inspection_a.pk])).context["form"]
    assert "areas" not in form.fields
    services.inspection_reschedule(
        inspection=scenario.inspection_a,
        team=scenario.team_2,
        scheduled_start=datetime.date(2026, 3, 9),
        scheduled_end=datetime.date(2026, 3, 11),
        by=cast.secretariat,
    )
    assert sorted(a.code for a in scenario.inspection_a.areas.all()) == ["I", "III"]
