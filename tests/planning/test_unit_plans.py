"""Units' own plans derived from the agency plan: started by the unit's staff, agency tasks taken
over whole or in parts, issued by the unit's head; the secretariat's overview."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from planning.unit_plans import DerivedPart, task_take_over, unit_plans_overview
from plans.models import Plan, PlanStatus
from plans.services import plan_issue, unit_plan_create
from tasks.models import Task, TaskSource, TaskStatus
from tasks.services import task_edit
from tests.factories import area, make_plan, make_task, make_unit

TODAY = datetime.date.today()
YEAR = TODAY.year
DUE = datetime.date(YEAR, 12, 31)


@pytest.fixture
def agency(cast):
    agency_unit = make_unit(code="UBND", name="UBND tỉnh thử")
    plan = make_plan(
        number="125/KH-UBND", year=YEAR, issuing_unit=agency_unit, issued_on=TODAY - datetime.timedelta(days=60)
    )
    unit_c = make_unit(code="SC", name="Sở Xây dựng thử")
    make_task(
        plan=plan,
        area_code="I",
        number="1",
        lead_unit=cast.unit_a,
        content="Ban hành kế hoạch CCHC",
        deadline=DUE,
        deadline_text="Năm 2026",
    )
    make_task(
        plan=plan,
        area_code="I",
        number="2",
        lead_unit=cast.unit_a,
        coordinating=[cast.unit_b],
        content="Kiểm tra CCHC",
        deadline=DUE,
    )
    make_task(
        plan=plan,
        area_code="II",
        number="1",
        lead_unit=cast.unit_b,
        coordinating=[cast.unit_a],
        content="Rà soát văn bản",
        deadline=DUE,
    )
    make_task(plan=plan, area_code="III", number="1", lead_unit=unit_c, content="Số hóa hồ sơ", deadline=DUE)
    return plan


def agency_task(plan, code, number):
    return Task.objects.get(plan=plan, area__code=code, number=number)


def test_a_units_staff_starts_its_plan_from_the_agency_plan(cast, agency):
    client = cast.client(cast.staff_a)
    page = client.get(agency.get_absolute_url()).content.decode()
    assert "Xây dựng kế hoạch của đơn vị" in page
    response = client.post(
        reverse("plans:unit_plan_start", args=[agency.pk]), {"title": "Kế hoạch CCHC của Sở Tư pháp", "number": ""}
    )
    plan = Plan.objects.get(parent=agency)
    assert response["Location"] == plan.get_absolute_url()
    assert (plan.issuing_unit, plan.status, plan.year, plan.number) == (
        cast.unit_a,
        PlanStatus.DRAFT,
        YEAR,
        f"Dự thảo {YEAR}",
    )
    # Offered: the three agency tasks unit A leads or coordinates, not unit C's.
    page = client.get(plan.get_absolute_url()).content.decode()
    assert page.count("Nhận nhiệm vụ") == 3
    assert "Số hóa hồ sơ" not in page
    assert page.count("Thiếu nhiệm vụ") == 2  # the two it leads
    # A second start opens the existing plan.
    assert client.get(reverse("plans:unit_plan_start", args=[agency.pk]))["Location"] == plan.get_absolute_url()
    with pytest.raises(ValidationError):
        unit_plan_create(parent=agency, unit=cast.unit_a, by=cast.head_a, title="Lần hai")


def test_only_a_units_people_start_its_plan(cast, agency):
    with pytest.raises(PermissionDenied):
        unit_plan_create(parent=agency, unit=cast.unit_a, by=cast.staff_b, title="x")
    assert cast.client(cast.secretariat).get(reverse("plans:unit_plan_start", args=[agency.pk])).status_code == 403
    draft = make_plan(status=PlanStatus.DRAFT, year=YEAR)
    with pytest.raises(PermissionDenied):  # only from an issued agency plan
        unit_plan_create(parent=draft, unit=cast.unit_a, by=cast.staff_a, title="x")


def test_taking_a_task_over_whole_and_split(cast, agency):
    unit_plan = unit_plan_create(parent=agency, unit=cast.unit_a, by=cast.staff_a, title="KH của Sở Tư pháp")
    client = cast.client(cast.staff_a)
    whole = agency_task(agency, "I", "1")
    response = client.post(
        reverse("plans:take_over", args=[unit_plan.pk, whole.pk]),
        {
            "form-TOTAL_FORMS": 3,
            "form-INITIAL_FORMS": 0,
            "form-0-content": whole.content,
            "form-0-deadline": "",
            "form-1-content": "",
            "form-2-content": "",
        },
    )
    assert response.status_code == 302
    (derived,) = Task.objects.filter(plan=unit_plan, parent_task=whole)
    assert (derived.number, derived.area.code, derived.lead_unit, derived.deadline, derived.deadline_text) == (
        "1",
        "I",
        cast.unit_a,
        DUE,
        "Năm 2026",
    )
    assert derived.source == TaskSource.SUPERIOR
    assert derived.events.get().note == "Triển khai nhiệm vụ I.1 của Kế hoạch 125/KH-UBND"

    split = agency_task(agency, "II", "1")
    too_late = {
        "form-TOTAL_FORMS": 2,
        "form-INITIAL_FORMS": 0,
        "form-0-content": "Rà soát nghị quyết",
        "form-0-deadline": f"{YEAR}-06-30",
        "form-1-content": "Rà soát quyết định",
        "form-1-deadline": f"{YEAR + 1}-01-15",
    }
    response = client.post(reverse("plans:take_over", args=[unit_plan.pk, split.pk]), too_late)
    assert "không được sau thời hạn của nhiệm vụ cấp trên (31/12/" in response.content.decode()
    assert not Task.objects.filter(plan=unit_plan, parent_task=split).exists()
    ok = {**too_late, "form-1-deadline": f"{YEAR}-09-30"}
    assert client.post(reverse("plans:take_over", args=[unit_plan.pk, split.pk]), ok).status_code == 302
    parts = list(
        Task.objects.filter(plan=unit_plan, parent_task=split)
        .order_by("number")
        .values_list("number", "content", "deadline")
    )
    assert parts == [
        ("1.1", "Rà soát nghị quyết", datetime.date(YEAR, 6, 30)),
        ("1.2", "Rà soát quyết định", datetime.date(YEAR, 9, 30)),
    ]
    with pytest.raises(ValidationError):  # already taken
        task_take_over(unit_plan=unit_plan, parent_task=split, by=cast.staff_a, parts=[DerivedPart()])
    with pytest.raises(ValidationError):  # unit C's task, not unit A's
        task_take_over(
            unit_plan=unit_plan, parent_task=agency_task(agency, "III", "1"), by=cast.staff_a, parts=[DerivedPart()]
        )


def test_the_unit_adds_its_own_task_and_its_head_issues_the_plan(cast, agency):
    unit_plan = unit_plan_create(parent=agency, unit=cast.unit_a, by=cast.staff_a, title="KH của Sở Tư pháp")
    staff = cast.client(cast.staff_a)
    response = staff.post(
        reverse("plans:task_add", args=[unit_plan.pk]),
        {
            "area": area("V").pk,
            "number": "1",
            "content": "Bồi dưỡng công chức của Sở",
            "lead_unit": cast.unit_a.pk,
            "deadline_text": "Quý IV",
            "source": "self",
        },
    )
    assert response.status_code == 302
    own = Task.objects.get(plan=unit_plan, area__code="V")
    assert (own.lead_unit, own.parent_task, own.deadline) == (cast.unit_a, None, datetime.date(YEAR, 12, 31))
    # Another unit may not be named lead in a unit's plan.
    response = staff.post(
        reverse("plans:task_add", args=[unit_plan.pk]),
        {"area": area("V").pk, "number": "2", "content": "x", "lead_unit": cast.unit_b.pk, "source": "self"},
    )
    assert response.status_code == 200 and not Task.objects.filter(plan=unit_plan, number="2").exists()
    # Staff draft, the head issues.
    assert staff.get(reverse("plans:issue", args=[unit_plan.pk])).status_code == 403
    assert cast.client(cast.staff_b).get(unit_plan.get_absolute_url()).status_code == 404
    head = cast.client(cast.head_a)
    response = head.post(
        reverse("plans:issue", args=[unit_plan.pk]), {"number": "45/KH-STP", "issued_on": TODAY.isoformat()}
    )
    assert response.status_code == 302
    unit_plan.refresh_from_db()
    assert (unit_plan.status, unit_plan.number, unit_plan.issued_on) == (PlanStatus.ISSUED, "45/KH-STP", TODAY)
    # After issue, the unit's changes need a document too; the agency plan stays the secretariat's.
    with pytest.raises(PermissionDenied):
        task_edit(
            task=agency_task(agency, "I", "1"), by=cast.staff_a, loaded_version=1, changes={"remarks": "x"}, reason="x"
        )
    assert task_edit(
        task=own, by=cast.staff_a, loaded_version=own.version, changes={"remarks": "Ghi chú"}, reason="Bổ sung ghi chú"
    )


def test_a_unit_plan_is_issued_after_the_agency_plan(cast, agency):
    unit_plan = unit_plan_create(parent=agency, unit=cast.unit_a, by=cast.staff_a, title="KH")
    with pytest.raises(ValidationError) as exc:
        plan_issue(
            plan=unit_plan, by=cast.head_a, number="1/KH-STP", issued_on=agency.issued_on - datetime.timedelta(days=1)
        )
    assert "issued_on" in exc.value.message_dict


def test_the_secretariat_sees_which_units_issued_their_plan(cast, agency):
    agency.unit_plans_due = TODAY - datetime.timedelta(days=10)
    agency.save(update_fields=["unit_plans_due"])
    plan_a = unit_plan_create(parent=agency, unit=cast.unit_a, by=cast.staff_a, title="KH A")
    task_take_over(unit_plan=plan_a, parent_task=agency_task(agency, "I", "1"), by=cast.staff_a, parts=[DerivedPart()])
    plan_issue(plan=plan_a, by=cast.head_a, number="45/KH-STP", issued_on=TODAY - datetime.timedelta(days=20))
    plan_b = unit_plan_create(parent=agency, unit=cast.unit_b, by=cast.staff_b, title="KH B")

    overview = unit_plans_overview(agency, today=TODAY)
    rows = {row.unit.code: row for row in overview.rows}
    assert list(rows) == ["SB", "SA", "SC"]  # by unit order, then name
    assert (overview.issued, overview.expected, str(overview.rate)) == (1, 3, "33.33")
    assert overview.sentence() == "1/3 đơn vị đã ban hành kế hoạch (33,33%)"
    assert [t.number for t in rows["SA"].missing] == ["2"]  # I.2: led by A, not taken over
    assert rows["SB"].plan == plan_b and [t.area.code for t in rows["SB"].missing] == ["II"]
    assert rows["SC"].plan is None and rows["SC"].missing == []
    assert (rows["SA"].late, rows["SB"].late, rows["SC"].late) == (False, True, True)
    assert overview.missing_count == 2

    page = cast.client(cast.leader).get(reverse("plans:unit_plans", args=[agency.pk])).content.decode()
    assert "1/3 đơn vị đã ban hành kế hoạch (33,33%)" in page
    assert f"Hạn ban hành kế hoạch của đơn vị: {agency.unit_plans_due:%d/%m/%Y}." in page
    assert "45/KH-STP" in page and "Đang dự thảo" in page and "Chưa xây dựng" in page
    assert cast.client(cast.staff_a).get(reverse("plans:unit_plans", args=[agency.pk])).status_code == 403


def test_a_unit_plan_issued_after_the_deadline_is_late(cast, agency):
    agency.unit_plans_due = TODAY - datetime.timedelta(days=30)
    agency.save(update_fields=["unit_plans_due"])
    plan_a = unit_plan_create(parent=agency, unit=cast.unit_a, by=cast.staff_a, title="KH A")
    plan_issue(plan=plan_a, by=cast.head_a, number="45/KH-STP", issued_on=TODAY - datetime.timedelta(days=5))
    rows = {row.unit.code: row for row in unit_plans_overview(agency, today=TODAY).rows}
    assert rows["SA"].issued and rows["SA"].late


def test_a_removed_agency_task_is_no_longer_offered_or_missing(cast, agency):
    removed = agency_task(agency, "I", "2")
    task_edit(
        task=removed,
        by=cast.secretariat,
        loaded_version=removed.version,
        changes={"status": TaskStatus.REMOVED},
        reason="Bỏ",
        document="20/QĐ-UBND",
    )
    plan_a = unit_plan_create(parent=agency, unit=cast.unit_a, by=cast.staff_a, title="KH A")
    rows = {row.unit.code: row for row in unit_plans_overview(agency, today=TODAY).rows}
    assert [t.number for t in rows["SA"].missing] == ["1"]
    page = cast.client(cast.staff_a).get(plan_a.get_absolute_url()).content.decode()
    assert page.count("Nhận nhiệm vụ") == 2


def test_the_overview_in_english(cast, agency):
    from django.conf import settings

    plan_a = unit_plan_create(parent=agency, unit=cast.unit_a, by=cast.staff_a, title="KH A")
    plan_issue(plan=plan_a, by=cast.head_a, number="45/KH-STP", issued_on=TODAY)
    client = cast.client(cast.secretariat)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("plans:unit_plans", args=[agency.pk])).content.decode()
    assert "1/3 units have issued their plan (33.33%)" in page
    assert "Not started" in page and "No deadline set for the units' plans." in page
