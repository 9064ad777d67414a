"""One write path: the admin, imports, the demo and the tests write tasks only through
tasks/services/, so every change leaves history (tests/write_path.py checks every query)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from accounts.models import User
from reports.completion import completion_of
from tasks.models import Task, TaskEvent, TaskEventKind, TaskStateSpan, TaskStatus
from tasks.services import TaskConflict, task_edit
from tests import write_path
from tests.factories import make_plan, make_task, make_unit

TODAY = datetime.date(2023, 9, 1)


@pytest.fixture
def superuser(db) -> User:
    return User.objects.create_superuser("quantri", "qt@example.org", "pw-admin-123")


@pytest.fixture
def plan_of_three(db):
    plan = make_plan(number="3/KH-UBND", year=2023, issued_on=datetime.date(2023, 1, 10))
    lead = make_unit(code="SX", name="Sở thử")
    kept = make_task(plan=plan, lead_unit=lead, status=TaskStatus.COMPLETED, completed_on=datetime.date(2023, 5, 2))
    other = make_task(plan=plan, lead_unit=lead, status=TaskStatus.IN_PROGRESS, progress=40)
    doomed = make_task(plan=plan, lead_unit=lead, status=TaskStatus.COMPLETED, completed_on=datetime.date(2023, 5, 9))
    return plan, kept, other, doomed


def admin_change_data(client: Client, task: Task, **changes) -> dict:
    form = client.get(f"/admin/tasks/task/{task.pk}/change/").context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data.update(area=task.area_id, lead_unit=task.lead_unit_id, deadline=task.deadline.strftime("%d/%m/%Y"))
    data.update(changes)
    return data


def test_removing_a_task_in_the_admin_is_history_and_every_page_agrees(plan_of_three, superuser, cast):
    plan, _kept, _other, doomed = plan_of_three
    client = Client()
    client.force_login(superuser)
    before = doomed.version
    response = client.post(
        f"/admin/tasks/task/{doomed.pk}/change/",
        admin_change_data(
            client,
            doomed,
            status=TaskStatus.REMOVED,
            change_reason="Đưa ra khỏi kế hoạch",
            change_document="Quyết định 15/QĐ-UBND",
        ),
    )
    assert response.status_code == 302
    doomed.refresh_from_db()
    assert (doomed.status, doomed.version) == (TaskStatus.REMOVED, before + 1)
    event = TaskEvent.objects.filter(task=doomed).latest("id")
    assert (event.kind, event.status_before, event.status_after) == (
        TaskEventKind.EDITED,
        TaskStatus.COMPLETED,
        TaskStatus.REMOVED,
    )
    assert event.document == "Quyết định 15/QĐ-UBND"
    # The dashboard's figures (from history) and the plan list (the task rows) agree: 1 of 2.
    figures = completion_of(Task.objects.filter(plan=plan), as_of=datetime.date.today())
    assert (figures.completed, figures.total, figures.removed) == (1, 2, 1)
    page = cast.client(cast.secretariat).get(reverse("plans:list"), {"year": 2023}).content.decode()
    assert re.search(r'<td class="text-end">2</td>\s*<td class="text-end">1</td>', page)  # tasks, completed
    # The task page's timeline shows the removal with its reason.
    detail = cast.client(cast.secretariat).get(reverse("tasks:detail", args=[doomed.pk])).content.decode()
    assert "Đưa ra khỏi kế hoạch" in detail


def test_the_plan_admin_lists_tasks_read_only_with_a_link(plan_of_three, superuser):
    plan, kept, _other, _doomed = plan_of_three
    client = Client()
    client.force_login(superuser)
    page = client.get(f"/admin/plans/plan/{plan.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f"/admin/tasks/task/{kept.pk}/change/" in html
    assert 'name="tasks-0-status"' not in html  # no editable task field on the plan's page
    # Posting task fields with the plan changes no task.
    data = {
        "number": plan.number,
        "title": plan.title,
        "year": plan.year,
        "issuing_unit": plan.issuing_unit_id,
        "issued_on": "10/01/2023",
        "status": plan.status,
        "tasks-TOTAL_FORMS": "1",
        "tasks-INITIAL_FORMS": "1",
        "tasks-0-id": kept.pk,
        "tasks-0-plan": plan.pk,
        "tasks-0-status": TaskStatus.REMOVED,
    }
    client.post(f"/admin/plans/plan/{plan.pk}/change/", data)
    kept.refresh_from_db()
    assert kept.status == TaskStatus.COMPLETED


def test_a_stale_admin_form_is_refused_with_a_message(plan_of_three, superuser):
    _plan, _kept, other, _doomed = plan_of_three
    client = Client()
    client.force_login(superuser)
    data = admin_change_data(client, other, progress=70, change_reason="Cập nhật")
    task_edit(task=other, by=superuser, loaded_version=other.version, changes={"progress": 60}, reason="Trước")
    response = client.post(f"/admin/tasks/task/{other.pk}/change/", data)
    assert response.status_code == 200
    assert "đã được thay đổi sau khi bạn mở trang" in response.content.decode()
    other.refresh_from_db()
    assert other.progress == 60


def test_the_admin_asks_why(plan_of_three, superuser):
    _plan, _kept, other, _doomed = plan_of_three
    client = Client()
    client.force_login(superuser)
    response = client.post(f"/admin/tasks/task/{other.pk}/change/", admin_change_data(client, other, progress=70))
    assert response.status_code == 200
    assert "Nêu lý do thay đổi." in response.content.decode()


def test_task_edit_refuses_a_stale_version_and_records_nothing(plan_of_three, cast):
    _plan, _kept, other, _doomed = plan_of_three
    count = TaskEvent.objects.filter(task=other).count()
    with pytest.raises(TaskConflict):
        task_edit(
            task=other, by=cast.secretariat, loaded_version=other.version - 1, changes={"progress": 1}, reason="x"
        )
    assert TaskEvent.objects.filter(task=other).count() == count


def test_task_edit_is_the_secretariats(plan_of_three, cast):
    from django.core.exceptions import PermissionDenied

    _plan, _kept, other, _doomed = plan_of_three
    with pytest.raises(PermissionDenied):
        task_edit(task=other, by=cast.staff_a, loaded_version=other.version, changes={"progress": 1}, reason="x")


def test_factories_make_a_creation_entry_in_the_tasks_state_and_its_span(plan_of_three):
    _plan, kept, _other, _doomed = plan_of_three
    kinds = list(TaskEvent.objects.filter(task=kept).order_by("id").values_list("kind", flat=True))
    assert kinds == [TaskEventKind.CREATED]
    assert TaskEvent.objects.get(task=kept).status_after == TaskStatus.COMPLETED
    assert TaskStateSpan.objects.filter(task=kept, valid_until__isnull=True).count() == 1


def test_the_guard_catches_a_write_that_bypasses_the_services(plan_of_three, superuser, monkeypatch):
    """Django's own ModelAdmin.save_model in place of the service call: the guard fails the
    request, so a regression like the old editable plan-admin inline cannot pass the suite."""
    _plan, _kept, other, _doomed = plan_of_three
    from tasks.admin import TaskAdmin

    monkeypatch.setattr(TaskAdmin, "save_model", admin.ModelAdmin.save_model)
    client = Client()
    client.force_login(superuser)
    data = admin_change_data(client, other, progress=70, change_reason="Bỏ qua dịch vụ")
    with pytest.raises(write_path.WritePathViolation, match="tasks_task written by Django itself"):
        client.post(f"/admin/tasks/task/{other.pk}/change/", data)


def test_written_table_reads_the_statement():
    assert write_path.written_table('UPDATE "tasks_task" SET "status" = %s') == "tasks_task"
    assert write_path.written_table('INSERT INTO "tasks_taskevent" ("task_id") VALUES (1)') == "tasks_taskevent"
    assert write_path.written_table('DELETE FROM "tasks_taskstatespan" WHERE 1') == "tasks_taskstatespan"
    assert write_path.written_table('SELECT * FROM "tasks_task"') is None


def test_no_history_entry_takes_effect_ahead_of_today(plan_of_three, cast):
    """Figures for today read the task rows; that holds because nothing is dated ahead."""
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from tasks.history import FutureEntry, PastEntry
    from tasks.services import task_history_import

    _plan, _kept, other, _doomed = plan_of_three
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(FutureEntry):
        task_history_import(
            entries=[
                PastEntry(
                    task_id=other.pk,
                    kind=TaskEventKind.PROGRESS,
                    effective_on=tomorrow,
                    status=TaskStatus.IN_PROGRESS,
                    progress=50,
                    deadline=other.deadline,
                )
            ]
        )
    with pytest.raises(ValidationError):
        task_edit(
            task=other,
            by=cast.secretariat,
            loaded_version=other.version,
            changes={"status": TaskStatus.REMOVED},
            reason="Hiệu lực sau",
            effective_on=tomorrow,
        )
    other.refresh_from_db()
    assert (other.status, other.progress) == (TaskStatus.IN_PROGRESS, 40)
