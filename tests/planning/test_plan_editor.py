"""The plan editor: a plan made by hand, moved draft → issued → closed, its tasks added,
adjusted, removed and renumbered in the browser with the reason and the deciding document."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from audit.models import AuditAction, AuditEntry
from plans.models import Plan, PlanStatus
from plans.services import plan_close, plan_issue
from reports.completion import completion_of
from tasks.models import Task, TaskEvent, TaskEventKind, TaskStatus
from tasks.plan_changes import plan_changes
from tasks.services import task_edit, tasks_renumber
from tests.factories import area, make_plan, make_task, make_unit

TODAY = datetime.date.today()
DECISION = {
    "reason": "Bổ sung theo chỉ đạo của UBND tỉnh",
    "document_number": "15/QĐ-UBND",
    "document_date": "2026-01-08",
    "document_title": "Điều chỉnh Kế hoạch CCHC",
}


@pytest.fixture
def issued(cast):
    plan = make_plan(number="125/KH-UBND", year=2026, issued_on=datetime.date(2026, 1, 2), issuing_unit=cast.unit_b)
    make_task(plan=plan, area_code="I", number="1", lead_unit=cast.unit_a, content="Ban hành kế hoạch CCHC")
    make_task(plan=plan, area_code="I", number="2", lead_unit=cast.unit_a, content="Kiểm tra công tác CCHC")
    make_task(plan=plan, area_code="II", number="1", lead_unit=cast.unit_b, content="Rà soát văn bản QPPL")
    return plan


def task_post(cast, **overrides):
    data = {
        "area": area("III").pk,
        "number": "5",
        "content": "Số hóa hồ sơ thủ tục hành chính",
        "expected_output": "Báo cáo kết quả",
        "lead_unit": cast.unit_a.pk,
        "coordinating_units": [cast.unit_b.pk],
        "coordination_text": "",
        "deadline_text": "Quý III",
        "source": "self",
        "remarks": "",
        **DECISION,
    }
    data.update(overrides)
    return data


# ---------------------------------------------------------------- the plan itself


def test_the_secretariat_creates_a_draft_plan_by_hand(cast):
    response = cast.client(cast.secretariat).post(
        reverse("plans:create"),
        {
            "number": "  45/KH-UBND ",
            "title": "Kế hoạch CCHC năm 2026",
            "year": 2026,
            "issuing_unit": cast.unit_b.pk,
            "issued_on": "",
            "unit_plans_due": "2026-02-15",
        },
    )
    plan = Plan.objects.get(number="45/KH-UBND")
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    assert (plan.status, plan.year, plan.issuing_unit, plan.parent) == (PlanStatus.DRAFT, 2026, cast.unit_b, None)
    assert plan.unit_plans_due == datetime.date(2026, 2, 15)
    assert AuditEntry.objects.filter(action=AuditAction.PLAN_CREATED).count() == 1
    page = cast.client(cast.secretariat).get(plan.get_absolute_url()).content.decode()
    assert "Ban hành kế hoạch" in page and "Xóa dự thảo" in page and "Thêm nhiệm vụ" in page


@pytest.mark.parametrize("who", ["leader", "staff_a", "head_a"])
def test_only_the_secretariat_creates_plans(cast, who):
    response = cast.client(getattr(cast, who)).post(
        reverse("plans:create"), {"number": "1/KH", "title": "x", "year": 2026, "issuing_unit": cast.unit_a.pk}
    )
    assert response.status_code == 403
    assert not Plan.objects.exists()


def test_draft_to_issued_to_closed(cast):
    plan = make_plan(status=PlanStatus.DRAFT, year=2026, issuing_unit=cast.unit_b)
    client = cast.client(cast.secretariat)
    response = client.post(reverse("plans:issue", args=[plan.pk]), {"number": "99/KH-UBND", "issued_on": "2026-01-05"})
    plan.refresh_from_db()
    assert response.status_code == 302
    assert (plan.status, plan.number, plan.issued_on) == (PlanStatus.ISSUED, "99/KH-UBND", datetime.date(2026, 1, 5))
    # An issued plan cannot be issued again nor deleted.
    assert client.get(reverse("plans:issue", args=[plan.pk])).status_code == 403
    response = client.post(reverse("plans:delete", args=[plan.pk]), follow=True)
    assert "Kế hoạch đã ban hành không thể xóa." in response.content.decode()
    assert Plan.objects.filter(pk=plan.pk).exists()
    assert client.post(reverse("plans:close", args=[plan.pk])).status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CLOSED
    # Closed: read-only for everyone.
    assert client.get(reverse("plans:task_add", args=[plan.pk])).status_code == 403


def test_issue_needs_a_number_and_a_date_not_in_the_future(cast):
    plan = make_plan(status=PlanStatus.DRAFT, year=2026)
    with pytest.raises(ValidationError) as exc:
        plan_issue(plan=plan, by=cast.secretariat, number=" ", issued_on=TODAY + datetime.timedelta(days=1))
    assert set(exc.value.message_dict) == {"number", "issued_on"}
    with pytest.raises(PermissionDenied):
        plan_close(plan=plan, by=cast.secretariat)  # a draft is not closed


def test_a_draft_is_deleted_with_its_tasks(cast):
    plan = make_plan(status=PlanStatus.DRAFT, year=2026)
    make_task(plan=plan, lead_unit=cast.unit_a)
    response = cast.client(cast.secretariat).post(reverse("plans:delete", args=[plan.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("plans:list")
    assert not Plan.objects.filter(pk=plan.pk).exists()
    assert not Task.objects.filter(plan_id=plan.pk).exists()
    assert AuditEntry.objects.filter(action=AuditAction.PLAN_DELETED).count() == 1


# ---------------------------------------------------------------- tasks


def test_the_secretariat_adds_a_task_by_decision(cast, issued):
    response = cast.client(cast.secretariat).post(
        reverse("plans:task_add", args=[issued.pk]), task_post(cast, effective_on="2026-01-10")
    )
    assert response.status_code == 302
    task = Task.objects.get(plan=issued, number="5")
    assert (task.area.code, task.deadline, task.deadline_text) == ("III", datetime.date(2026, 9, 30), "Quý III")
    assert list(task.coordinating_units.all()) == [cast.unit_b]
    (created,) = task.events.all()
    assert created.kind == TaskEventKind.CREATED
    assert created.document == "15/QĐ-UBND ngày 08/01/2026: Điều chỉnh Kế hoạch CCHC"
    assert created.note == "Bổ sung theo chỉ đạo của UBND tỉnh"
    assert created.effective_on == datetime.date(2026, 1, 10)
    # The task counts from the decision's date on, not before.
    tasks = Task.objects.filter(plan=issued)
    assert completion_of(tasks, as_of=datetime.date(2026, 1, 9)).total == 3
    assert completion_of(tasks, as_of=datetime.date(2026, 1, 10)).total == 4
    # The timeline shows the document.
    page = cast.client(cast.secretariat).get(task.get_absolute_url()).content.decode()
    assert "Văn bản quyết định: <strong>15/QĐ-UBND ngày 08/01/2026: Điều chỉnh Kế hoạch CCHC</strong>" in page


def test_an_issued_plan_needs_the_deciding_document(cast, issued):
    data = task_post(cast, document_number="", document_date="", document_title="")
    response = cast.client(cast.secretariat).post(reverse("plans:task_add", args=[issued.pk]), data)
    assert response.status_code == 200
    assert "Kế hoạch đã ban hành: nêu văn bản quyết định việc bổ sung, điều chỉnh." in response.content.decode()
    assert not Task.objects.filter(plan=issued, number="5").exists()


def test_a_draft_takes_tasks_without_a_document(cast):
    plan = make_plan(status=PlanStatus.DRAFT, year=2026)
    data = task_post(cast, reason="", document_number="", document_date="", document_title="", deadline_text="Sớm")
    response = cast.client(cast.secretariat).post(reverse("plans:task_add", args=[plan.pk]), data)
    assert "Không đọc được thời hạn “Sớm”" in response.content.decode()
    data["deadline_text"] = "Thường xuyên"
    assert cast.client(cast.secretariat).post(reverse("plans:task_add", args=[plan.pk]), data).status_code == 302
    task = Task.objects.get(plan=plan)
    assert (task.is_recurring, task.deadline) == (True, datetime.date(2026, 12, 31))
    assert task.events.get().note == "Soạn thảo kế hoạch"


def test_the_secretariat_adjusts_a_task_with_reason_and_document(cast, issued):
    task = Task.objects.get(plan=issued, area__code="I", number="2")
    data = task_post(
        cast,
        area=task.area_id,
        number="2",
        content="Kiểm tra công tác CCHC tại 8 đơn vị",
        lead_unit=cast.unit_b.pk,
        deadline_text="30/11/2026",
        version=task.version,
    )
    response = cast.client(cast.secretariat).post(reverse("plans:task_edit", args=[task.pk]), data)
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.content, task.lead_unit, task.deadline) == (
        "Kiểm tra công tác CCHC tại 8 đơn vị",
        cast.unit_b,
        datetime.date(2026, 11, 30),
    )
    edited = task.events.get(kind=TaskEventKind.EDITED)
    assert edited.document == "15/QĐ-UBND ngày 08/01/2026: Điều chỉnh Kế hoạch CCHC"
    assert (edited.deadline_before, edited.deadline_after) == (datetime.date(2023, 6, 30), datetime.date(2026, 11, 30))


def test_a_stale_edit_answers_409_with_what_changed(cast, issued):
    task = Task.objects.get(plan=issued, area__code="I", number="2")
    loaded = task.version
    task_edit(
        task=task, by=cast.secretariat, loaded_version=loaded, changes={"remarks": "Ghi chú mới"}, reason="Sửa ghi chú"
    )
    data = task_post(cast, area=task.area_id, number="2", content="Nội dung khác", version=loaded)
    response = cast.client(cast.secretariat).post(reverse("plans:task_edit", args=[task.pk]), data)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Nhiệm vụ vừa được người khác cập nhật" in page and "Sửa ghi chú" in page
    task.refresh_from_db()
    assert task.content == "Kiểm tra công tác CCHC"
    assert f'name="version" value="{task.version}"' in page


def test_removing_a_task_takes_it_out_of_the_figures_from_the_decision(cast, issued):
    task = Task.objects.get(plan=issued, area__code="II", number="1")
    data = {**DECISION, "reason": "Không còn phù hợp", "effective_on": "2026-02-01", "version": task.version}
    response = cast.client(cast.secretariat).post(reverse("plans:task_remove", args=[task.pk]), data)
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.REMOVED
    tasks = Task.objects.filter(plan=issued)
    assert completion_of(tasks, as_of=datetime.date(2026, 1, 31)).total == 3
    after = completion_of(tasks, as_of=datetime.date(2026, 2, 1))
    assert (after.total, after.removed) == (2, 1)


def test_the_plan_page_counts_changes_since_issue_each_with_its_document(cast, issued):
    client = cast.client(cast.secretariat)
    client.post(reverse("plans:task_add", args=[issued.pk]), task_post(cast))
    adjusted = Task.objects.get(plan=issued, area__code="I", number="1")
    for content in ("Ban hành kế hoạch CCHC năm 2026", "Ban hành kế hoạch CCHC năm 2026 và kế hoạch kiểm tra"):
        adjusted.refresh_from_db()
        data = task_post(
            cast,
            area=adjusted.area_id,
            number="1",
            content=content,
            version=adjusted.version,
            document_number="20/QĐ-UBND",
            document_date="2026-03-02",
            document_title="",
        )
        assert client.post(reverse("plans:task_edit", args=[adjusted.pk]), data).status_code == 302
    removed = Task.objects.get(plan=issued, area__code="II", number="1")
    data = {**DECISION, "document_number": "31/QĐ-UBND", "document_date": "2026-04-01", "version": removed.version}
    client.post(reverse("plans:task_remove", args=[removed.pk]), data)

    changes = plan_changes(issued)
    assert (changes.added, changes.adjusted, changes.removed) == (1, 1, 1)
    assert [c.kind for c in changes.changes] == ["added", "adjusted", "adjusted", "removed"]
    page = client.get(issued.get_absolute_url()).content.decode()
    assert "Bổ sung 1 nhiệm vụ · điều chỉnh 1 nhiệm vụ · đưa ra khỏi kế hoạch 1 nhiệm vụ." in page
    assert "theo 20/QĐ-UBND ngày 02/03/2026" in page
    assert "theo 31/QĐ-UBND ngày 01/04/2026: Điều chỉnh Kế hoạch CCHC" in page


def test_reordering_keeps_numbers_and_renumbering_is_recorded(cast, issued):
    first = Task.objects.get(plan=issued, area__code="I", number="1")
    second = Task.objects.get(plan=issued, area__code="I", number="2")
    client = cast.client(cast.secretariat)
    url = reverse("plans:area_order", args=[issued.pk, "I"])
    # Order only: no history, numbers as written unchanged.
    response = client.post(
        url, {f"order_{first.pk}": 2, f"order_{second.pk}": 1, f"number_{first.pk}": "1", f"number_{second.pk}": "2"}
    )
    assert response.status_code == 302
    rows = list(Task.objects.filter(plan=issued, area__code="I").order_by("position").values_list("number", flat=True))
    assert rows == ["2", "1"]
    assert not TaskEvent.objects.filter(task__plan=issued, kind=TaskEventKind.EDITED).exists()
    # Swapping the numbers needs a reason and, the plan being issued, the document.
    data = {f"order_{first.pk}": 2, f"order_{second.pk}": 1, f"number_{first.pk}": "2", f"number_{second.pk}": "1"}
    response = client.post(url, data)
    assert "Nêu lý do đánh số lại." in response.content.decode()
    response = client.post(url, {**data, **DECISION})
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.number, second.number) == ("2", "1")
    edited = first.events.get(kind=TaskEventKind.EDITED)
    assert edited.note == "Bổ sung theo chỉ đạo của UBND tỉnh (STT 1 → 2)"
    assert edited.document.startswith("15/QĐ-UBND")


def test_renumbering_refuses_two_equal_numbers_in_an_area(cast, issued):
    first = Task.objects.get(plan=issued, area__code="I", number="1")
    with pytest.raises(ValidationError):
        tasks_renumber(plan=issued, numbers={first.pk: "2"}, by=cast.secretariat, reason="x")
    first.refresh_from_db()
    assert first.number == "1"


@pytest.mark.parametrize(
    "who, status, task_status",
    [("leader", 403, 403), ("staff_a", 403, 403), ("head_a", 403, 403), ("staff_b", 403, 404)],
)
def test_only_the_secretariat_edits_the_agency_plan(cast, issued, who, status, task_status):
    """staff_b's unit issued the plan (it sees it) but neither leads nor coordinates the task (404)."""
    task = Task.objects.get(plan=issued, area__code="I", number="1")
    client = cast.client(getattr(cast, who))
    assert client.post(reverse("plans:task_add", args=[issued.pk]), task_post(cast)).status_code == status
    assert (
        client.post(reverse("plans:task_edit", args=[task.pk]), task_post(cast, version=1)).status_code == task_status
    )
    assert (
        client.post(reverse("plans:task_remove", args=[task.pk]), {**DECISION, "version": 1}).status_code == task_status
    )
    assert Task.objects.filter(plan=issued).count() == 3
    assert cast.client(cast.outsider).get(reverse("plans:task_add", args=[issued.pk])).status_code == 404


def test_edit_links_show_only_to_who_may_edit(cast, issued):
    assert "Thêm nhiệm vụ" in cast.client(cast.secretariat).get(issued.get_absolute_url()).content.decode()
    task = Task.objects.get(plan=issued, area__code="I", number="1")
    page = cast.client(cast.secretariat).get(task.get_absolute_url()).content.decode()
    assert reverse("plans:task_edit", args=[task.pk]) in page and reverse("plans:task_remove", args=[task.pk]) in page
    for user in (cast.leader, cast.staff_a):
        assert (
            reverse("plans:task_edit", args=[task.pk])
            not in cast.client(user).get(task.get_absolute_url()).content.decode()
        )
    for user in (cast.leader, cast.staff_a):
        page = cast.client(user).get(issued.get_absolute_url()).content.decode()
        assert "Thêm nhiệm vụ" not in page and "Sửa thông tin kế hoạch" not in page


def test_plan_edit_changes_the_plans_fields(cast, issued):
    other = make_unit(code="UBND", name="UBND tỉnh")
    data = {
        "number": "125/KH-UBND",
        "title": "Kế hoạch CCHC năm 2026 (sửa)",
        "year": 2026,
        "issuing_unit": other.pk,
        "issued_on": "2026-01-02",
        "unit_plans_due": "2026-02-28",
    }
    assert cast.client(cast.secretariat).post(reverse("plans:edit", args=[issued.pk]), data).status_code == 302
    issued.refresh_from_db()
    assert (issued.title, issued.issuing_unit, issued.unit_plans_due) == (
        "Kế hoạch CCHC năm 2026 (sửa)",
        other,
        datetime.date(2026, 2, 28),
    )
