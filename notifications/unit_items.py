"""Units silent for days and the secretariat's weekly summary of overdue work per unit."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from cchc.formatting import format_date, vn_int
from inspections.models import Recommendation
from reports.completion import completion_by_unit, unit_ranking
from units.models import Unit

from .items import (
    Audience,
    Item,
    Thresholds,
    _content_type_id,
    _lines,
    iso_week,
    reminder_tasks,
)
from .models import NotificationKind
from .narrative_items import MissingReports

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


def summary_items(
    today: datetime.date,
    th: Thresholds,
    audience: Audience,
    silent: Sequence[SilentUnit],
    reports: Sequence[MissingReports] = (),
) -> list[Item]:
    """The secretariat's weekly summary (from WEEKLY_SUMMARY_WEEKDAY on, once per ISO week):
    overdue items per unit, the silent units and, per period past due, the units whose report is
    still missing (notifications/narrative_items.py `overdue_reports`)."""
    if today.weekday() < th.summary_weekday or not audience.secretariat:
        return []
    rows = overdue_by_unit(today)
    if not rows and not silent and not reports:
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
    for missing in reports:
        body += "\n" + _("Chưa gửi báo cáo %(period)s (hạn %(due)s, quá hạn %(days)s ngày): %(units)s") % {
            "period": str(missing.period),
            "due": format_date(missing.period.due_date),
            "days": vn_int((today - missing.period.due_date).days),
            "units": ", ".join(u.name for u in missing.units),
        }
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
