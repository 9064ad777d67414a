import datetime

import pytest

from tasks.history import record_event, snapshot
from tasks.models import TaskEvent, TaskEventKind, TaskStatus
from tests.factories import make_task


@pytest.mark.django_db
def test_record_event_keeps_before_and_after(cast):
    task = make_task(status=TaskStatus.IN_PROGRESS, progress=30)
    before = snapshot(task)
    task.status, task.progress, task.completed_on = TaskStatus.PENDING, 100, datetime.date(2023, 6, 20)
    task.save()
    event = record_event(
        task=task,
        kind=TaskEventKind.SUBMITTED,
        actor=cast.staff_a,
        before=before,
        note="Đã ban hành quyết định",
        effective_on=datetime.date(2023, 6, 20),
    )
    event.refresh_from_db()
    assert (event.status_before, event.status_after) == ("in_progress", "pending")
    assert (event.progress_before, event.progress_after) == (30, 100)
    assert event.completed_on_after == datetime.date(2023, 6, 20)
    assert event.actor == cast.staff_a and event.note == "Đã ban hành quyết định"


@pytest.mark.django_db
def test_history_entries_cannot_be_changed_or_deleted():
    task = make_task()
    event = record_event(task=task, kind=TaskEventKind.CREATED, before=None)
    event.note = "sửa lại"
    with pytest.raises(ValueError, match="immutable"):
        event.save()
    with pytest.raises(ValueError, match="immutable"):
        event.delete()
    assert TaskEvent.objects.get(pk=event.pk).note == ""


@pytest.mark.django_db
def test_an_admin_edit_is_recorded_and_bumps_the_version(cast, client):
    task = make_task(status=TaskStatus.IN_PROGRESS, progress=30)
    loaded = task.version
    superuser = make_user_admin()
    client.force_login(superuser)
    url = f"/admin/tasks/task/{task.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data.update(
        area=task.area_id,
        lead_unit=task.lead_unit_id,
        progress=55,
        deadline="30/06/2023",
        source="self",
        status="in_progress",
        change_reason="Sửa số liệu nhập sai",
        change_document="Công văn 12/SNV-CCHC",
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    task.refresh_from_db()
    assert (task.progress, task.version) == (55, loaded + 1)
    event = TaskEvent.objects.filter(task=task).latest("id")
    assert (event.kind, event.progress_before, event.progress_after, event.actor) == ("edited", 30, 55, superuser)
    assert event.note == "Sửa trong trang quản trị: Sửa số liệu nhập sai"
    assert (event.document, event.version) == ("Công văn 12/SNV-CCHC", loaded + 1)


def make_user_admin():
    from accounts.models import User

    return User.objects.create_superuser("quantri", "qt@example.org", "pw-admin-123")
