"""Re-importing the published plan file after the plan was adjusted in the app: the preview
shows every difference (the file does not have the in-app changes) and confirming records
each as history, nothing is overwritten silently or deleted."""

import datetime

import pytest
from django.urls import reverse

from plans.models import Plan, PlanImport, PlanImportStatus
from tasks.models import Task, TaskEventKind, TaskStatus
from tasks.services import task_create, task_edit
from tests.factories import area

from .conftest import standard_workbook
from .test_import_views import upload

D = datetime.date
pytestmark = pytest.mark.usefixtures("media_root")
DECISION = "20/QĐ-UBND ngày 02/03/2023: Điều chỉnh Kế hoạch CCHC năm 2023"


@pytest.fixture
def secretariat(cast):
    return cast.client(cast.secretariat)


@pytest.fixture
def adjusted_plan(cast, catalogue, secretariat):
    """The plan imported from its published file, then adjusted in the app by a decision: the
    lead unit of II.1 changed, a task III.2 added."""
    upload(secretariat, standard_workbook(), issuer=catalogue.snv)
    secretariat.post(reverse("plans:import_confirm", args=[PlanImport.objects.get().pk]))
    plan = Plan.objects.get()
    moved = Task.objects.get(plan=plan, area__code="II", number="1")
    task_edit(
        task=moved,
        by=cast.secretariat,
        loaded_version=moved.version,
        changes={"lead_unit": catalogue.stc},
        reason="Phân công lại",
        document=DECISION,
        effective_on=D(2023, 3, 5),
    )
    task_create(
        plan=plan,
        area=area("III"),
        number="2",
        content="Số hóa kết quả giải quyết TTHC",
        lead_unit=catalogue.vp,
        by=cast.secretariat,
        note="Bổ sung theo chỉ đạo",
        document=DECISION,
        effective_on=D(2023, 3, 5),
    )
    return plan


def reimport(catalogue, secretariat) -> PlanImport:
    upload(secretariat, standard_workbook(), issuer=catalogue.snv)
    return PlanImport.objects.filter(status=PlanImportStatus.PENDING).get()


def test_the_preview_shows_what_the_file_lacks_of_the_in_app_changes(catalogue, secretariat, adjusted_plan):
    record = reimport(catalogue, secretariat)
    page = secretariat.get(reverse("plans:import_preview", args=[record.pk])).content.decode()
    assert "Thêm 0 · sửa 1 · đưa ra khỏi kế hoạch 1 · giữ nguyên 6 nhiệm vụ." in page
    assert "<strong>Chủ trì</strong>: <del>Sở Tài chính</del> → Sở Tư pháp" in page
    assert (
        '<td>Đưa ra khỏi kế hoạch</td><td class="task-number">III.2</td><td>Số hóa kết quả giải quyết TTHC</td>' in page
    )
    # Nothing is written before the confirmation.
    assert Task.objects.get(plan=adjusted_plan, area__code="II", number="1").lead_unit == catalogue.stc
    assert Task.objects.get(plan=adjusted_plan, area__code="III", number="2").status == TaskStatus.NOT_STARTED


def test_confirming_records_each_difference_in_the_history(cast, catalogue, secretariat, adjusted_plan):
    record = reimport(catalogue, secretariat)
    response = secretariat.post(reverse("plans:import_confirm", args=[record.pk]), {"update_existing": "on"})
    assert response["Location"] == adjusted_plan.get_absolute_url()

    moved = Task.objects.get(plan=adjusted_plan, area__code="II", number="1")
    assert moved.lead_unit == catalogue.stp
    entries = list(moved.events.order_by("id"))
    assert [e.kind for e in entries] == [TaskEventKind.CREATED, TaskEventKind.EDITED, TaskEventKind.EDITED]
    # The in-app decision stays in the history, and the import's change is recorded after it.
    assert entries[1].document == DECISION
    assert entries[1].field_changes == [{"field": "lead_unit", "before": "Sở Tư pháp", "after": "Sở Tài chính"}]
    assert entries[2].field_changes == [{"field": "lead_unit", "before": "Sở Tài chính", "after": "Sở Tư pháp"}]
    assert entries[2].actor == cast.secretariat

    added = Task.objects.get(plan=adjusted_plan, area__code="III", number="2")  # not deleted
    assert added.status == TaskStatus.REMOVED
    assert [e.kind for e in added.events.order_by("id")] == [TaskEventKind.CREATED, TaskEventKind.EDITED]
    assert added.events.order_by("id").last().status_after == TaskStatus.REMOVED
    assert Task.objects.filter(plan=adjusted_plan).count() == 8  # 7 from the file, 1 added in the app
