"""What the reminder selectors share: thresholds, the item a notification is made from, who
receives what (the audience), text helpers and the kinds of history entries told at once."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q, QuerySet
from django.utils.text import Truncator

from accounts.models import User
from accounts.roles import Role
from cchc.formatting import vn_int
from plans.models import PlanStatus
from tasks.models import Task, TaskEventKind, TaskStatus

from .models import NotificationKind

# Tasks the lead unit has something to do on: a task waiting for the secretariat's decision
# (pending) or paused is not the unit's to move, so it is not chased (it still counts as open
# in the figures, docs/DOMAIN.md "Figures").
ACTIONABLE_STATUSES = (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS, TaskStatus.RETURNED)
# Overdue reminders stop after this long (a task years overdue in a plan still marked issued
# is for the weekly summary, not a reminder every week).
OVERDUE_HORIZON_DAYS = 3 * 366
# Period figures missing are chased for this long after the due date.
FIGURES_HORIZON_DAYS = 92
# Lines listed in one notification's body before "… and N more".
BODY_LINES = 10

EVENT_KINDS: dict[str, str] = {
    TaskEventKind.RETURNED: NotificationKind.REPORT_RETURNED,
    TaskEventKind.CONFIRMED: NotificationKind.REPORT_CONFIRMED,
    TaskEventKind.HEAD_REJECTED: NotificationKind.REPORT_HEAD_REJECTED,
    TaskEventKind.EXTENSION_APPROVED: NotificationKind.EXTENSION_APPROVED,
    TaskEventKind.EXTENSION_REFUSED: NotificationKind.EXTENSION_REFUSED,
}


@dataclass(frozen=True)
class Thresholds:
    """The agency's reminder rules (settings: REMINDER_DAYS, ESCALATE_AFTER_DAYS…)."""

    reminder_days: tuple[int, ...] = (7, 3, 1)
    escalate_after_days: int = 14
    silent_days: int = 30
    repeat_days: int = 7
    summary_weekday: int = 0

    @classmethod
    def from_settings(cls) -> Thresholds:
        return cls(
            reminder_days=tuple(settings.REMINDER_DAYS),
            escalate_after_days=settings.ESCALATE_AFTER_DAYS,
            silent_days=settings.SILENT_DAYS,
            repeat_days=max(1, settings.OVERDUE_REPEAT_DAYS),
            summary_weekday=settings.WEEKLY_SUMMARY_WEEKDAY,
        )

    def repeats(self, days_late: int, first: int) -> bool:
        """An overdue item is told `first` days late, then every `repeat_days` days."""
        return days_late >= first and (days_late - first) % self.repeat_days == 0

    def late_deadlines(self, today: datetime.date, first: int, horizon: int) -> list[datetime.date]:
        """The deadlines whose items are told today under `repeats`, up to `horizon` days back."""
        return [today - datetime.timedelta(days=d) for d in range(first, horizon + 1, self.repeat_days)]

    def due_deadlines(self, today: datetime.date) -> list[datetime.date]:
        return [today + datetime.timedelta(days=d) for d in self.reminder_days]


@dataclass(frozen=True)
class Item:
    """One notification to make: the send record's key (recipient, kind, object_key, day) and
    what it says."""

    recipient_id: int
    kind: str
    object_key: str
    day: datetime.date
    title: str
    body: str = ""
    url: str = ""
    content_type_id: int | None = None
    object_id: int | None = None

    @property
    def key(self) -> tuple[int, str, str, datetime.date]:
        return (self.recipient_id, self.kind, self.object_key, self.day)


@dataclass
class Audience:
    """Who is told for a unit: its staff and head(s) (`members`), its head(s) alone (`heads`),
    and the secretariat. Two queries."""

    members: dict[int, list[int]] = field(default_factory=dict)
    heads: dict[int, list[int]] = field(default_factory=dict)
    secretariat: list[int] = field(default_factory=list)

    @classmethod
    def load(cls) -> Audience:
        audience = cls()
        members: dict[int, set[int]] = defaultdict(set)
        heads: dict[int, set[int]] = defaultdict(set)
        rows = (
            User.objects.filter(
                is_active=True, unit__isnull=False, groups__name__in=[Role.UNIT_STAFF.value, Role.UNIT_HEAD.value]
            )
            .values_list("pk", "unit_id", "groups__name")
            .order_by()
        )
        for user_id, unit_id, role in rows:
            members[unit_id].add(user_id)
            if role == Role.UNIT_HEAD:
                heads[unit_id].add(user_id)
        audience.members = {unit: sorted(ids) for unit, ids in members.items()}
        audience.heads = {unit: sorted(ids) for unit, ids in heads.items()}
        audience.secretariat = sorted(
            set(
                User.objects.filter(is_active=True)
                .filter(Q(is_superuser=True) | Q(groups__name=Role.SECRETARIAT.value))
                .values_list("pk", flat=True)
            )
        )
        return audience

    def heads_or_members(self, unit_id: int) -> list[int]:
        """A unit's head(s); its staff when it has no head in the tool."""
        return self.heads.get(unit_id) or self.members.get(unit_id, [])


def _short(text: str, length: int = 120) -> str:
    return Truncator(" ".join(text.split())).chars(length)


def _task_label(number: str, content: str) -> str:
    return f"{number}. {_short(content)}"


def _content_type_id(model: type[Model]) -> int:
    return ContentType.objects.get_for_model(model).pk


def _lines(lines: Sequence[str], more_label: str) -> str:
    shown = "\n".join(f"- {line}" for line in lines[:BODY_LINES])
    rest = len(lines) - BODY_LINES
    if rest > 0:
        shown += "\n" + more_label % {"count": vn_int(rest)}
    return shown


def iso_week(day: datetime.date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def reminder_tasks() -> QuerySet[Task]:
    """Tasks reminders are about: those of issued plans (a draft is not in force yet, a
    closed plan is over)."""
    return Task.objects.filter(plan__status=PlanStatus.ISSUED)
