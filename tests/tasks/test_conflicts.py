"""Two people editing the same task never silently overwrite each other."""

import threading

import pytest
from django.db import connection, transaction
from django.urls import reverse

from accounts.models import User
from tasks.models import Task, TaskEvent, TaskStatus
from tasks.services import TaskConflict, task_report_progress


@pytest.mark.django_db
def test_second_save_from_a_stale_form_gets_a_conflict_and_keeps_what_was_typed(cast, task):
    url = reverse("tasks:update", args=[task.pk])
    loaded = cast.client(cast.staff_a).get(url).context["form"]["version"].value()
    head = cast.client(cast.head_a)
    head.post(url, {"version": loaded, "status": "in_progress", "progress": 70, "note": "Lãnh đạo cập nhật"})

    response = cast.client(cast.staff_a).post(
        url, {"version": loaded, "status": "in_progress", "progress": 55, "note": "Ghi chú của cán bộ"}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Nhiệm vụ vừa được người khác cập nhật" in html
    assert "Lãnh đạo cập nhật" in html and "40% → 70%" in html  # what changed, and by whom
    assert "Ghi chú của cán bộ" in html  # what they typed is kept
    task.refresh_from_db()
    assert (task.progress, task.version) == (70, 2)
    assert TaskEvent.objects.filter(task=task).exclude(kind="created").count() == 1

    # Having seen the change, they may save on purpose: the re-rendered form carries version 2.
    form = response.context["form"]
    assert form["version"].value() == 2
    response = cast.client(cast.staff_a).post(
        url, {"version": 2, "status": "in_progress", "progress": 55, "note": "Ghi chú của cán bộ"}
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.progress, task.version) == (55, 3)


@pytest.mark.django_db
def test_a_decision_in_between_makes_the_units_form_stale(cast, task):
    task_report_progress(
        task=task, by=cast.secretariat, loaded_version=1, status=TaskStatus.IN_PROGRESS, progress=45, note="TT sửa"
    )
    with pytest.raises(TaskConflict):
        task_report_progress(
            task=Task.objects.get(pk=task.pk),
            by=cast.staff_a,
            loaded_version=1,
            status=TaskStatus.IN_PROGRESS,
            progress=50,
            note="cũ",
        )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_real_transactions_racing_from_the_same_version(reseed, cast, task):
    """(`reseed` first: an earlier transactional test may have flushed the role groups.)
    Both transactions read version 1; A updates and holds its transaction open while B
    tries. PostgreSQL makes B wait for A's row lock, then re-checks `version = 1` and finds 2."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (CI runs on PostgreSQL)")
    a_updated, a_may_commit = threading.Event(), threading.Event()
    outcome: dict[str, object] = {}

    def save(name: str, username: str, progress: int, hold: bool):
        try:
            user = User.objects.get(username=username)
            with transaction.atomic():
                mine = Task.objects.get(pk=task.pk)
                assert mine.version == 1
                task_report_progress(
                    task=mine, by=user, loaded_version=1, status="in_progress", progress=progress, note=name
                )
                if hold:
                    a_updated.set()
                    a_may_commit.wait(10)
            outcome[name] = "saved"
        except TaskConflict:
            outcome[name] = "conflict"
        except Exception as exc:  # surfaced in the assertion below
            outcome[name] = repr(exc)
        finally:
            connection.close()

    a = threading.Thread(target=save, args=("A", "cb_a", 60, True))
    b = threading.Thread(target=save, args=("B", "head_a", 80, False))
    a.start()
    assert a_updated.wait(10)
    b.start()
    b.join(1)  # B is now blocked on A's row lock
    assert b.is_alive(), "B should wait for A's transaction"
    a_may_commit.set()
    a.join(10)
    b.join(10)

    assert outcome == {"A": "saved", "B": "conflict"}
    task.refresh_from_db()
    assert (task.progress, task.version) == (60, 2)
    assert list(TaskEvent.objects.filter(task=task).exclude(kind="created").values_list("note", flat=True)) == ["A"]
