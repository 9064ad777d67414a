"""What to tell whom on a given day: the reminder items, computed from the tracker's data.

Every function reads a fixed number of queries whatever the number of users, units, tasks
or items (docs/PERFORMANCE.md, "Reminders"): the items of a kind are read once for all units,
then fanned out to the people of each unit in Python. Texts are written in the site's
language (Vietnamese) when the item is made and stored as written.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cchc.formatting import format_date, vn_int
from figures.models import FigureSubmission, ReportingPeriod
from figures.selectors import reporting_units, units_not_submitted
from inspections.models import Recommendation, RecommendationStatus
from tasks.models import Task, TaskEvent
from tasks.workflow_models import CompletionReport, ExtensionRequest, ExtensionStatus, ReportStatus

from .event_items import (
    event_items,
    plan_change_items,
)
from .items import (
    ACTIONABLE_STATUSES,
    FIGURES_HORIZON_DAYS,
    OVERDUE_HORIZON_DAYS,
    Audience,
    Item,
    Thresholds,
    _content_type_id,
    _lines,
    _short,
    _task_label,
    reminder_tasks,
)
from .models import NotificationKind
from .narrative_items import narrative_items, overdue_reports
from .unit_items import (
    silent_items,
    silent_units,
    summary_items,
)

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
            *narrative_items(today, th, audience),
            *late_submission_items(today, start, end, audience),
            *decision_items(today, audience),
            *silent_items(today, silent, audience),
            *summary_items(today, th, audience, silent, overdue_reports(today)),
            *plan_change_items(today, start, end, audience),
            *event_items(TaskEvent.objects.filter(created_at__gt=start, created_at__lte=end), audience),
        ]
