"""Units' reports (docs/DOMAIN.md, "Units' reports"): the people of a unit that has not
submitted its report for a period are reminded before the due date and after it, as the
period figures are; the secretariat's weekly summary lists the units still missing."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from cchc.formatting import format_date
from figures.models import ReportingPeriod
from figures.selectors import reporting_units
from reports.models import NarrativeSubmission
from units.models import Unit

from .items import FIGURES_HORIZON_DAYS, Audience, Item, Thresholds, _content_type_id
from .models import NotificationKind


@dataclass(frozen=True)
class MissingReports:
    """A period and the reporting units that have not submitted their report for it."""

    period: ReportingPeriod
    units: list[Unit]


def missing_reports(periods: list[ReportingPeriod]) -> list[MissingReports]:
    """For each period, in order, the reporting units without a submission. Two queries."""
    if not periods:
        return []
    submitted: dict[int, set[int]] = defaultdict(set)
    for period_id, unit_id in NarrativeSubmission.objects.filter(period__in=periods).values_list(
        "period_id", "unit_id"
    ):
        submitted[period_id].add(unit_id)
    units = list(reporting_units())
    return [MissingReports(p, [u for u in units if u.pk not in submitted[p.pk]]) for p in periods]


def narrative_items(today: datetime.date, th: Thresholds, audience: Audience) -> list[Item]:
    """A period's unit report due in 7/3/1 days (REMINDER_DAYS), or past due (1 day, then every
    repeat_days, for FIGURES_HORIZON_DAYS), to the staff and head(s) of each unit that has not
    submitted it, with a link to the unit's report page. Three queries."""
    due = th.due_deadlines(today)
    late = th.late_deadlines(today, 1, FIGURES_HORIZON_DAYS)
    periods = list(ReportingPeriod.objects.filter(due_date__in=sorted({*due, *late})).order_by("due_date", "pk"))
    content_type = _content_type_id(ReportingPeriod)
    items: list[Item] = []
    for missing in missing_reports(periods):
        period = missing.period
        days_left = (period.due_date - today).days
        facts = {"period": str(period), "due": format_date(period.due_date), "days": abs(days_left)}
        if days_left > 0:
            kind = NotificationKind.NARRATIVE_DUE
            title = _("Còn %(days)s ngày đến hạn gửi báo cáo %(period)s, hạn %(due)s") % facts
        else:
            kind = NotificationKind.NARRATIVE_MISSING
            title = _("Đơn vị chưa gửi báo cáo %(period)s, hạn %(due)s — quá hạn %(days)s ngày") % facts
        for unit in missing.units:
            body = _(
                "%(unit)s chưa gửi báo cáo %(period)s (kết quả, khó khăn, đề xuất theo từng lĩnh vực). "
                "Hạn gửi: %(due)s. Lãnh đạo đơn vị bấm “Nộp báo cáo của đơn vị”; gửi muộn hoặc không "
                "gửi bị trừ điểm khi chấm Chỉ số CCHC."
            ) % {**facts, "unit": unit.name}
            url = reverse("reports:unit_narrative", args=[period.pk, unit.pk])
            for user_id in audience.members.get(unit.pk, []):
                items.append(
                    Item(
                        recipient_id=user_id,
                        kind=kind,
                        object_key=f"narrative:{period.pk}",
                        day=today,
                        title=title,
                        body=body,
                        url=url,
                        content_type_id=content_type,
                        object_id=period.pk,
                    )
                )
    return items


def overdue_reports(today: datetime.date) -> list[MissingReports]:
    """Periods whose due date passed within FIGURES_HORIZON_DAYS and that some units have not
    reported on: what the secretariat's weekly summary lists. Three queries."""
    since = today - datetime.timedelta(days=FIGURES_HORIZON_DAYS)
    periods = list(ReportingPeriod.objects.filter(due_date__lt=today, due_date__gte=since).order_by("due_date", "pk"))
    return [m for m in missing_reports(periods) if m.units]
