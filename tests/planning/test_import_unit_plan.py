"""Importing a unit's plan under the agency plan it implements: the import form names the
parent plan and the unit; rows carrying out a parent task (same text, or the number of a task
the unit leads or coordinates) become derived tasks linked to it, the others the unit's own."""

import pytest
from django.urls import reverse

from plans.models import Plan, PlanImport, PlanImportStatus, PlanStatus
from tasks.models import Task, TaskSource

from .conftest import HEADER, standard_workbook, workbook_bytes
from .test_import_views import upload

pytestmark = pytest.mark.usefixtures("media_root")

UNIT_PLAN_ROWS = [
    ["SỞ TƯ PHÁP"],
    ["KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2023"],
    ["(Kèm theo Kế hoạch số 12/KH-STP ngày 20/01/2023)"],
    [],
    HEADER,
    ["I", "Công tác chỉ đạo, điều hành cải cách hành chính"],
    [1, "Ban hành kế hoạch CCHC năm 2023.", "Kế hoạch", "Sở Tư pháp", None, "Tháng 1", None],  # 7: text of I.1
    ["II", "Cải cách thể chế"],
    [1, "Rà soát văn bản QPPL", "Báo cáo", "Sở Tư pháp", None, "Tháng 9", None],  # 9: text of II.1
    ["1.1", "Rà soát văn bản QPPL về đất đai", "Danh mục", "Sở Tư pháp", None, "Tháng 11", None],  # 10: number
    ["III", "Cải cách thủ tục hành chính"],
    [1, "Công bố thủ tục nội bộ của Sở", "Quyết định", "Sở Tư pháp", None, "Tháng 6", None],  # 12: III.1 not STP's
    [5, "Tự kiểm tra công tác CCHC tại Sở Tư pháp", "Báo cáo", "Sở Tư pháp", None, "Tháng 10", None],  # 13
]


@pytest.fixture
def secretariat(cast):
    return cast.client(cast.secretariat)


@pytest.fixture
def agency(catalogue, secretariat):
    upload(secretariat, standard_workbook(), issuer=catalogue.snv)
    secretariat.post(reverse("plans:import_confirm", args=[PlanImport.objects.get().pk]))
    return Plan.objects.get()


def upload_unit_plan(secretariat, catalogue, agency, **extra):
    return upload(
        secretariat,
        workbook_bytes(UNIT_PLAN_ROWS),
        number="12/KH-STP",
        issuer=catalogue.stp,
        parent=agency.pk,
        issued_on="20/01/2023",
        **extra,
    )


def test_the_preview_names_the_parent_task_of_each_row(catalogue, secretariat, agency):
    response = upload_unit_plan(secretariat, catalogue, agency)
    record = PlanImport.objects.get(status=PlanImportStatus.PENDING)
    assert response["Location"] == reverse("plans:import_preview", args=[record.pk])
    assert record.parent == agency
    page = secretariat.get(response["Location"]).content.decode()
    assert (
        "Kế hoạch của đơn vị triển khai Kế hoạch số 125/KH-UBND: 3 nhiệm vụ nhận từ kế hoạch cấp trên, "
        "2 nhiệm vụ riêng của đơn vị." in page
    )
    for label in ("I.1", "II.1", "II.1.1"):
        assert f"Nhận từ nhiệm vụ {label} của kế hoạch cấp trên" in page
    assert page.count('data-testid="parent-task"') == 3
    assert not Plan.objects.filter(number="12/KH-STP").exists()


def test_confirming_creates_the_unit_plan_under_its_parent_with_derived_and_own_tasks(
    cast, catalogue, secretariat, agency
):
    upload_unit_plan(secretariat, catalogue, agency)
    record = PlanImport.objects.get(status=PlanImportStatus.PENDING)
    response = secretariat.post(reverse("plans:import_confirm", args=[record.pk]))
    unit_plan = Plan.objects.get(number="12/KH-STP")
    assert response["Location"] == unit_plan.get_absolute_url()
    assert (unit_plan.parent, unit_plan.issuing_unit, unit_plan.status) == (agency, catalogue.stp, PlanStatus.ISSUED)
    parent_of = {
        (t.area.code, t.number): (t.parent_task and f"{t.parent_task.area.code}.{t.parent_task.number}", t.source)
        for t in Task.objects.filter(plan=unit_plan).select_related("area", "parent_task__area")
    }
    assert parent_of == {
        ("I", "1"): ("I.1", TaskSource.SUPERIOR),
        ("II", "1"): ("II.1", TaskSource.SUPERIOR),
        ("II", "1.1"): ("II.1.1", TaskSource.SUPERIOR),
        ("III", "1"): (None, TaskSource.SELF),
        ("III", "5"): (None, TaskSource.SELF),
    }
    # The agency plan is untouched and still counts its own tasks only.
    assert Task.objects.filter(plan=agency).count() == 7


def test_the_parent_plan_must_be_another_issuers(catalogue, secretariat, agency):
    response = upload(
        secretariat, workbook_bytes(UNIT_PLAN_ROWS), number="12/KH-STP", issuer=catalogue.snv, parent=agency.pk
    )
    assert response.status_code == 200
    assert "Kế hoạch của đơn vị do đơn vị ban hành, không phải cơ quan ban hành kế hoạch cấp trên." in (
        response.content.decode()
    )
    assert not PlanImport.objects.filter(status=PlanImportStatus.PENDING).exists()


def test_the_parent_can_be_set_on_the_preview(catalogue, secretariat, agency):
    upload(secretariat, workbook_bytes(UNIT_PLAN_ROWS), number="12/KH-STP", issuer=catalogue.stp)
    record = PlanImport.objects.get(status=PlanImportStatus.PENDING)
    page = secretariat.get(reverse("plans:import_preview", args=[record.pk])).content.decode()
    assert 'data-testid="parent-plan"' not in page
    data = {"number": "12/KH-STP", "year": 2023, "issuing_unit": catalogue.stp.pk, "title": "", "parent": agency.pk}
    secretariat.post(reverse("plans:import_header", args=[record.pk]), data)
    record.refresh_from_db()
    assert record.parent == agency
    page = secretariat.get(reverse("plans:import_preview", args=[record.pk])).content.decode()
    assert "3 nhiệm vụ nhận từ kế hoạch cấp trên, 2 nhiệm vụ riêng của đơn vị." in page
