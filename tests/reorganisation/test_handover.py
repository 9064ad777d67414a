"""Recording a reorganisation and its handover (docs/DOMAIN.md, "The 2025 reorganisation"):
open tasks move to the successor with a timeline entry, completed ones stay, accounts move or
are disabled, everything or nothing; figures by unit follow the lead unit as of the date."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from accounts.models import User
from accounts.roles import Role
from audit.models import AuditAction, AuditEntry
from figures.models import PeriodKind
from reorganisation.models import HandedTask, Reorganisation, ReorganisationKind, UserHandling
from reorganisation.services import (
    Decision,
    NewUnit,
    reorganisation_record,
    reorganisation_undo,
    reorganisation_undo_error,
)
from reports.closing import ClosingScope, period_close
from reports.completion import completion_and_received_by_unit, completion_of, unit_ranking
from reports.review_period import review_period
from tasks.models import Task, TaskEvent, TaskEventKind, TaskStatus
from tasks.services import EvidenceInput, task_report_progress, tasks_hand_over
from tasks.workflow_models import CompletionReport
from units.models import Unit, UnitName

from ..factories import make_task, make_unit, make_user
from .conftest import DOC, EFFECTIVE, JAN, absorb


def by_unit(world, day):
    figures = completion_and_received_by_unit(Task.objects.filter(plan=world["plan"]), as_of=day)
    return {
        Unit.objects.get(pk=unit_id).code: (c.total, c.completed, received)
        for unit_id, (c, received) in figures.items()
        if c.total
    }


def test_absorption_hands_open_tasks_to_the_successor_and_keeps_completed_ones(world):
    reorganisation = absorb(world)

    for task in world["skhdt_open"]:
        task.refresh_from_db()
        assert task.lead_unit == world["stc"]
        entry = task.events.order_by("-pk").first()
        assert entry.kind == TaskEventKind.HANDED_OVER
        assert entry.effective_on == EFFECTIVE
        assert entry.note == "Bàn giao do sáp nhập đơn vị: Sở Kế hoạch và Đầu tư → Sở Tài chính, từ ngày 01/03/2025"
        assert entry.document.startswith("345/QĐ-UBND (25/02/2025)")
    world["skhdt_done"].refresh_from_db()
    assert world["skhdt_done"].lead_unit == world["skhdt"]
    assert HandedTask.objects.filter(reorganisation=reorganisation).count() == 3
    world["skhdt"].refresh_from_db()
    assert (world["skhdt"].valid_until, world["skhdt"].is_active, world["skhdt"].last_day) == (
        EFFECTIVE,
        False,
        datetime.date(2025, 2, 28),
    )
    world["staff"].refresh_from_db()
    assert world["staff"].unit == world["stc"] and world["staff"].is_active
    assert AuditEntry.objects.filter(action=AuditAction.REORGANISATION_RECORDED).get().detail == (
        "Sáp nhập từ 01/03/2025: SKHDT → STC; 3 nhiệm vụ bàn giao"
    )


def test_figures_by_unit_before_on_and_after_the_effective_date(world):
    absorb(world)

    before = datetime.date(2025, 2, 28)
    assert by_unit(world, before) == {"SKHDT": (4, 1, 0), "STC": (3, 1, 0)}
    assert by_unit(world, EFFECTIVE) == {"SKHDT": (1, 1, 0), "STC": (6, 1, 3)}
    assert by_unit(world, datetime.date(2025, 9, 30)) == {"SKHDT": (1, 1, 0), "STC": (6, 1, 3)}
    # Today (the task rows and their current spans): the same.
    assert by_unit(world, datetime.date.today()) == {"SKHDT": (1, 1, 0), "STC": (6, 1, 3)}
    # The agency's totals never change because of a reorganisation.
    tasks = Task.objects.filter(plan=world["plan"])
    for day in (before, EFFECTIVE, datetime.date(2025, 9, 30)):
        assert (completion_of(tasks, as_of=day).total, completion_of(tasks, as_of=day).completed) == (7, 2)
    ranking = {row.unit.code: (row.completion.total, row.received) for row in unit_ranking(tasks, as_of=EFFECTIVE)}
    assert ranking == {"SKHDT": (1, 0), "STC": (6, 3)}


def test_a_ceased_unit_with_no_task_left_is_still_ranked_at_earlier_dates(world):
    absorb(world)
    tasks = Task.objects.filter(pk__in=[t.pk for t in world["skhdt_open"]])
    ranking = unit_ranking(tasks, as_of=datetime.date(2025, 2, 1))
    assert [(row.unit.code, row.completion.total, row.received) for row in ranking] == [("SKHDT", 3, 0)]


def report_done(task: Task, by: User, day: datetime.date) -> None:
    """The lead unit reports the task completed on `day` (waiting for the secretariat)."""
    task.refresh_from_db()
    task_report_progress(
        task=task,
        by=by,
        loaded_version=task.version,
        status=TaskStatus.COMPLETED,
        progress=100,
        note="Đã hoàn thành",
        completed_on=day,
        evidence=EvidenceInput(document_number="9/BC"),
        today=day,
    )


def test_a_received_task_stays_marked_after_its_completion(world):
    absorb(world)
    task = world["skhdt_open"][0]
    report_done(task, make_user("cb_stc", role=Role.UNIT_STAFF, unit=world["stc"]), datetime.date.today())
    report = CompletionReport.objects.get(task=task)
    assert report.task.lead_unit == world["stc"]
    assert by_unit(world, datetime.date.today())["STC"] == (6, 1, 3)


def test_a_pending_completion_report_follows_the_task(world):
    task = world["skhdt_open"][0]
    report_done(task, world["staff"], datetime.date(2025, 2, 20))
    absorb(world)
    report = CompletionReport.objects.open().get(task=task)
    task.refresh_from_db()
    assert (task.status, task.lead_unit.code) == (TaskStatus.PENDING, "STC")
    assert report.status == "awaiting_secretariat"


def test_a_task_is_not_handed_over_twice(world):
    absorb(world)
    task = world["skhdt_open"][0]
    entries = TaskEvent.objects.count()
    with pytest.raises(ValidationError, match="đã do Sở Tài chính chủ trì: không bàn giao lần nữa"):
        tasks_hand_over(
            moves={task.pk: world["stc"]},
            from_unit_ids={world["skhdt"].pk},
            by=None,
            effective_on=EFFECTIVE,
            note="Bàn giao",
        )
    assert TaskEvent.objects.count() == entries


def test_a_ceased_unit_cannot_be_reorganised_again(world):
    absorb(world)
    world["skhdt"].refresh_from_db()
    with pytest.raises(ValidationError, match="Sở Kế hoạch và Đầu tư đã ngừng hoạt động từ 01/03/2025"):
        absorb(world)
    assert Reorganisation.objects.count() == 1


def test_a_unit_cannot_be_merged_into_a_unit_that_is_itself_ceasing(world):
    absorb(world)
    world["skhdt"].refresh_from_db()
    other = make_unit(code="STTTT", name="Sở Thông tin và Truyền thông")
    task = make_task(lead_unit=other, plan=world["plan"], created_on=JAN)
    decision = Decision(
        kind=ReorganisationKind.ABSORB,
        effective_on=datetime.date(2025, 3, 15),
        predecessors=[other],
        successors=[world["skhdt"]],
        **DOC,
    )
    with pytest.raises(ValidationError, match="Sở Kế hoạch và Đầu tư không hoạt động vào ngày 15/03/2025"):
        reorganisation_record(decision=decision, by=world["secretariat"])
    task.refresh_from_db()
    other.refresh_from_db()
    assert (task.lead_unit, other.is_active, other.valid_until) == (other, True, None)


def test_a_split_needs_a_successor_for_every_open_task_and_writes_nothing_otherwise(world):
    one, two = make_unit(code="S1", name="Sở Một"), make_unit(code="S2", name="Sở Hai")
    first, second, third = world["skhdt_open"]
    decision = Decision(
        kind=ReorganisationKind.SPLIT,
        effective_on=EFFECTIVE,
        predecessors=[world["skhdt"]],
        successors=[one, two],
        task_successors={first.pk: one, second.pk: two},
        **DOC,
    )
    with pytest.raises(ValidationError, match="Chọn đơn vị tiếp nhận cho 1 nhiệm vụ"):
        reorganisation_record(decision=decision, by=world["secretariat"])
    assert not Reorganisation.objects.exists()
    assert Task.objects.filter(lead_unit=world["skhdt"]).count() == 4

    decision = Decision(**{**decision.__dict__, "task_successors": {first.pk: one, second.pk: two, third.pk: two}})
    reorganisation_record(decision=decision, by=world["secretariat"])
    assert sorted(Task.objects.filter(lead_unit__in=[one, two]).values_list("lead_unit__code", flat=True)) == [
        "S1",
        "S2",
        "S2",
    ]
    world["staff"].refresh_from_db()
    assert world["staff"].unit == one  # the main successor: the first one


def test_a_merge_creates_the_new_unit_and_can_disable_the_accounts(world):
    decision = Decision(
        kind=ReorganisationKind.MERGE,
        effective_on=EFFECTIVE,
        predecessors=[world["skhdt"], world["stc"]],
        new_unit=NewUnit(code="SKHTC", name="Sở Kế hoạch và Tài chính"),
        user_handling=UserHandling.DISABLE,
        **DOC,
    )
    reorganisation_record(decision=decision, by=world["secretariat"])
    new = Unit.objects.get(code="SKHTC")
    assert (new.valid_from, new.is_active) == (EFFECTIVE, True)
    assert by_unit(world, EFFECTIVE) == {"SKHDT": (1, 1, 0), "STC": (1, 1, 0), "SKHTC": (5, 0, 5)}
    staff = User.objects.get(username="cb_khdt")
    assert (staff.is_active, staff.unit.code) == (False, "SKHDT")


def test_a_rename_keeps_the_unit_and_its_former_name(world):
    decision = Decision(
        kind=ReorganisationKind.RENAME,
        effective_on=EFFECTIVE,
        predecessors=[world["skhdt"]],
        new_name="Sở Kế hoạch, Đầu tư và Thống kê",
        new_code="SKHDTTK",
        **DOC,
    )
    reorganisation_record(decision=decision, by=world["secretariat"])
    unit = Unit.objects.get(pk=world["skhdt"].pk)
    assert (unit.name, unit.code, unit.is_active) == ("Sở Kế hoạch, Đầu tư và Thống kê", "SKHDTTK", True)
    former = UnitName.objects.get(unit=unit)
    assert (former.name, former.code, former.until) == ("Sở Kế hoạch và Đầu tư", "SKHDT", EFFECTIVE)
    assert Task.objects.filter(lead_unit=unit).count() == 4


def test_a_reorganisation_dated_before_a_closed_period_lists_the_closings_it_revises(world):
    closing = period_close(
        scope=ClosingScope(year=2025, plan=world["plan"]),
        period=review_period(year=2025, kind=PeriodKind.Q1),
        by=world["secretariat"],
    )
    decision = Decision(
        kind=ReorganisationKind.ABSORB,
        effective_on=EFFECTIVE,
        predecessors=[world["skhdt"]],
        successors=[world["stc"]],
        **DOC,
    )
    recorded = reorganisation_record(decision=decision, by=world["secretariat"])
    assert recorded.closings == [closing]


def test_undo_puts_everything_back_while_nothing_happened_since(world):
    reorganisation = absorb(world)
    assert reorganisation_undo_error(reorganisation) == ""
    reorganisation_undo(reorganisation=reorganisation, by=world["secretariat"])
    assert Task.objects.filter(lead_unit=world["skhdt"]).count() == 4
    world["skhdt"].refresh_from_db()
    world["staff"].refresh_from_db()
    assert (world["skhdt"].is_active, world["skhdt"].valid_until, world["staff"].unit) == (True, None, world["skhdt"])
    assert by_unit(world, datetime.date(2025, 9, 30)) == {"SKHDT": (4, 1, 0), "STC": (3, 1, 0)}
    assert AuditEntry.objects.filter(action=AuditAction.REORGANISATION_UNDONE).count() == 1


def test_undo_is_refused_once_a_handed_task_moved_on(world):
    reorganisation = absorb(world)
    task = world["skhdt_open"][0]
    task.refresh_from_db()
    task_report_progress(
        task=task,
        by=make_user("cb_stc", role=Role.UNIT_STAFF, unit=world["stc"]),
        loaded_version=task.version,
        status=TaskStatus.IN_PROGRESS,
        progress=30,
        note="Đang thực hiện",
    )
    message = "Nhiệm vụ đã bàn giao có cập nhật sau khi bàn giao. Hãy ghi nhận một sắp xếp tổ chức mới để đảo ngược."
    assert reorganisation_undo_error(reorganisation) == message
    with pytest.raises(ValidationError, match="Hãy ghi nhận một sắp xếp tổ chức mới"):
        reorganisation_undo(reorganisation=reorganisation, by=world["secretariat"])
    assert Task.objects.filter(lead_unit=world["stc"]).count() == 6


def test_only_the_secretariat_records_a_reorganisation(world):
    from django.core.exceptions import PermissionDenied

    decision = Decision(
        kind=ReorganisationKind.ABSORB,
        effective_on=EFFECTIVE,
        predecessors=[world["skhdt"]],
        successors=[world["stc"]],
        **DOC,
    )
    with pytest.raises(PermissionDenied):
        reorganisation_record(decision=decision, by=world["staff"])
