"""What an action would change in the figures of closed periods (tasks/closed_periods.py asks,
before saving): the action runs inside a transaction rolled back at once, between two readings
of each closed period's figures at its cut-off (reports/completion.py, the report's own
counting). A period whose figures move gets the warning sentence, with the reported figures
(the snapshot) and those the action would leave."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.formatting import day_month, vn_int
from tasks.closed_periods import ClosedPeriodChange
from tasks.models import Task

from .closing import scope_of, snapshot_of
from .completion import Completion, completion_of
from .models import PeriodClosing


class _RollBack(Exception):
    """Leaves the preview's transaction without keeping anything."""


def _figures(closing: PeriodClosing) -> Completion:
    return completion_of(scope_of(closing).tasks, as_of=closing.cutoff)


def _what_changes(reported: Completion, after: Completion) -> str:
    parts = []
    if (reported.completed, reported.total) != (after.completed, after.total):
        parts.append(
            _("hoàn thành %(before)s → %(after)s")
            % {
                "before": f"{vn_int(reported.completed)}/{vn_int(reported.total)}",
                "after": f"{vn_int(after.completed)}/{vn_int(after.total)}",
            }
        )
    if reported.overdue != after.overdue:
        parts.append(
            _("quá hạn chưa hoàn thành %(before)s → %(after)s")
            % {"before": vn_int(reported.overdue), "after": vn_int(after.overdue)}
        )
    if not parts:
        parts.append(_("số nhiệm vụ theo nhóm thay đổi so với số liệu đã báo cáo"))
    return "; ".join(parts)


def closed_period_changes(tasks: Iterable[Task], action: Callable[[], object]) -> list[ClosedPeriodChange]:
    """The closings in force of the tasks' years whose figures at the cut-off `action` changes.
    An action the service refuses (invalid, stale page, not allowed) changes nothing here: the
    real call that follows reports the refusal."""
    years = {task.plan.year for task in tasks}
    closings = list(
        PeriodClosing.objects.filter(year__in=years, reopening__isnull=True)
        .select_related("plan")
        .order_by("cutoff", "pk")
    )
    if not closings:
        return []
    before = {closing.pk: _figures(closing) for closing in closings}
    after: dict[int, Completion] = {}
    try:
        with transaction.atomic():
            action()
            after = {closing.pk: _figures(closing) for closing in closings}
            raise _RollBack
    except _RollBack:
        pass
    except Exception:
        return []
    changes = []
    for closing in closings:
        if after[closing.pk] == before[closing.pk]:
            continue
        snap = snapshot_of(closing)
        message = _("Thao tác này làm thay đổi số liệu kỳ %(period)s đã chốt ngày %(day)s: %(what)s") % {
            "period": snap.period_label,
            "day": day_month(timezone.localtime(closing.closed_at).date()),
            "what": _what_changes(snap.completion, after[closing.pk]),
        }
        changes.append(ClosedPeriodChange(identifier=closing.identifier, message=f"{message} ({closing.identifier})."))
    return changes
