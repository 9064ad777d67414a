"""Units report their part (docs/DOMAIN.md, "Units' reports"): for each reporting period each
unit writes, per reform area, what was done, the difficulties and its proposals, beside its own
figures as lead unit at the period's cut-off; the unit head submits by the period's due date.

- Reads: ``unit_parts`` (a unit's page: each area with its figures and its text),
  ``narrative_calendar`` (every unit's status: on time, late, missing, not yet due — the rules
  of the figures calendar, figures.selectors.submission_status), ``narratives_by_area`` (the
  secretariat's page and the Word draft: the submitted units' texts side by side per area).
- Writes: ``narratives_save`` (the unit's people) and ``narrative_submit`` (the unit head).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from cchc.formatting import percent, vn_int
from figures.models import STANDARD_KINDS, ReportingPeriod, SubmissionStatus
from figures.selectors import reporting_units, submission_status
from plans.models import Plan, ReformArea
from tasks.models import Task
from units.models import Unit

from .completion import Completion, completion_by_area
from .models import NarrativeSubmission, UnitNarrative

NARRATIVE_FIELDS = ("achieved", "difficulties", "proposals")


# ---------------------------------------------------------------- who


def can_write_narrative(user: User, unit: Unit) -> bool:
    """The unit's own people (staff and head) write its part; the secretariat may on its behalf
    (as with the figures, figures/access.py)."""
    if not (user.is_authenticated and user.is_active):
        return False
    return bool(user.is_secretariat or (user.is_unit_member and user.unit_id == unit.pk))


def can_submit_narrative(user: User, unit: Unit) -> bool:
    """The unit head submits it; the secretariat may on the unit's behalf."""
    if not (user.is_authenticated and user.is_active):
        return False
    return bool(user.is_secretariat or (user.is_unit_head and user.unit_id == unit.pk))


# ---------------------------------------------------------------- reading


def led_tasks(unit: Unit, period: ReportingPeriod) -> QuerySet[Task]:
    """The tasks the unit leads in the agency's plans of the period's year."""
    return Task.objects.filter(plan__year=period.year, plan__in=Plan.objects.agency(), lead_unit=unit)


@dataclass(frozen=True)
class AreaPart:
    """An area of a unit's report: its figures at the cut-off and what it wrote."""

    area: ReformArea
    completion: Completion
    narrative: UnitNarrative | None

    @property
    def figures_text(self) -> str:
        """The unit's figures in the area, as the prefilled text says them."""
        c = self.completion
        if not c.total:
            return _("Đơn vị không chủ trì nhiệm vụ nào của lĩnh vực này.")
        return _(
            "Chủ trì %(total)s nhiệm vụ: hoàn thành %(done)s, đạt %(rate)s; "
            "quá hạn chưa hoàn thành %(overdue)s; đang thực hiện trong hạn %(within)s."
        ) % {
            "total": vn_int(c.total),
            "done": vn_int(c.completed),
            "rate": percent(c.rate),
            "overdue": vn_int(c.overdue),
            "within": vn_int(c.within),
        }

    def initial(self) -> dict[str, str]:
        """What the form shows: the saved text, or the figures to start from."""
        if self.narrative is not None:
            return {name: getattr(self.narrative, name) for name in NARRATIVE_FIELDS}
        return {"achieved": self.figures_text if self.completion.total else "", "difficulties": "", "proposals": ""}


def unit_parts(unit: Unit, period: ReportingPeriod) -> list[AreaPart]:
    """Every reform area with the unit's figures at the period's cut-off and its text. Three queries."""
    figures = completion_by_area(led_tasks(unit, period), as_of=period.cutoff)
    saved = {n.area_id: n for n in UnitNarrative.objects.filter(period=period, unit=unit)}
    return [AreaPart(a, figures.get(a.pk, Completion()), saved.get(a.pk)) for a in ReformArea.objects.all()]


@dataclass(frozen=True)
class UnitStatus:
    unit: Unit
    status: SubmissionStatus
    submission: NarrativeSubmission | None
    days_late: int  # of the submission (late) or up to today (missing)


def narrative_calendar(
    period: ReportingPeriod, today: datetime.date | None = None, units: QuerySet[Unit] | None = None
) -> list[UnitStatus]:
    """Every unit owing a report for the period (reporting_units() unless `units` is given),
    with its status on `today`. Two queries."""
    today = today or timezone.localdate()
    submitted = {s.unit_id: s for s in NarrativeSubmission.objects.filter(period=period)}
    rows = []
    for unit in reporting_units() if units is None else units:
        submission = submitted.get(unit.pk)
        status = submission_status(submission, period, today)  # type: ignore[arg-type]
        if status == SubmissionStatus.LATE and submission is not None:
            late = (submission.submitted_day() - period.due_date).days
        elif status == SubmissionStatus.MISSING:
            late = (today - period.due_date).days
        else:
            late = 0
        rows.append(UnitStatus(unit, status, submission, late))
    return rows


def next_due_period(today: datetime.date) -> ReportingPeriod | None:
    """The standard period whose report is due next, if it exists (nothing is created). One query."""
    return (
        ReportingPeriod.objects.filter(kind__in=STANDARD_KINDS, due_date__gte=today).order_by("due_date", "pk").first()
    )


def submission_of(unit: Unit, period: ReportingPeriod) -> NarrativeSubmission | None:
    return NarrativeSubmission.objects.filter(unit=unit, period=period).first()


@dataclass(frozen=True)
class AreaNarratives:
    area: ReformArea
    narratives: list[UnitNarrative]


def narratives_by_area(period: ReportingPeriod, *, submitted_only: bool = True) -> list[AreaNarratives]:
    """Per reform area, the units' texts side by side (units in their order); by default only
    those of units that submitted. Two queries."""
    rows = UnitNarrative.objects.filter(period=period).select_related("unit", "area")
    if submitted_only:
        rows = rows.filter(unit__in=NarrativeSubmission.objects.filter(period=period).values("unit"))
    by_area: dict[int, list[UnitNarrative]] = {}
    for narrative in rows.order_by("area__order", "unit__order", "unit__name", "pk"):
        if any(getattr(narrative, name).strip() for name in NARRATIVE_FIELDS):
            by_area.setdefault(narrative.area_id, []).append(narrative)
    return [AreaNarratives(a, by_area.get(a.pk, [])) for a in ReformArea.objects.all()]


# ---------------------------------------------------------------- writing


def narratives_save(*, unit: Unit, period: ReportingPeriod, by: User, texts: dict[int, dict[str, str]]) -> int:
    """Save the unit's texts, {area id: {field: text}}; an area left empty and never saved
    stays absent. Returns how many areas were saved. The unit's own people only."""
    if not can_write_narrative(by, unit):
        raise PermissionDenied("Only the unit's people (or the secretariat) write its report")
    areas = set(ReformArea.objects.filter(pk__in=list(texts)).values_list("pk", flat=True))
    if areas != set(texts):
        raise ValidationError(_("Lĩnh vực không hợp lệ."))
    now, count = timezone.now(), 0
    with transaction.atomic():
        saved = {n.area_id: n for n in UnitNarrative.objects.select_for_update().filter(period=period, unit=unit)}
        for area_id, fields in texts.items():
            values = {name: (fields.get(name) or "").strip() for name in NARRATIVE_FIELDS}
            narrative = saved.get(area_id)
            if narrative is None:
                if not any(values.values()):
                    continue
                UnitNarrative.objects.create(
                    period=period, unit=unit, area_id=area_id, updated_at=now, updated_by=by, **values
                )
            else:
                if all(getattr(narrative, k) == v for k, v in values.items()):
                    continue
                for name, value in values.items():
                    setattr(narrative, name, value)
                narrative.updated_at, narrative.updated_by = now, by
                narrative.save(update_fields=[*NARRATIVE_FIELDS, "updated_at", "updated_by"])
            count += 1
    return count


def narrative_submit(
    *, unit: Unit, period: ReportingPeriod, by: User, at: datetime.datetime | None = None
) -> NarrativeSubmission:
    """The unit head submits the unit's report (once; later corrections do not move it). At
    least one area must say what was done. `at` is now (the demo records past submissions)."""
    if not can_submit_narrative(by, unit):
        raise PermissionDenied("Only the unit head (or the secretariat) submits the unit's report")
    with transaction.atomic():
        if NarrativeSubmission.objects.filter(period=period, unit=unit).exists():
            raise ValidationError(_("Đơn vị đã nộp báo cáo kỳ này."))
        if not UnitNarrative.objects.filter(period=period, unit=unit).exclude(achieved="").exists():
            raise ValidationError(_("Hãy viết kết quả đạt được của ít nhất một lĩnh vực trước khi nộp."))
        try:
            with transaction.atomic():
                return NarrativeSubmission.objects.create(
                    period=period, unit=unit, submitted_at=at or timezone.now(), submitted_by=by
                )
        except IntegrityError as exc:
            raise ValidationError(_("Đơn vị đã nộp báo cáo kỳ này.")) from exc
