"""Writes for inspections: every change goes through one of these functions, which validates,
saves and writes the immutable history (InspectionEvent) in one transaction.

Access (who may call what) is checked by the views through inspections/access.py; the rules
that belong to the data itself (a unit inspected once per plan, a response needs evidence…)
are enforced here and raise ValidationError keyed by field, so forms can show them.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from pathlib import PurePath

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from cchc.formatting import format_date
from plans.models import Plan, ReformArea
from tasks.models import Task
from tasks.services import task_create
from units.models import Unit

from .models import (
    Inspection,
    InspectionEvent,
    InspectionEventKind,
    InspectionPlan,
    InspectionStatus,
    InspectionTeam,
    Recommendation,
    RecommendationResponse,
    RecommendationStatus,
    Shortcoming,
)


def _log(
    *,
    kind: InspectionEventKind,
    plan: InspectionPlan,
    actor: User | None,
    inspection: Inspection | None = None,
    recommendation: Recommendation | None = None,
    note: str = "",
) -> InspectionEvent:
    return InspectionEvent.objects.create(
        plan=plan, inspection=inspection, recommendation=recommendation, kind=kind, actor=actor, note=note
    )


def _original_name(upload: UploadedFile) -> str:
    return PurePath(upload.name or "").name[:255]


# ---------------------------------------------------------------- plans and teams


@transaction.atomic
def inspection_plan_create(
    *,
    agency: Unit,
    year: int,
    title: str,
    subject_units: Iterable[Unit],
    by: User,
    number: str = "",
    issued_on: datetime.date | None = None,
) -> InspectionPlan:
    if InspectionPlan.objects.filter(agency=agency, year=year).exists():
        raise ValidationError({"year": _("Cơ quan này đã có kế hoạch kiểm tra năm %(year)s.") % {"year": year}})
    plan = InspectionPlan(agency=agency, year=year, title=title, number=number, issued_on=issued_on)
    plan.full_clean()
    plan.save()
    plan.subject_units.set(subject_units)
    _log(kind=InspectionEventKind.PLAN_CREATED, plan=plan, actor=by, note=str(plan))
    return plan


@transaction.atomic
def inspection_plan_update(
    *,
    plan: InspectionPlan,
    title: str,
    subject_units: Iterable[Unit],
    by: User,
    number: str = "",
    issued_on: datetime.date | None = None,
) -> InspectionPlan:
    subject_ids = {u.pk for u in subject_units}
    dropped = plan.inspections.exclude(unit_id__in=subject_ids).select_related("unit")
    if dropped:
        names = ", ".join(i.unit.name for i in dropped)
        raise ValidationError(
            {
                "subject_units": _("Không thể bỏ đơn vị đã có lịch kiểm tra khỏi đối tượng kiểm tra: %(names)s.")
                % {"names": names}
            }
        )
    plan.title, plan.number, plan.issued_on = title, number, issued_on
    plan.full_clean()
    plan.save(update_fields=["title", "number", "issued_on", "updated_at"])
    plan.subject_units.set(subject_ids)
    _log(kind=InspectionEventKind.PLAN_CHANGED, plan=plan, actor=by)
    return plan


def _check_team_leader(leader: User | None, leader_name: str) -> None:
    if leader is None and not leader_name.strip():
        raise ValidationError({"leader_name": _("Chọn trưởng đoàn hoặc ghi họ tên trưởng đoàn.")})


@transaction.atomic
def team_create(
    *,
    plan: InspectionPlan,
    name: str,
    by: User,
    leader: User | None = None,
    leader_name: str = "",
    members: Iterable[User] = (),
    external_members: str = "",
) -> InspectionTeam:
    _check_team_leader(leader, leader_name)
    if plan.teams.filter(name=name).exists():
        raise ValidationError({"name": _("Kế hoạch đã có đoàn kiểm tra tên này.")})
    team = InspectionTeam(
        plan=plan, name=name, leader=leader, leader_name=leader_name.strip(), external_members=external_members
    )
    team.full_clean()
    team.save()
    team.members.set(members)
    _log(kind=InspectionEventKind.TEAM_CREATED, plan=plan, actor=by, note=name)
    return team


@transaction.atomic
def team_update(
    *,
    team: InspectionTeam,
    name: str,
    by: User,
    leader: User | None = None,
    leader_name: str = "",
    members: Iterable[User] = (),
    external_members: str = "",
) -> InspectionTeam:
    _check_team_leader(leader, leader_name)
    if team.plan.teams.filter(name=name).exclude(pk=team.pk).exists():
        raise ValidationError({"name": _("Kế hoạch đã có đoàn kiểm tra tên này.")})
    team.name, team.leader, team.leader_name, team.external_members = (
        name,
        leader,
        leader_name.strip(),
        external_members,
    )
    team.full_clean()
    team.save(update_fields=["name", "leader", "leader_name", "external_members", "updated_at"])
    team.members.set(members)
    _log(kind=InspectionEventKind.TEAM_CHANGED, plan=team.plan, actor=by, note=name)
    return team


# ---------------------------------------------------------------- inspections


@transaction.atomic
def inspection_schedule(
    *,
    plan: InspectionPlan,
    team: InspectionTeam,
    unit: Unit,
    scheduled_start: datetime.date,
    scheduled_end: datetime.date,
    by: User,
    areas: Iterable[ReformArea] = (),
) -> Inspection:
    """Put a unit on the plan's schedule, for one team. A unit is inspected once per plan."""
    errors: dict[str, str] = {}
    if team.plan_id != plan.pk:
        errors["team"] = _("Đoàn kiểm tra không thuộc kế hoạch này.")
    if not plan.subject_units.filter(pk=unit.pk).exists():
        errors["unit"] = _("Đơn vị không thuộc đối tượng kiểm tra của kế hoạch.")
    elif plan.inspections.filter(unit=unit).exists():
        errors["unit"] = _("Đơn vị này đã có lịch kiểm tra trong kế hoạch.")
    if scheduled_end < scheduled_start:
        errors["scheduled_end"] = _("Ngày kết thúc phải sau hoặc trùng ngày bắt đầu.")
    if errors:
        raise ValidationError(errors)
    inspection = Inspection.objects.create(
        plan=plan, team=team, unit=unit, scheduled_start=scheduled_start, scheduled_end=scheduled_end
    )
    inspection.areas.set(areas)
    _log(
        kind=InspectionEventKind.SCHEDULED,
        plan=plan,
        inspection=inspection,
        actor=by,
        note=f"{unit.name}: {format_date(scheduled_start)}–{format_date(scheduled_end)} ({team.name})",
    )
    return inspection


@transaction.atomic
def inspection_reschedule(
    *,
    inspection: Inspection,
    team: InspectionTeam,
    scheduled_start: datetime.date,
    scheduled_end: datetime.date,
    by: User,
    areas: Iterable[ReformArea] = (),
) -> Inspection:
    """Change the team, dates or areas planned for an inspection (the unit stays)."""
    errors: dict[str, str] = {}
    if team.plan_id != inspection.plan_id:
        errors["team"] = _("Đoàn kiểm tra không thuộc kế hoạch này.")
    if scheduled_end < scheduled_start:
        errors["scheduled_end"] = _("Ngày kết thúc phải sau hoặc trùng ngày bắt đầu.")
    if errors:
        raise ValidationError(errors)
    inspection.team, inspection.scheduled_start, inspection.scheduled_end = team, scheduled_start, scheduled_end
    inspection.save(update_fields=["team", "scheduled_start", "scheduled_end", "updated_at"])
    if not inspection.is_done:
        inspection.areas.set(areas)
    _log(
        kind=InspectionEventKind.RESCHEDULED,
        plan=inspection.plan,
        inspection=inspection,
        actor=by,
        note=f"{format_date(scheduled_start)}–{format_date(scheduled_end)} ({team.name})",
    )
    return inspection


@transaction.atomic
def inspection_record_result(
    *,
    inspection: Inspection,
    actual_start: datetime.date,
    actual_end: datetime.date,
    areas: Iterable[ReformArea],
    strengths: str,
    by: User,
    shortcomings: Sequence[tuple[ReformArea, str]] = (),
    minutes: UploadedFile | None = None,
) -> Inspection:
    """Record that the inspection took place: dates, areas checked, strengths, shortcomings
    and the minutes/conclusion document. Marks it done."""
    areas = list(areas)
    errors: dict[str, str] = {}
    if actual_end < actual_start:
        errors["actual_end"] = _("Ngày kết thúc phải sau hoặc trùng ngày bắt đầu.")
    if not areas:
        errors["areas"] = _("Chọn ít nhất một lĩnh vực đã kiểm tra.")
    if errors:
        raise ValidationError(errors)
    inspection.actual_start, inspection.actual_end = actual_start, actual_end
    inspection.strengths = strengths
    inspection.status = InspectionStatus.DONE
    fields = ["actual_start", "actual_end", "strengths", "status", "updated_at"]
    if minutes is not None:
        inspection.minutes = minutes
        inspection.minutes_name = _original_name(minutes)
        fields += ["minutes", "minutes_name"]
    inspection.save(update_fields=fields)
    inspection.areas.set(areas)
    for area, text in shortcomings:
        Shortcoming.objects.create(inspection=inspection, area=area, text=text)
    _log(
        kind=InspectionEventKind.RESULT_RECORDED,
        plan=inspection.plan,
        inspection=inspection,
        actor=by,
        note=f"{format_date(actual_start)}–{format_date(actual_end)}",
    )
    return inspection


@transaction.atomic
def shortcoming_add(*, inspection: Inspection, area: ReformArea, text: str, by: User) -> Shortcoming:
    if not text.strip():
        raise ValidationError({"text": _("Ghi nội dung tồn tại, hạn chế.")})
    shortcoming = Shortcoming.objects.create(inspection=inspection, area=area, text=text.strip())
    _log(
        kind=InspectionEventKind.SHORTCOMING_ADDED,
        plan=inspection.plan,
        inspection=inspection,
        actor=by,
        note=f"{area.code}: {shortcoming.text}",
    )
    return shortcoming


@transaction.atomic
def recommendation_add(
    *,
    inspection: Inspection,
    area: ReformArea,
    content: str,
    deadline: datetime.date,
    by: User,
    responsible_unit: Unit | None = None,
) -> Recommendation:
    """A recommendation (kiến nghị) with a deadline; by default the inspected unit is responsible."""
    if not content.strip():
        raise ValidationError({"content": _("Ghi nội dung kiến nghị.")})
    recommendation = Recommendation.objects.create(
        inspection=inspection,
        area=area,
        content=content.strip(),
        deadline=deadline,
        responsible_unit=responsible_unit or inspection.unit,
    )
    _log(
        kind=InspectionEventKind.RECOMMENDATION_ADDED,
        plan=inspection.plan,
        inspection=inspection,
        recommendation=recommendation,
        actor=by,
        note=f"{recommendation.responsible_unit.name}, {format_date(deadline)}",
    )
    return recommendation


# ---------------------------------------------------------------- follow-up


def _log_for(
    recommendation: Recommendation, *, kind: InspectionEventKind, actor: User, note: str = ""
) -> InspectionEvent:
    inspection = recommendation.inspection
    return _log(
        kind=kind,
        plan=inspection.plan,
        inspection=inspection,
        recommendation=recommendation,
        actor=actor,
        note=note,
    )


def _refuse_if_closed(recommendation: Recommendation) -> None:
    if recommendation.status == RecommendationStatus.CLOSED:
        raise ValidationError(_("Kiến nghị đã được đóng."))


@transaction.atomic
def recommendation_respond(
    *,
    recommendation: Recommendation,
    by: User,
    note: str,
    evidence: UploadedFile | None = None,
    document_reference: str = "",
) -> RecommendationResponse:
    """The responsible unit reports what it did: a note is required, and evidence — an uploaded
    document, or the number/date of a document — because a report without evidence is the
    classic reason to send it back."""
    if not (by.is_unit_member and by.unit_id == recommendation.responsible_unit_id):
        raise PermissionDenied("Only the responsible unit reports on a recommendation")
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    _refuse_if_closed(recommendation)
    errors: dict[str, str] = {}
    if not note.strip():
        errors["note"] = _("Ghi kết quả khắc phục kiến nghị.")
    if evidence is None and not document_reference.strip():
        message = _("Đính kèm tài liệu kiểm chứng hoặc ghi số, ngày văn bản kiểm chứng.")
        errors["evidence"] = message
        errors["document_reference"] = message
    if errors:
        raise ValidationError(errors)
    response = RecommendationResponse(
        recommendation=recommendation, author=by, note=note.strip(), document_reference=document_reference.strip()
    )
    if evidence is not None:
        response.evidence = evidence
        response.evidence_name = _original_name(evidence)
    response.save()
    recommendation.status = RecommendationStatus.ANSWERED
    recommendation.save(update_fields=["status", "updated_at"])
    _log_for(recommendation, kind=InspectionEventKind.RESPONDED, actor=by, note=response.note)
    return response


@transaction.atomic
def recommendation_close(
    *, recommendation: Recommendation, by: User, note: str = "", closed_on: datetime.date | None = None
) -> Recommendation:
    """The secretariat finds the recommendation remedied."""
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    _refuse_if_closed(recommendation)
    recommendation.status = RecommendationStatus.CLOSED
    recommendation.closed_on = closed_on or timezone.localdate()
    recommendation.save(update_fields=["status", "closed_on", "updated_at"])
    _log_for(recommendation, kind=InspectionEventKind.CLOSED, actor=by, note=note.strip())
    return recommendation


@transaction.atomic
def recommendation_keep_open(*, recommendation: Recommendation, by: User, note: str) -> Recommendation:
    """The secretariat finds the unit's report insufficient: the recommendation stays open, with a reason."""
    if not note.strip():
        raise ValidationError({"note": _("Ghi lý do tiếp tục theo dõi kiến nghị.")})
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    if recommendation.status != RecommendationStatus.ANSWERED:
        raise ValidationError(_("Chỉ xem xét được kiến nghị mà đơn vị đã báo cáo."))
    recommendation.status = RecommendationStatus.OPEN
    recommendation.save(update_fields=["status", "updated_at"])
    _log_for(recommendation, kind=InspectionEventKind.KEPT_OPEN, actor=by, note=note.strip())
    return recommendation


@transaction.atomic
def recommendation_to_task(
    *, recommendation: Recommendation, plan: Plan, area: ReformArea, number: str, by: User
) -> Task:
    """Turn a recommendation into a task of a plan, led by the responsible unit, due by the
    recommendation's deadline; the two are linked (task.inspection_recommendation)."""
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    errors: dict[str, str] = {}
    if recommendation.task_id is not None:
        raise ValidationError(_("Kiến nghị đã được chuyển thành nhiệm vụ."))
    if Task.objects.filter(plan=plan, area=area, number=number).exists():
        errors["number"] = _("Lĩnh vực này của kế hoạch đã có nhiệm vụ số %(number)s.") % {"number": number}
    if errors:
        raise ValidationError(errors)
    task = task_create(
        plan=plan,
        area=area,
        number=number,
        content=recommendation.content,
        lead_unit=recommendation.responsible_unit,
        by=by,
        deadline=recommendation.deadline,
        deadline_text=format_date(recommendation.deadline),
    )
    recommendation.task = task
    recommendation.save(update_fields=["task", "updated_at"])
    _log_for(
        recommendation, kind=InspectionEventKind.TASK_CREATED, actor=by, note=f"{plan.number} {area.code}.{number}"
    )
    return task
