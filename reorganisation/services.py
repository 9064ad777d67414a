"""Recording a reorganisation of units and its handover (docs/DOMAIN.md, "The 2025
reorganisation"): the units' validity periods, the move of every open task (through
tasks.services), of the recommendations not yet remedied and of the accounts, all in one
transaction with an audit entry. Undoing one recorded by mistake is allowed only while
nothing happened since."""

from __future__ import annotations

import datetime
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.context import audited_by_caller
from audit.models import AuditAction
from audit.services import audit_record
from cchc.formatting import format_date
from inspections.models import Recommendation
from reports.closing import closings_affected_by
from reports.models import PeriodClosing
from tasks.models import OPEN_STATUSES, Task, TaskEvent, TaskEventKind
from tasks.services import tasks_coordination_replace, tasks_hand_over
from units.models import Unit, UnitKind, UnitName

from .models import (
    HandedCoordination,
    HandedRecommendation,
    HandedTask,
    HandedUser,
    Reorganisation,
    ReorganisationKind,
    UserHandling,
)


@dataclass(frozen=True)
class NewUnit:
    """The unit a merge creates (A + B → C)."""

    code: str
    name: str
    kind: str = UnitKind.DEPARTMENT
    parent: Unit | None = None


@dataclass(frozen=True)
class Decision:
    """What the secretariat records: the kind, the date, the deciding document and who
    receives what. `successors[0]` is the main successor: it receives the accounts, the
    coordination and the recommendations not tied to a task; in a split or a dissolution
    `task_successors` names the receiver of every open task (task id → unit)."""

    kind: str
    effective_on: datetime.date
    predecessors: Sequence[Unit]
    document_number: str
    document_date: datetime.date
    document_title: str
    successors: Sequence[Unit] = ()
    new_unit: NewUnit | None = None
    new_name: str = ""
    new_code: str = ""
    task_successors: Mapping[int, Unit] = field(default_factory=dict)
    user_handling: str = UserHandling.MOVE
    note: str = ""
    document_file: UploadedFile | None = None


@dataclass(frozen=True)
class Recorded:
    reorganisation: Reorganisation
    # Closings in force whose figures the handover revises (a reorganisation dated before a
    # period already sent): the page lists them as the closings' revisions.
    closings: list[PeriodClosing]


def _can_record(user: User | None) -> bool:
    return user is None or user.is_secretariat


def open_tasks_of(units: Sequence[Unit]) -> list[Task]:
    """The open tasks the units lead: what a handover moves."""
    return list(
        Task.objects.filter(lead_unit__in=units, status__in=OPEN_STATUSES)
        .select_related("plan", "area", "lead_unit")
        .order_by("plan__year", "plan_id", "area__order", "position", "pk")
    )


def _check(decision: Decision) -> None:
    kind, day = decision.kind, decision.effective_on
    preds, succs = list(decision.predecessors), list(decision.successors)
    if kind not in ReorganisationKind.values:
        raise ValidationError(_("Chọn hình thức sắp xếp."))
    if day > timezone.localdate():
        raise ValidationError(
            {"effective_on": _("Ngày có hiệu lực không thể sau hôm nay: ghi nhận khi quyết định có hiệu lực.")}
        )
    if not decision.document_number.strip() or not decision.document_title.strip():
        raise ValidationError({"document_number": _("Nhập số và trích yếu văn bản quyết định.")})
    if decision.document_date > timezone.localdate():
        raise ValidationError({"document_date": _("Ngày văn bản không thể sau hôm nay.")})
    if not preds:
        raise ValidationError({"predecessors": _("Chọn đơn vị được sắp xếp.")})
    if len({u.pk for u in preds}) != len(preds):
        raise ValidationError({"predecessors": _("Một đơn vị được chọn hai lần.")})
    for unit in preds:
        if unit.valid_until is not None:
            raise ValidationError(
                {
                    "predecessors": _("%(unit)s đã ngừng hoạt động từ %(date)s.")
                    % {"unit": unit.name, "date": format_date(unit.valid_until)}
                }
            )
        if unit.valid_from is not None and unit.valid_from >= day:
            raise ValidationError(
                {
                    "effective_on": _("%(unit)s chỉ hoạt động từ %(date)s: ngày có hiệu lực phải sau ngày đó.")
                    % {"unit": unit.name, "date": format_date(unit.valid_from)}
                }
            )
    pred_ids = {u.pk for u in preds}
    for unit in succs:
        if unit.pk in pred_ids:
            raise ValidationError(
                {"successors": _("%(unit)s không thể tự tiếp nhận chính mình.") % {"unit": unit.name}}
            )
        if unit.valid_until is not None or not unit.exists_on(day):
            raise ValidationError(
                {
                    "successors": _(
                        "%(unit)s không hoạt động vào ngày %(date)s: chọn đơn vị tiếp nhận đang hoạt động "
                        "(nếu đơn vị này cũng được sắp xếp, ghi nhận sắp xếp của nó sau)."
                    )
                    % {"unit": unit.name, "date": format_date(day)}
                }
            )
    rules = {
        ReorganisationKind.MERGE: (
            len(preds) >= 2 and (decision.new_unit is not None) != bool(succs) and len(succs) <= 1,
            _("Hợp nhất: chọn ít nhất hai đơn vị và một đơn vị mới (hoặc một đơn vị tiếp nhận)."),
        ),
        ReorganisationKind.ABSORB: (
            len(succs) == 1 and decision.new_unit is None,
            _("Sáp nhập: chọn đúng một đơn vị tiếp nhận."),
        ),
        ReorganisationKind.SPLIT: (
            len(preds) == 1 and len(succs) >= 2 and decision.new_unit is None,
            _("Chia tách: chọn một đơn vị được chia tách và ít nhất hai đơn vị tiếp nhận."),
        ),
        ReorganisationKind.RENAME: (
            len(preds) == 1 and not succs and decision.new_unit is None and bool(decision.new_name.strip()),
            _("Đổi tên: chọn một đơn vị và nhập tên mới."),
        ),
        ReorganisationKind.DISSOLVE: (
            decision.new_unit is None,
            _("Giải thể: không tạo đơn vị mới."),
        ),
    }
    valid, message = rules[ReorganisationKind(kind)]
    if not valid:
        raise ValidationError(message)
    if (
        kind in (ReorganisationKind.MERGE, ReorganisationKind.ABSORB, ReorganisationKind.DISSOLVE)
        and (decision.user_handling == UserHandling.MOVE and not succs and decision.new_unit is None)
        and User.objects.filter(unit__in=preds, is_active=True).exists()
    ):
        raise ValidationError({"user_handling": _("Không có đơn vị tiếp nhận: chọn khóa tài khoản.")})
    if decision.new_unit is not None:
        code = decision.new_unit.code.strip()
        if not code or not decision.new_unit.name.strip():
            raise ValidationError({"new_unit": _("Nhập tên và mã của đơn vị mới.")})
        if Unit.objects.filter(code=code).exists():
            raise ValidationError({"new_unit": _("Mã %(code)s đã có đơn vị dùng.") % {"code": code}})
    if kind == ReorganisationKind.RENAME:
        unit = preds[0]
        code = decision.new_code.strip() or unit.code
        if Unit.objects.filter(code=code).exclude(pk=unit.pk).exists():
            raise ValidationError({"new_code": _("Mã %(code)s đã có đơn vị dùng.") % {"code": code}})
        if decision.new_name.strip() == unit.name and code == unit.code:
            raise ValidationError({"new_name": _("Tên mới trùng tên hiện tại.")})


def _task_moves(decision: Decision, successors: Sequence[Unit], tasks: Sequence[Task]) -> dict[int, Unit]:
    """Who receives each open task: the one successor of a merge or an absorption; the
    secretariat's choice per task in a split or a dissolution."""
    if decision.kind in (ReorganisationKind.MERGE, ReorganisationKind.ABSORB):
        return {task.pk: successors[0] for task in tasks}
    chosen = dict(decision.task_successors)
    open_ids = {task.pk for task in tasks}
    stray = set(chosen) - open_ids
    if stray:
        raise ValidationError(
            {
                "task_successors": _(
                    "%(count)s nhiệm vụ được chọn không còn là nhiệm vụ đang thực hiện của đơn vị "
                    "(đã bàn giao hoặc đã hoàn thành): tải lại trang."
                )
                % {"count": len(stray)}
            }
        )
    missing = [task for task in tasks if task.pk not in chosen]
    if missing:
        first = missing[0]
        raise ValidationError(
            {
                "task_successors": _("Chọn đơn vị tiếp nhận cho %(count)s nhiệm vụ (đầu tiên: %(task)s).")
                % {"count": len(missing), "task": f"{first.area.code}.{first.number}"}
            }
        )
    allowed = {unit.pk for unit in successors}
    if any(unit.pk not in allowed for unit in chosen.values()):
        raise ValidationError(
            {"task_successors": _("Đơn vị tiếp nhận nhiệm vụ phải là một trong các đơn vị tiếp nhận.")}
        )
    return chosen


def reorganisation_record(*, decision: Decision, by: User | None) -> Recorded:
    """Record the reorganisation and make its handover, all or nothing."""
    if not _can_record(by):
        raise PermissionDenied("Only the secretariat records a reorganisation")
    _check(decision)
    day = decision.effective_on
    with transaction.atomic():
        # Lock the units concerned: two secretariat members handing the same unit over at once
        # serialise here, and the second sees it already ceased.
        pred_ids = sorted(u.pk for u in decision.predecessors)
        preds = list(Unit.objects.select_for_update().filter(pk__in=pred_ids).order_by("pk"))
        if any(unit.valid_until is not None for unit in preds):
            raise ValidationError(_("Đơn vị này vừa được ghi nhận sắp xếp: tải lại trang."))
        successors = list(decision.successors)
        if decision.new_unit is not None:
            new = decision.new_unit
            successors = [
                Unit.objects.create(
                    code=new.code.strip(),
                    name=new.name.strip(),
                    kind=new.kind,
                    parent=new.parent,
                    valid_from=day,
                    order=min(unit.order for unit in preds),
                )
            ]
        reorganisation = Reorganisation(
            kind=decision.kind,
            effective_on=day,
            document_number=decision.document_number.strip(),
            document_date=decision.document_date,
            document_title=decision.document_title.strip(),
            note=decision.note.strip(),
            user_handling=decision.user_handling,
            recorded_by=by,
        )
        if decision.document_file is not None:
            reorganisation.document_file = decision.document_file
        reorganisation.save()
        reorganisation.predecessors.set(preds)
        reorganisation.successors.set(successors)
        closings: list[PeriodClosing] = []
        if decision.kind == ReorganisationKind.RENAME:
            _rename(preds[0], decision)
        else:
            closings = _hand_over(reorganisation, preds, successors, decision, by)
        audit_record(
            action=AuditAction.REORGANISATION_RECORDED,
            actor=by,
            target=reorganisation,
            detail=_describe(reorganisation, preds, successors),
        )
    return Recorded(reorganisation, closings)


def _describe(reorganisation: Reorganisation, preds: Sequence[Unit], successors: Sequence[Unit]) -> str:
    return _("%(kind)s từ %(date)s: %(from)s → %(to)s; %(tasks)s nhiệm vụ bàn giao") % {
        "kind": reorganisation.get_kind_display(),
        "date": format_date(reorganisation.effective_on),
        "from": ", ".join(unit.code for unit in preds),
        "to": ", ".join(unit.code for unit in successors) or "—",
        "tasks": reorganisation.handed_tasks.count(),
    }


def _rename(unit: Unit, decision: Decision) -> None:
    if UnitName.objects.filter(unit=unit, until__gte=decision.effective_on).exists():
        raise ValidationError({"effective_on": _("Đơn vị đã đổi tên vào hoặc sau ngày này.")})
    UnitName.objects.create(unit=unit, name=unit.name, code=unit.code, until=decision.effective_on)
    unit.name = decision.new_name.strip()
    unit.code = decision.new_code.strip() or unit.code
    unit.save(update_fields=["name", "code", "updated_at"])


def _hand_over(
    reorganisation: Reorganisation,
    preds: Sequence[Unit],
    successors: Sequence[Unit],
    decision: Decision,
    by: User | None,
) -> list[PeriodClosing]:
    day = decision.effective_on
    document = reorganisation.document_reference
    note = _("Bàn giao do %(kind)s đơn vị") % {"kind": reorganisation.get_kind_display().lower()}
    tasks = open_tasks_of(preds)
    moves = _task_moves(decision, successors, tasks)
    main = successors[0] if successors else None
    # Coordination first, then the lead: the handover's entries come last in each task's
    # history, so "nothing happened since" (undo) is "no entry after them".
    if main is not None:
        _coordination(reorganisation, preds, main, by=by, day=day, note=note, document=document)
    events = tasks_hand_over(
        moves=moves, from_unit_ids={u.pk for u in preds}, by=by, effective_on=day, note=note, document=document
    )
    givers = {task.pk: task.lead_unit_id for task in tasks}
    HandedTask.objects.bulk_create(
        [
            HandedTask(
                reorganisation=reorganisation,
                task_id=pk,
                from_unit_id=givers[pk],
                to_unit=moves[pk],
                event=events[pk],
            )
            for pk in sorted(moves)
        ]
    )
    _recommendations(reorganisation, preds, main, moves)
    _users(reorganisation, preds, main, decision.user_handling, by)
    for unit in preds:
        unit.valid_until = day
        unit.is_active = False
        unit.save(update_fields=["valid_until", "is_active", "updated_at"])
    closings: dict[int, PeriodClosing] = {}
    for task in tasks:
        for closing in closings_affected_by(task, day):
            closings[closing.pk] = closing
    return sorted(closings.values(), key=lambda c: (c.cutoff, c.pk))


def _coordination(
    reorganisation: Reorganisation,
    preds: Sequence[Unit],
    main: Unit,
    *,
    by: User | None,
    day: datetime.date,
    note: str,
    document: str,
) -> None:
    """Open tasks a ceasing unit coordinates: the main successor takes its place."""
    coordinating: dict[int, list[Unit]] = {}
    through = Task.coordinating_units.through.objects.filter(
        unit__in=preds, task__status__in=OPEN_STATUSES
    ).select_related("unit")
    for link in through.order_by("task_id", "unit_id"):
        coordinating.setdefault(link.task_id, []).append(link.unit)
    if not coordinating:
        return
    leads = dict(Task.objects.filter(pk__in=list(coordinating)).values_list("pk", "lead_unit_id"))
    events = tasks_coordination_replace(
        changes={pk: (units, [main]) for pk, units in coordinating.items()},
        by=by,
        effective_on=day,
        note=note,
        document=document,
    )
    for pk, units in coordinating.items():
        # The main successor joins the coordination unless it leads the task (a task a ceasing
        # unit leads is handed over afterwards, which takes the receiver out of coordination).
        joined = None if leads[pk] == main.pk else main
        row = HandedCoordination.objects.create(
            reorganisation=reorganisation, task_id=pk, joined=joined, event=events[pk]
        )
        row.left_units.set(units)


def _recommendations(
    reorganisation: Reorganisation, preds: Sequence[Unit], main: Unit | None, moves: Mapping[int, Unit]
) -> None:
    """Recommendations not yet remedied follow their task, or go to the main successor."""
    rows = []
    for recommendation in Recommendation.objects.select_for_update().filter(responsible_unit__in=preds).not_closed():
        receiver = moves.get(recommendation.task_id) if recommendation.task_id else None
        receiver = receiver or main
        if receiver is None:
            continue
        rows.append(
            HandedRecommendation(
                reorganisation=reorganisation,
                recommendation=recommendation,
                from_unit_id=recommendation.responsible_unit_id,
                to_unit=receiver,
            )
        )
        recommendation.responsible_unit = receiver
        recommendation.save(update_fields=["responsible_unit", "updated_at"])
    HandedRecommendation.objects.bulk_create(rows)


def _users(
    reorganisation: Reorganisation, preds: Sequence[Unit], main: Unit | None, handling: str, by: User | None
) -> None:
    """The accounts of the ceasing units: moved to the main successor or disabled. Nothing is
    deleted; each change has its audit entry."""
    rows = []
    codes = {unit.pk: unit.code for unit in preds}
    with audited_by_caller():
        for user in User.objects.select_for_update().filter(unit__in=preds, is_active=True).order_by("pk"):
            from_unit_id = user.unit_id
            assert from_unit_id is not None
            if handling == UserHandling.MOVE and main is not None:
                user.unit = main
                user.save(update_fields=["unit"])
                audit_record(
                    action=AuditAction.USER_CHANGED,
                    actor=by,
                    target=user.username,
                    detail=_("Chuyển đơn vị do sắp xếp tổ chức: %(from)s → %(to)s")
                    % {"from": codes[from_unit_id], "to": main.code},
                )
                rows.append(
                    HandedUser(reorganisation=reorganisation, user=user, from_unit_id=from_unit_id, to_unit=main)
                )
            else:
                user.is_active = False
                user.save(update_fields=["is_active"])
                audit_record(action=AuditAction.USER_DEACTIVATED, actor=by, target=user.username)
                rows.append(HandedUser(reorganisation=reorganisation, user=user, from_unit_id=from_unit_id))
    HandedUser.objects.bulk_create(rows)


# ---------------------------------------------------------------- undo


def _last_entry(reorganisation: Reorganisation) -> int:
    ids = [
        *reorganisation.handed_tasks.values_list("event_id", flat=True),
        *reorganisation.handed_coordinations.values_list("event_id", flat=True),
    ]
    return max(ids, default=0)


def reorganisation_undo_error(reorganisation: Reorganisation) -> str:
    """Why this reorganisation can no longer be undone ("" when it can): something happened
    since to what it moved. Then a new reorganisation reverses it."""
    if reorganisation.undone_at is not None:
        return _("Sắp xếp này đã được hủy.")
    reverse = " " + _("Hãy ghi nhận một sắp xếp tổ chức mới để đảo ngược.")
    task_ids = {
        *reorganisation.handed_tasks.values_list("task_id", flat=True),
        *reorganisation.handed_coordinations.values_list("task_id", flat=True),
    }
    if TaskEvent.objects.filter(task_id__in=task_ids, pk__gt=_last_entry(reorganisation)).exists():
        return _("Nhiệm vụ đã bàn giao có cập nhật sau khi bàn giao.") + reverse
    units = [*reorganisation.predecessors.all(), *reorganisation.successors.all()]
    later = Reorganisation.objects.filter(undone_at__isnull=True, pk__gt=reorganisation.pk)
    if later.filter(predecessors__in=units).exists() or later.filter(successors__in=units).exists():
        return _("Đơn vị liên quan đã có sắp xếp tổ chức ghi nhận sau.") + reverse
    created = [unit for unit in reorganisation.successors.all() if unit.valid_from == reorganisation.effective_on]
    if Task.objects.filter(lead_unit__in=created).exclude(pk__in=task_ids).exists():
        return _("Đơn vị mới đã được giao nhiệm vụ khác.") + reverse
    if (
        User.objects.filter(unit__in=created)
        .exclude(pk__in=reorganisation.handed_users.values_list("user_id", flat=True))
        .exists()
    ):
        return _("Đơn vị mới đã có tài khoản khác.") + reverse
    for row in reorganisation.handed_users.select_related("user"):
        user = row.user
        if (row.to_unit_id is None and user.is_active) or (row.to_unit_id and user.unit_id != row.to_unit_id):
            return _("Tài khoản %(user)s đã thay đổi sau khi bàn giao.") % {"user": user.username} + reverse
    if reorganisation.kind == ReorganisationKind.RENAME:
        unit = reorganisation.predecessors.get()
        if unit.former_names.filter(until__gt=reorganisation.effective_on).exists():
            return _("Đơn vị đã đổi tên lần nữa.") + reverse
    return ""


def reorganisation_undo(*, reorganisation: Reorganisation, by: User | None) -> Reorganisation:
    """Undo a reorganisation recorded by mistake: the tasks, coordination, recommendations and
    accounts go back, the units exist again, a unit the merge created ceases on the day it
    began (kept: history names it). Nothing is deleted; the task entries of the handover stay,
    overtaken by the entries of the undo (same effective date, recorded later)."""
    if not _can_record(by):
        raise PermissionDenied("Only the secretariat undoes a reorganisation")
    with transaction.atomic():
        reorganisation = Reorganisation.objects.select_for_update().get(pk=reorganisation.pk)
        error = reorganisation_undo_error(reorganisation)
        if error:
            raise ValidationError(error)
        day = reorganisation.effective_on
        note = _("Hủy bàn giao ghi nhận nhầm")
        document = reorganisation.document_reference
        if reorganisation.kind == ReorganisationKind.RENAME:
            unit = reorganisation.predecessors.get()
            former = unit.former_names.get(until=day)
            unit.name, unit.code = former.name, former.code
            unit.save(update_fields=["name", "code", "updated_at"])
            former.delete()
        handed = list(reorganisation.handed_tasks.select_related("from_unit"))
        if handed:
            tasks_hand_over(
                moves={row.task_id: row.from_unit for row in handed},
                from_unit_ids={row.to_unit_id for row in handed},
                by=by,
                effective_on=day,
                note=note,
                document=document,
                kind=TaskEventKind.EDITED,
            )
        coordinations = list(
            reorganisation.handed_coordinations.select_related("joined").prefetch_related("left_units")
        )
        if coordinations:
            tasks_coordination_replace(
                changes={
                    row.task_id: ([row.joined] if row.joined else [], list(row.left_units.all()))
                    for row in coordinations
                },
                by=by,
                effective_on=day,
                note=note,
                document=document,
            )
        for recommendation_row in reorganisation.handed_recommendations.select_related("recommendation"):
            recommendation = recommendation_row.recommendation
            recommendation.responsible_unit_id = recommendation_row.from_unit_id
            recommendation.save(update_fields=["responsible_unit", "updated_at"])
        with audited_by_caller():
            for user_row in reorganisation.handed_users.select_related("user"):
                user = user_row.user
                user.unit_id = user_row.from_unit_id
                user.is_active = True
                user.save(update_fields=["unit", "is_active"])
                audit_record(action=AuditAction.USER_CHANGED, actor=by, target=user.username, detail=note)
        if reorganisation.kind != ReorganisationKind.RENAME:
            reorganisation.predecessors.update(valid_until=None, is_active=True, updated_at=timezone.now())
        for unit in reorganisation.successors.filter(valid_from=day):
            # Created by this merge: it never existed. An empty period (valid_until =
            # valid_from) keeps the row, which the handover's history entries name.
            unit.is_active = False
            unit.valid_until = day
            unit.save(update_fields=["is_active", "valid_until", "updated_at"])
        reorganisation.undone_at = timezone.now()
        reorganisation.undone_by = by
        reorganisation.save(update_fields=["undone_at", "undone_by", "updated_at"])
        audit_record(action=AuditAction.REORGANISATION_UNDONE, actor=by, target=reorganisation)
    return reorganisation


def reorganisations_purge(*, predecessor_codes: Collection[str]) -> int:
    """Delete the reorganisations of the units with these codes, with their handover record.
    Only for recreating demo data (demo/reorganisation.py), like plan_tasks_purge: a real
    reorganisation recorded by mistake is undone (reorganisation_undo), never deleted. The
    units, tasks and accounts it changed are left as they are: the demo reloads them."""
    with transaction.atomic():
        ids = set(Reorganisation.objects.filter(predecessors__code__in=predecessor_codes).values_list("pk", flat=True))
        count, _by_model = Reorganisation.objects.filter(pk__in=ids).delete()
    return count
