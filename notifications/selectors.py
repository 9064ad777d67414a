"""What to tell whom on a given day: the reminder items, computed from the tracker's data.

Every function reads a fixed number of queries whatever the number of users, units, tasks
or items (docs/PERFORMANCE.md, "Reminders"): the items of a kind are read once for all units,
then fanned out to the people of each unit in Python. Texts are written in the site's
language (Vietnamese) when the item is made and stored as written.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Model, Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from accounts.roles import Role
from cchc.formatting import format_date, vn_int
from figures.models import FigureSubmission, ReportingPeriod
from figures.selectors import reporting_units, units_not_submitted
from inspections.models import Recommendation, RecommendationStatus
from plans.models import Plan, PlanStatus
from reports.completion import completion_by_unit, unit_ranking
from tasks.models import Task, TaskEvent, TaskEventKind, TaskStatus
from tasks.workflow_models import CompletionReport, ExtensionRequest, ExtensionStatus, ReportStatus
from units.models import Unit

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


# ---------------------------------------------------------------- tasks: due, overdue, escalated


def task_items(today: datetime.date, th: Thresholds, audience: Audience) -> list[Item]:
    """Due in 7/3/1 days and overdue (1 day late, then every repeat_days) to the lead unit's
    people; ESCALATE_AFTER_DAYS late (then every repeat_days) to its head. One query."""
    due = th.due_deadlines(today)
    overdue = th.late_deadlines(today, 1, OVERDUE_HORIZON_DAYS)
    escalated = th.late_deadlines(today, th.escalate_after_days, OVERDUE_HORIZON_DAYS)
    rows = (
        reminder_tasks()
        .filter(status__in=ACTIONABLE_STATUSES, deadline__in=sorted({*due, *overdue, *escalated}))
        .values("pk", "number", "content", "deadline", "progress", "lead_unit_id", "plan__number")
        .order_by("deadline", "pk")
    )
    content_type = _content_type_id(Task)
    items: list[Item] = []
    for row in rows:
        deadline = row["deadline"]
        if deadline is None:
            continue
        label = _task_label(row["number"], row["content"])
        task_id = row["pk"]

        def item(user_id: int, kind: str, title: str, body: str, task_id: int = task_id) -> Item:
            return Item(
                recipient_id=user_id,
                kind=kind,
                object_key=f"task:{task_id}",
                day=today,
                title=title,
                body=body,
                url=reverse("tasks:detail", args=[task_id]),
                content_type_id=content_type,
                object_id=task_id,
            )

        facts: dict[str, object] = {
            "content": _short(row["content"], 300),
            "plan": row["plan__number"],
            "deadline": format_date(deadline),
            "progress": row["progress"],
        }
        days_left = (deadline - today).days
        if days_left > 0:
            title = _("Còn %(days)s ngày đến hạn: %(task)s") % {"days": days_left, "task": label}
            body = (
                _(
                    "Nhiệm vụ “%(content)s” (Kế hoạch %(plan)s) đến hạn ngày %(deadline)s. "
                    "Tiến độ đã báo cáo: %(progress)s%%."
                )
                % facts
            )
            items += [
                item(u, NotificationKind.DUE_SOON, title, body) for u in audience.members.get(row["lead_unit_id"], [])
            ]
            continue
        days_late = -days_left
        facts["days"] = days_late
        if th.repeats(days_late, 1):
            title = _("Quá hạn %(days)s ngày: %(task)s") % {"days": days_late, "task": label}
            body = (
                _(
                    "Nhiệm vụ “%(content)s” (Kế hoạch %(plan)s) hết hạn ngày %(deadline)s, chưa hoàn "
                    "thành. Tiến độ đã báo cáo: %(progress)s%%. Đề nghị báo cáo kết quả hoặc đề nghị gia hạn."
                )
                % facts
            )
            items += [
                item(u, NotificationKind.OVERDUE, title, body) for u in audience.members.get(row["lead_unit_id"], [])
            ]
        if th.repeats(days_late, th.escalate_after_days):
            title = _("Quá hạn %(days)s ngày, cần lãnh đạo đơn vị chỉ đạo: %(task)s") % {
                "days": days_late,
                "task": label,
            }
            body = (
                _(
                    "Nhiệm vụ “%(content)s” (Kế hoạch %(plan)s) đã quá hạn %(days)s ngày (hạn "
                    "%(deadline)s) mà chưa hoàn thành; tiến độ đã báo cáo: %(progress)s%%."
                )
                % facts
            )
            items += [
                item(u, NotificationKind.ESCALATED, title, body) for u in audience.heads_or_members(row["lead_unit_id"])
            ]
    return items


# ---------------------------------------------------------------- inspection recommendations


def recommendation_items(today: datetime.date, th: Thresholds, audience: Audience) -> list[Item]:
    """Open recommendations due in 7/3/1 days or overdue (1 day, then every repeat_days), to the
    responsible unit's people. An answered one waits for the secretariat: not chased. One query."""
    due = th.due_deadlines(today)
    overdue = th.late_deadlines(today, 1, OVERDUE_HORIZON_DAYS)
    rows = (
        Recommendation.objects.filter(status=RecommendationStatus.OPEN, deadline__in=sorted({*due, *overdue}))
        .values("pk", "content", "deadline", "responsible_unit_id", "inspection__unit__name")
        .order_by("deadline", "pk")
    )
    content_type = _content_type_id(Recommendation)
    items: list[Item] = []
    for row in rows:
        days_left = (row["deadline"] - today).days
        facts = {
            "content": _short(row["content"], 300),
            "deadline": format_date(row["deadline"]),
            "days": abs(days_left),
        }
        if days_left > 0:
            kind = NotificationKind.RECOMMENDATION_DUE
            title = _("Còn %(days)s ngày đến hạn khắc phục kiến nghị kiểm tra") % facts
            body = _("Kiến nghị “%(content)s” phải khắc phục trước ngày %(deadline)s.") % facts
        else:
            kind = NotificationKind.RECOMMENDATION_OVERDUE
            title = _("Kiến nghị kiểm tra quá hạn khắc phục %(days)s ngày") % facts
            body = (
                _("Kiến nghị “%(content)s” hết hạn khắc phục ngày %(deadline)s; đơn vị chưa báo cáo kết quả khắc phục.")
                % facts
            )
        for user_id in audience.members.get(row["responsible_unit_id"], []):
            items.append(
                Item(
                    recipient_id=user_id,
                    kind=kind,
                    object_key=f"recommendation:{row['pk']}",
                    day=today,
                    title=title,
                    body=body,
                    url=reverse("inspections:recommendation", args=[row["pk"]]),
                    content_type_id=content_type,
                    object_id=row["pk"],
                )
            )
    return items


# ---------------------------------------------------------------- period figures


def figures_items(today: datetime.date, th: Thresholds, audience: Audience) -> list[Item]:
    """A period's appendix figures due in 7/3/1 days, or past due (1 day, then every
    repeat_days, for FIGURES_HORIZON_DAYS), to the people of each unit that has not submitted
    them (figures.FigureSubmission: a unit that entered figures but did not press "Nộp số
    liệu" is still chased; one that submitted is not). One query for the periods, one per
    period concerned today (at most a few)."""
    due = th.due_deadlines(today)
    late = th.late_deadlines(today, 1, FIGURES_HORIZON_DAYS)
    periods = ReportingPeriod.objects.filter(due_date__in=sorted({*due, *late})).order_by("due_date", "pk")
    content_type = _content_type_id(ReportingPeriod)
    items: list[Item] = []
    for period in periods:
        days_left = (period.due_date - today).days
        facts = {
            "period": str(period),
            "cutoff": format_date(period.cutoff),
            "due": format_date(period.due_date),
            "days": abs(days_left),
        }
        if days_left > 0:
            kind = NotificationKind.FIGURES_DUE
            title = _("Còn %(days)s ngày đến hạn gửi số liệu %(period)s") % facts
            body = (
                _(
                    "Đơn vị chưa nộp số liệu báo cáo CCHC %(period)s (số liệu đến ngày %(cutoff)s). "
                    "Hạn gửi: %(due)s. Nhập, lưu rồi bấm “Nộp số liệu”."
                )
                % facts
            )
        else:
            kind = NotificationKind.FIGURES_MISSING
            title = _("Chưa gửi số liệu %(period)s, quá hạn %(days)s ngày") % facts
            body = (
                _(
                    "Đơn vị chưa nộp số liệu báo cáo CCHC %(period)s; hạn gửi là ngày %(due)s. "
                    "Nộp muộn hoặc không nộp bị trừ điểm khi chấm Chỉ số CCHC."
                )
                % facts
            )
        url = f"{reverse('figures:enter')}?period={period.pk}"
        for unit in units_not_submitted(period):
            for user_id in audience.members.get(unit.pk, []):
                items.append(
                    Item(
                        recipient_id=user_id,
                        kind=kind,
                        object_key=f"period:{period.pk}",
                        day=today,
                        title=title,
                        body=body,
                        url=url,
                        content_type_id=content_type,
                        object_id=period.pk,
                    )
                )
    return items


def late_submission_items(
    today: datetime.date, start: datetime.datetime, end: datetime.datetime, audience: Audience
) -> list[Item]:
    """The secretariat is told, once a day per period, which units submitted their figures
    after the due date since the last run (the window start → end). One query."""
    submissions = (
        FigureSubmission.objects.filter(
            submitted_at__gt=start,
            submitted_at__lte=end,
            unit__in=reporting_units(),
        )
        .select_related("period", "unit")
        .order_by("period__due_date", "period_id", "unit__order", "unit__name")
    )
    by_period: dict[int, list[FigureSubmission]] = defaultdict(list)
    periods: dict[int, ReportingPeriod] = {}
    for submission in submissions:
        if submission.submitted_day() > submission.period.due_date:
            by_period[submission.period_id].append(submission)
            periods[submission.period_id] = submission.period
    content_type = _content_type_id(ReportingPeriod)
    items: list[Item] = []
    for period_id, late in by_period.items():
        period = periods[period_id]
        title = ngettext(
            "%(count)s đơn vị nộp số liệu %(period)s muộn",
            "%(count)s đơn vị nộp số liệu %(period)s muộn",
            len(late),
        ) % {"count": vn_int(len(late)), "period": str(period)}
        lines = [
            _("%(unit)s: nộp ngày %(day)s, muộn %(days)s ngày (hạn %(due)s)")
            % {
                "unit": s.unit.name,
                "day": format_date(s.submitted_day()),
                "days": vn_int((s.submitted_day() - period.due_date).days),
                "due": format_date(period.due_date),
            }
            for s in late
        ]
        for user_id in audience.secretariat:
            items.append(
                Item(
                    recipient_id=user_id,
                    kind=NotificationKind.FIGURES_LATE,
                    object_key=f"period:{period_id}@late",
                    day=today,
                    title=title,
                    body=_lines(lines, _("… và %(count)s đơn vị khác")),
                    url=f"{reverse('figures:calendar')}?period={period_id}",
                    content_type_id=content_type,
                    object_id=period_id,
                )
            )
    return items


# ---------------------------------------------------------------- decisions waiting


def decision_items(today: datetime.date, audience: Audience) -> list[Item]:
    """One item a day for each person with decisions waiting: a unit head for the reports of
    their unit awaiting approval, the secretariat for reports and extension requests awaiting
    their decision; with the count, the oldest's age and the oldest ones listed. Two queries."""
    by_head_unit: dict[int, list[tuple[datetime.date, str]]] = defaultdict(list)
    for_secretariat: list[tuple[datetime.date, str]] = []
    reports = (
        CompletionReport.objects.filter(status__in=[ReportStatus.AWAITING_HEAD, ReportStatus.AWAITING_SECRETARIAT])
        .values(
            "status", "submitted_at", "task__number", "task__content", "task__lead_unit_id", "task__lead_unit__name"
        )
        .order_by("submitted_at", "pk")
    )
    for row in reports:
        day = timezone.localdate(row["submitted_at"])
        age = (today - day).days
        line = _("Báo cáo hoàn thành %(task)s (%(unit)s), gửi ngày %(day)s, đã chờ %(age)s ngày") % {
            "task": _task_label(row["task__number"], row["task__content"]),
            "unit": row["task__lead_unit__name"],
            "day": format_date(day),
            "age": age,
        }
        if row["status"] == ReportStatus.AWAITING_HEAD:
            by_head_unit[row["task__lead_unit_id"]].append((day, line))
        else:
            for_secretariat.append((day, line))
    extensions = (
        ExtensionRequest.objects.filter(status=ExtensionStatus.PENDING)
        .values("requested_at", "requested_deadline", "task__number", "task__content", "task__lead_unit__name")
        .order_by("requested_at", "pk")
    )
    for ext in extensions:
        day = timezone.localdate(ext["requested_at"])
        line = _("Đề nghị gia hạn %(task)s (%(unit)s) đến %(deadline)s, gửi ngày %(day)s, đã chờ %(age)s ngày") % {
            "task": _task_label(ext["task__number"], ext["task__content"]),
            "unit": ext["task__lead_unit__name"],
            "deadline": format_date(ext["requested_deadline"]),
            "day": format_date(day),
            "age": (today - day).days,
        }
        for_secretariat.append((day, line))
    for_secretariat.sort(key=lambda pair: pair[0])

    def item(user_id: int, waiting: list[tuple[datetime.date, str]], url: str) -> Item:
        oldest = (today - waiting[0][0]).days
        return Item(
            recipient_id=user_id,
            kind=NotificationKind.DECISION_WAITING,
            object_key="queue",
            day=today,
            title=ngettext(
                "%(count)s báo cáo chờ anh/chị xử lý, lâu nhất %(age)s ngày",
                "%(count)s báo cáo chờ anh/chị xử lý, lâu nhất %(age)s ngày",
                len(waiting),
            )
            % {"count": vn_int(len(waiting)), "age": oldest},
            body=_lines([line for _day, line in waiting], _("… và %(count)s nội dung khác")),
            url=url,
        )

    items: list[Item] = []
    for unit_id, waiting in by_head_unit.items():
        for user_id in audience.heads.get(unit_id, []):
            items.append(item(user_id, waiting, reverse("tasks:approvals")))
    if for_secretariat:
        for user_id in audience.secretariat:
            items.append(item(user_id, for_secretariat, reverse("tasks:queue")))
    return items


# ---------------------------------------------------------------- silent units, weekly summary


@dataclass(frozen=True)
class SilentUnit:
    unit: Unit
    open_tasks: int
    last_update: datetime.date | None


def silent_units(today: datetime.date, th: Thresholds) -> list[SilentUnit]:
    """Units with open tasks in issued plans and no update on any of them for SILENT_DAYS
    (last update as reports/completion.py `unit_ranking` reads it). Three queries."""
    limit = today - datetime.timedelta(days=th.silent_days)
    return [
        SilentUnit(unit=f.unit, open_tasks=f.completion.open, last_update=f.last_update)
        for f in unit_ranking(reminder_tasks(), as_of=today)
        if f.completion.open and (f.last_update is None or f.last_update <= limit)
    ]


def silent_items(today: datetime.date, silent: Iterable[SilentUnit], audience: Audience) -> list[Item]:
    """Once a week, to each silent unit's head (its staff if it has none)."""
    content_type = _content_type_id(Unit)
    items: list[Item] = []
    for s in silent:
        if s.last_update is None:
            title = _("Đơn vị chưa cập nhật tiến độ nhiệm vụ nào")
        else:
            title = _("Đơn vị chưa cập nhật tiến độ nhiệm vụ %(days)s ngày") % {"days": (today - s.last_update).days}
        body = _("%(unit)s có %(open)s nhiệm vụ chưa hoàn thành; lần cập nhật gần nhất: %(last)s.") % {
            "unit": s.unit.name,
            "open": vn_int(s.open_tasks),
            "last": format_date(s.last_update) or _("chưa có"),
        }
        for user_id in audience.heads_or_members(s.unit.pk):
            items.append(
                Item(
                    recipient_id=user_id,
                    kind=NotificationKind.UNIT_SILENT,
                    object_key=f"unit:{s.unit.pk}@{iso_week(today)}",
                    day=today,
                    title=title,
                    body=body,
                    url=f"{reverse('reports:my_unit')}?unit={s.unit.pk}",
                    content_type_id=content_type,
                    object_id=s.unit.pk,
                )
            )
    return items


@dataclass(frozen=True)
class UnitOverdue:
    unit_id: int
    name: str
    tasks: int
    recommendations: int


def overdue_by_unit(today: datetime.date) -> list[UnitOverdue]:
    """Overdue tasks of issued plans per lead unit (reports/completion.py's overdue bucket at
    `today`) and overdue inspection recommendations per responsible unit, most overdue first.
    Three queries."""
    tasks = {
        unit_id: c.overdue for unit_id, c in completion_by_unit(reminder_tasks(), as_of=today).items() if c.overdue
    }
    recommendations = dict(
        Recommendation.objects.overdue(today)
        .values("responsible_unit_id")
        .order_by("responsible_unit_id")
        .annotate(n=Count("pk"))
        .values_list("responsible_unit_id", "n")
    )
    ids = set(tasks) | set(recommendations)
    names = dict(Unit.objects.filter(pk__in=ids).values_list("pk", "name"))
    rows = [UnitOverdue(i, names.get(i, ""), tasks.get(i, 0), recommendations.get(i, 0)) for i in ids]
    return sorted(rows, key=lambda r: (-r.tasks, -r.recommendations, r.name))


def summary_items(today: datetime.date, th: Thresholds, audience: Audience, silent: Sequence[SilentUnit]) -> list[Item]:
    """The secretariat's weekly summary (from WEEKLY_SUMMARY_WEEKDAY on, once per ISO week):
    overdue items per unit and the silent units."""
    if today.weekday() < th.summary_weekday or not audience.secretariat:
        return []
    rows = overdue_by_unit(today)
    if not rows and not silent:
        return []
    tasks = sum(r.tasks for r in rows)
    recommendations = sum(r.recommendations for r in rows)
    head = _(
        "Quá hạn chưa hoàn thành: %(tasks)s nhiệm vụ, %(recs)s kiến nghị kiểm tra, tại %(units)s đơn vị. "
        "Đơn vị lâu không cập nhật: %(silent)s."
    ) % {
        "tasks": vn_int(tasks),
        "recs": vn_int(recommendations),
        "units": vn_int(len(rows)),
        "silent": vn_int(len(silent)),
    }
    lines = [
        _("%(unit)s: %(tasks)s nhiệm vụ, %(recs)s kiến nghị quá hạn")
        % {"unit": r.name, "tasks": vn_int(r.tasks), "recs": vn_int(r.recommendations)}
        for r in rows
    ]
    body = head + ("\n" + _lines(lines, _("… và %(count)s đơn vị khác")) if lines else "")
    title = _("Tổng hợp tuần %(week)s: %(tasks)s nhiệm vụ quá hạn tại %(units)s đơn vị") % {
        "week": iso_week(today),
        "tasks": vn_int(tasks),
        "units": vn_int(len(rows)),
    }
    return [
        Item(
            recipient_id=user_id,
            kind=NotificationKind.WEEKLY_SUMMARY,
            object_key=f"summary@{iso_week(today)}",
            day=today,
            title=title,
            body=body,
            url=reverse("notifications:overdue"),
        )
        for user_id in audience.secretariat
    ]


# ---------------------------------------------------------------- history: decisions, plan changes


def event_items(events: QuerySet[TaskEvent], audience: Audience) -> list[Item]:
    """Decisions recorded in the task history (returned, confirmed, refused by the head,
    extension approved or refused), to the lead unit's people other than who decided. Keyed by
    the history entry and its day, so telling one twice (signal and daily sweep) is a no-op.
    One query."""
    rows = (
        events.filter(kind__in=list(EVENT_KINDS))
        .values(
            "pk",
            "kind",
            "created_at",
            "effective_on",
            "actor_id",
            "note",
            "deadline_before",
            "deadline_after",
            "task_id",
            "task__number",
            "task__content",
            "task__lead_unit_id",
            "task__plan__number",
        )
        .order_by("pk")
    )
    content_type = _content_type_id(TaskEvent)
    items: list[Item] = []
    for row in rows:
        label = _task_label(row["task__number"], row["task__content"])
        facts = {
            "task": label,
            "content": _short(row["task__content"], 300),
            "plan": row["task__plan__number"],
            "note": row["note"],
            "date": format_date(row["effective_on"]),
            "deadline": format_date(row["deadline_after"]),
            "before": format_date(row["deadline_before"]),
        }
        kind = EVENT_KINDS[row["kind"]]
        if kind == NotificationKind.REPORT_RETURNED:
            title = _("Báo cáo hoàn thành bị trả lại: %(task)s") % facts
            body = (
                _(
                    "Thường trực CCHC trả lại báo cáo hoàn thành nhiệm vụ “%(content)s” (Kế hoạch %(plan)s). "
                    "Lý do: %(note)s"
                )
                % facts
            )
        elif kind == NotificationKind.REPORT_CONFIRMED:
            title = _("Đã xác nhận hoàn thành: %(task)s") % facts
            body = _("Nhiệm vụ “%(content)s” (Kế hoạch %(plan)s) được xác nhận hoàn thành từ ngày %(date)s.") % facts
        elif kind == NotificationKind.REPORT_HEAD_REJECTED:
            title = _("Lãnh đạo đơn vị không duyệt báo cáo: %(task)s") % facts
            body = _("Báo cáo hoàn thành nhiệm vụ “%(content)s” chưa được duyệt. Lý do: %(note)s") % facts
        elif kind == NotificationKind.EXTENSION_APPROVED:
            title = _("Đồng ý gia hạn đến %(deadline)s: %(task)s") % facts
            body = _("Nhiệm vụ “%(content)s” được gia hạn từ %(before)s đến %(deadline)s.") % facts
        else:
            title = _("Không đồng ý gia hạn: %(task)s") % facts
            body = (
                _(
                    "Đề nghị gia hạn nhiệm vụ “%(content)s” không được đồng ý; thời hạn vẫn là %(deadline)s. "
                    "Lý do: %(note)s"
                )
                % facts
            )
        day = timezone.localdate(row["created_at"])
        for user_id in audience.members.get(row["task__lead_unit_id"], []):
            if user_id == row["actor_id"]:
                continue
            items.append(
                Item(
                    recipient_id=user_id,
                    kind=kind,
                    object_key=f"event:{row['pk']}",
                    day=day,
                    title=title,
                    body=body,
                    url=reverse("tasks:detail", args=[row["task_id"]]),
                    content_type_id=content_type,
                    object_id=row["pk"],
                )
            )
    return items


def plan_change_items(
    today: datetime.date, start: datetime.datetime, end: datetime.datetime, audience: Audience
) -> list[Item]:
    """Tasks added to or changed in an issued plan between `start` and `end` (history entries
    "created" and "edited" recorded then), told once a day per plan to the people of each unit
    that leads or coordinates them. Two queries."""
    rows = list(
        TaskEvent.objects.filter(
            created_at__gt=start,
            created_at__lte=end,
            kind__in=[TaskEventKind.CREATED, TaskEventKind.EDITED],
            task__plan__status=PlanStatus.ISSUED,
        )
        .values("pk", "kind", "task_id", "task__number", "task__content", "task__plan_id", "task__lead_unit_id")
        .order_by("pk")
    )
    if not rows:
        return []
    coordinating: dict[int, set[int]] = defaultdict(set)
    for task_id, unit_id in (
        Task.coordinating_units.through.objects.filter(task_id__in={r["task_id"] for r in rows})
        .values_list("task_id", "unit_id")
        .order_by()
    ):
        coordinating[task_id].add(unit_id)
    # (unit, plan) → {task_id: (label, is_new)}; and the last history entry read for it, which
    # keys the notification: changes recorded after a run of the same day are told by the next.
    changes: dict[tuple[int, int], dict[int, tuple[str, bool]]] = defaultdict(dict)
    last_entry: dict[tuple[int, int], int] = {}
    for row in rows:
        label = _task_label(row["task__number"], row["task__content"])
        for unit_id in {row["task__lead_unit_id"], *coordinating[row["task_id"]]}:
            seen = changes[(unit_id, row["task__plan_id"])]
            was_new = seen.get(row["task_id"], ("", False))[1]
            seen[row["task_id"]] = (label, was_new or row["kind"] == TaskEventKind.CREATED)
            last_entry[(unit_id, row["task__plan_id"])] = row["pk"]
    plans = dict(Plan.objects.filter(pk__in={plan for _unit, plan in changes}).values_list("pk", "number"))
    content_type = _content_type_id(Plan)
    items: list[Item] = []
    for (unit_id, plan_id), tasks in sorted(changes.items()):
        new = [label for label, is_new in tasks.values() if is_new]
        changed = [label for label, is_new in tasks.values() if not is_new]
        title = _("Kế hoạch %(plan)s: %(new)s nhiệm vụ mới, %(changed)s nhiệm vụ điều chỉnh liên quan đến đơn vị") % {
            "plan": plans.get(plan_id, ""),
            "new": vn_int(len(new)),
            "changed": vn_int(len(changed)),
        }
        lines = [_("Mới: %(task)s") % {"task": t} for t in new] + [
            _("Điều chỉnh: %(task)s") % {"task": t} for t in changed
        ]
        for user_id in audience.members.get(unit_id, []):
            items.append(
                Item(
                    recipient_id=user_id,
                    kind=NotificationKind.PLAN_ADJUSTED,
                    object_key=f"plan:{plan_id}@{last_entry[(unit_id, plan_id)]}",
                    day=today,
                    title=title,
                    body=_lines(lines, _("… và %(count)s nhiệm vụ khác")),
                    url=reverse("plans:detail", args=[plan_id]),
                    content_type_id=content_type,
                    object_id=plan_id,
                )
            )
    return items


def reminder_items(
    *,
    today: datetime.date,
    window: tuple[datetime.datetime, datetime.datetime],
    thresholds: Thresholds | None = None,
    audience: Audience | None = None,
) -> list[Item]:
    """Every item of the day, in the site's language: a fixed number of queries (about 20)."""
    th = thresholds or Thresholds.from_settings()
    audience = audience or Audience.load()
    start, end = window
    with translation.override(settings.LANGUAGE_CODE):
        silent = silent_units(today, th)
        return [
            *task_items(today, th, audience),
            *recommendation_items(today, th, audience),
            *figures_items(today, th, audience),
            *late_submission_items(today, start, end, audience),
            *decision_items(today, audience),
            *silent_items(today, silent, audience),
            *summary_items(today, th, audience, silent),
            *plan_change_items(today, start, end, audience),
            *event_items(TaskEvent.objects.filter(created_at__gt=start, created_at__lte=end), audience),
        ]
