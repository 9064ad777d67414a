"""The state spans (tasks.TaskStateSpan) hold exactly "the state at D" of the history rule:
the entry with the highest id among those effective on or before D."""

from __future__ import annotations

import datetime
import random

import pytest
from django.core.management import call_command

from plans.models import ReformArea
from reports.completion import completion_of, tasks_with_state
from tasks.history import PastEntry, rebuild_all_state_spans, state_spans
from tasks.models import Task, TaskEvent, TaskEventKind, TaskStateSpan, TaskStatus
from tasks.services import NewTask, task_history_import, tasks_import
from tests.factories import make_plan, make_task, make_unit

START = datetime.date(2023, 1, 1)


def state_by_rule(events: list[tuple[int, datetime.date]], day: datetime.date) -> int | None:
    """The history rule itself, by brute force: the id of the state entry at `day`."""
    effective = [event_id for event_id, on in events if on <= day]
    return max(effective) if effective else None


def state_by_spans(spans: list[tuple], day: datetime.date) -> int | None:
    covering = [e for e, start, until in spans if start <= day and (until is None or day < until)]
    assert len(covering) <= 1, "spans of one task overlap"
    return covering[0] if covering else None


def test_spans_follow_the_rule_on_random_histories():
    rng = random.Random(20261123)
    for _ in range(2000):
        n = rng.randint(1, 8)
        # Recorded in id order, effective on dates that go back and forth (backdated confirmations).
        events = [(i, START + datetime.timedelta(days=rng.randint(0, 40))) for i in range(1, n + 1)]
        spans = list(state_spans(events))
        for offset in range(-1, 42):
            day = START + datetime.timedelta(days=offset)
            assert state_by_spans(spans, day) == state_by_rule(events, day)


def test_an_entry_overtaken_before_it_took_effect_has_no_span():
    # Recorded 1: progress on 15/09; recorded 2: a completion backdated to 20/07.
    events = [(1, datetime.date(2023, 9, 15)), (2, datetime.date(2023, 7, 20))]
    assert list(state_spans(events)) == [(2, datetime.date(2023, 7, 20), None)]


def _event(task, on, status, *, completed_on=None):
    """One recorded entry, through the services."""
    (event,) = task_history_import(
        entries=[
            PastEntry(
                task_id=task.pk,
                kind=TaskEventKind.PROGRESS,
                effective_on=on,
                status=status,
                progress=100 if status == TaskStatus.COMPLETED else 40,
                deadline=task.deadline,
                completed_on=completed_on,
            )
        ]
    )
    return event


@pytest.mark.django_db
def test_every_recorded_entry_updates_the_spans():
    task = make_task(plan=make_plan(), lead_unit=make_unit(), created_on=datetime.date(2023, 1, 10))
    created = task.events.get(kind=TaskEventKind.CREATED)
    progress = _event(task, datetime.date(2023, 9, 15), TaskStatus.IN_PROGRESS)
    done = _event(task, datetime.date(2023, 7, 20), TaskStatus.COMPLETED, completed_on=datetime.date(2023, 7, 20))

    spans = list(
        TaskStateSpan.objects.filter(task=task)
        .order_by("valid_from")
        .values_list("event_id", "valid_from", "valid_until", "status")
    )
    assert spans == [
        (created.pk, datetime.date(2023, 1, 10), datetime.date(2023, 7, 20), TaskStatus.NOT_STARTED),
        (done.pk, datetime.date(2023, 7, 20), None, TaskStatus.COMPLETED),
    ]
    assert not TaskStateSpan.objects.filter(event=progress).exists()


@pytest.mark.django_db
def test_state_at_each_date_agrees_with_the_history_rule():
    """Random histories in the database: the state the figures read equals the rule applied
    to the raw history rows, at every date of the year."""
    rng = random.Random(7)
    plan = make_plan(year=2023)
    unit = make_unit()
    statuses = [TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS, TaskStatus.PAUSED, TaskStatus.COMPLETED]
    tasks = [make_task(plan=plan, lead_unit=unit, deadline=datetime.date(2023, 6, 30)) for _ in range(12)]
    for task in tasks:
        for _ in range(rng.randint(1, 6)):
            status = rng.choice(statuses)
            on = START + datetime.timedelta(days=rng.randint(0, 300))
            _event(task, on, status, completed_on=on if status == TaskStatus.COMPLETED else None)

    history = {}
    for event_id, task_id, on, status in TaskEvent.objects.values_list("id", "task_id", "effective_on", "status_after"):
        history.setdefault(task_id, {})[event_id] = (on, status)
    for day in (START + datetime.timedelta(days=n) for n in range(0, 320, 7)):
        rows = dict(tasks_with_state(Task.objects.filter(plan=plan), as_of=day).values_list("pk", "asof_status"))
        for task in tasks:
            entries = history[task.pk]
            expected = state_by_rule([(e, on) for e, (on, _s) in entries.items()], day)
            assert rows[task.pk] == (entries[expected][1] if expected else None), (task.pk, day)


@pytest.mark.django_db
def test_bulk_imports_are_spanned_and_a_rebuild_changes_nothing():
    plan = make_plan(year=2023)
    unit = make_unit()
    area_id = ReformArea.objects.get(code="I").pk
    tasks_import(
        plan=plan,
        tasks=[
            NewTask(area_id=area_id, number=str(n), content="x", lead_unit_id=unit.pk, position=n) for n in range(3)
        ],
        by=None,
        effective_on=datetime.date(2023, 8, 1),
    )
    # Created on 01/08: they did not exist yet on 30/06 and count from 01/08.
    tasks_of_plan = Task.objects.filter(plan=plan)
    assert completion_of(tasks_of_plan, as_of=datetime.date(2023, 6, 30)).total == 0
    assert completion_of(tasks_of_plan, as_of=datetime.date(2023, 8, 1)).total == 3

    before = set(TaskStateSpan.objects.values_list("event_id", "valid_from", "valid_until", "status"))
    assert rebuild_all_state_spans() == 3
    assert set(TaskStateSpan.objects.values_list("event_id", "valid_from", "valid_until", "status")) == before


@pytest.mark.django_db
def test_rebuild_command_restores_lost_spans(capsys):
    task = make_task(plan=make_plan(), lead_unit=make_unit(), created_on=datetime.date(2023, 2, 1))
    _event(task, datetime.date(2023, 2, 1), TaskStatus.IN_PROGRESS)  # overtakes the creation the same day
    TaskStateSpan.objects.all().delete()
    call_command("rebuild_state_spans")
    assert TaskStateSpan.objects.filter(task=task, valid_until__isnull=True).count() == 1
    assert "1" in capsys.readouterr().out


@pytest.mark.django_db
def test_spans_kept_entry_by_entry_equal_a_rebuild_from_the_history(monkeypatch):
    """record_event keeps the spans itself for an entry dated on or after the current span's
    start (tasks/history.py _span_appended) and rebuilds from the history otherwise: on random
    sequences of entries — same day, later, backdated, handovers, changes of lead unit — the
    spans it leaves are exactly those a rebuild from the history writes, `received` included."""
    from tasks import history
    from tasks.history import record_event, snapshot

    rebuilds = []
    full_rebuild = history.refresh_state_spans
    monkeypatch.setattr(
        history, "refresh_state_spans", lambda ids, **kw: rebuilds.append(ids) or full_rebuild(ids, **kw)
    )
    rng = random.Random(22)
    plan = make_plan(year=2023)
    units = [make_unit() for _ in range(3)]
    kinds = [TaskEventKind.PROGRESS, TaskEventKind.HANDED_OVER, TaskEventKind.EDITED, TaskEventKind.CONFIRMED]
    statuses = [TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS, TaskStatus.COMPLETED]
    tasks = [make_task(plan=plan, lead_unit=units[0], created_on=START) for _ in range(10)]
    recorded = 0
    for task in tasks:
        on = START
        for _ in range(rng.randint(1, 12)):
            step = rng.choice([0, 0, 1, 5, 30, -3, -40])
            on = max(START, on + datetime.timedelta(days=step))
            before = snapshot(task)
            kind = rng.choice(kinds)
            if kind in (TaskEventKind.HANDED_OVER, TaskEventKind.EDITED) and rng.random() < 0.7:
                task.lead_unit = rng.choice(units)
            task.status = rng.choice(statuses)
            done = task.status == TaskStatus.COMPLETED
            task.completed_on, task.progress = (on, 100) if done else (None, 40)
            task.save()
            record_event(task=task, kind=kind, before=before, effective_on=on)
            recorded += 1

    fields = ("task_id", "event_id", "valid_from", "valid_until", "status", "completed_on", "lead_unit_id", "received")
    kept = set(TaskStateSpan.objects.values_list(*fields))
    assert any(row[-1] for row in kept), "no received span: the handovers were not exercised"
    assert 0 < len(rebuilds) < recorded / 2, (len(rebuilds), recorded)  # both ways exercised
    rebuild_all_state_spans()
    assert set(TaskStateSpan.objects.values_list(*fields)) == kept
    table = f"INTO {TaskStateSpan._meta.db_table} ("  # the table _span_appended's SQL names
    assert f"FROM {TaskStateSpan._meta.db_table} WHERE" in history._CURRENT_SPAN_TAKEN
    assert all(table in sql for sql in history._SPANS_ADDED.values())
