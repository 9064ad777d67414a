"""Every write of the PAR INDEX (docs/DOMAIN.md, "PAR INDEX"): criteria sets imported or copied,
opened for assessment (which locks their rows), unit scores, appraisal and publication. Each
write records a ParEvent (the set's history) inside one transaction."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from cchc.formatting import format_date, points
from cchc.uploads import shorten_file_name, validate_document
from inspections.models import RecommendationResponse
from tasks.workflow_models import Evidence
from units.models import Unit

from . import scoring
from .imports import LEVELS, ParsedSet, normalise_stt, stt_key
from .models import (
    CriteriaSet,
    Criterion,
    EventKind,
    Level,
    ParEvent,
    ParEvidence,
    Score,
    ScoringKind,
    SetStatus,
    Submission,
)


def _event(
    criteria_set: CriteriaSet,
    kind: EventKind,
    by: User | None,
    *,
    unit: Unit | None = None,
    criterion: Criterion | None = None,
    detail: str = "",
) -> ParEvent:
    return ParEvent.objects.create(
        criteria_set=criteria_set, kind=kind, by=by, unit=unit, criterion=criterion, detail=detail
    )


def _require_secretariat(by: User) -> None:
    if not by.is_secretariat:
        raise PermissionDenied("Only the secretariat manages criteria sets")


def _check_not_published(criteria_set: CriteriaSet) -> None:
    """A published set is final: the council's decision stands, nothing is scored again."""
    if criteria_set.is_published:
        raise ValidationError(
            _("Kết quả đã công bố theo %(decision)s ngày %(date)s: không chấm lại được.")
            % {"decision": criteria_set.council_decision, "date": format_date(criteria_set.council_date)}
        )


def _check_new_set(agency: Unit, year: int, unit_kind: str) -> None:
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": _("Năm phải trong khoảng 2000–2100.")})
    if CriteriaSet.objects.filter(agency=agency, year=year, unit_kind=unit_kind).exists():
        raise ValidationError({"year": _("Đã có bộ tiêu chí của năm %(year)s cho loại đơn vị này.") % {"year": year}})


def criteria_set_import(
    *, agency: Unit, year: int, unit_kind: str, title: str, decision: str, parsed: ParsedSet, by: User
) -> CriteriaSet:
    """A draft set from a parsed workbook (parindex/imports.py). Nothing is saved when the
    workbook has any error."""
    _require_secretariat(by)
    if parsed.errors:
        raise ValidationError(parsed.errors)
    if not parsed.rows:
        raise ValidationError(_("Tệp không có dòng tiêu chí nào."))
    _check_new_set(agency, year, unit_kind)
    with transaction.atomic():
        criteria_set = CriteriaSet.objects.create(
            agency=agency, year=year, unit_kind=unit_kind, title=title, decision=decision
        )
        saved: dict[str, Criterion] = {}
        for order, row in enumerate(parsed.rows, start=1):
            saved[row.stt] = Criterion.objects.create(
                criteria_set=criteria_set,
                parent=saved[row.parent_stt] if row.parent_stt else None,
                level=row.level,
                stt=row.stt,
                content=row.content,
                max_points=row.max_points,
                method=row.method,
                evidence=row.evidence,
                evidence_required=bool(row.evidence),
                order=order,
            )
        _event(
            criteria_set,
            EventKind.IMPORTED,
            by,
            detail=_("%(rows)s dòng, tổng %(total)s điểm") % {"rows": len(parsed.rows), "total": points(parsed.total)},
        )
    return criteria_set


def criteria_set_copy(*, source: CriteriaSet, year: int, by: User) -> CriteriaSet:
    """Last year's set as this year's draft: same rows, rules, floors and assessed units."""
    _require_secretariat(by)
    _check_new_set(source.agency, year, source.unit_kind)
    with transaction.atomic():
        copy = CriteriaSet.objects.create(
            agency=source.agency,
            year=year,
            unit_kind=source.unit_kind,
            title=source.title,
            group_bounds=source.group_bounds,
            copied_from=source,
        )
        copy.units.set(source.units.all())
        new_ids: dict[int, Criterion] = {}
        for row in source.criteria.order_by("order", "pk"):
            old_pk = row.pk
            parent = new_ids[row.parent_id] if row.parent_id else None
            row.pk = None
            row.criteria_set = copy
            row.parent = parent
            row.save()
            new_ids[old_pk] = row
        _event(copy, EventKind.COPIED, by, detail=str(source))
    return copy


def criteria_set_open(*, criteria_set: CriteriaSet, by: User) -> CriteriaSet:
    """Start the self-assessment: the rows are locked from now on."""
    _require_secretariat(by)
    if criteria_set.status != SetStatus.DRAFT:
        raise ValidationError(_("Bộ tiêu chí đã mở đánh giá."))
    if not criteria_set.criteria.exists():
        raise ValidationError(_("Bộ tiêu chí chưa có tiêu chí nào."))
    criteria_set.status = SetStatus.ASSESSING
    criteria_set.save(update_fields=["status", "updated_at"])
    _event(criteria_set, EventKind.OPENED, by)
    return criteria_set


def criterion_set_rule(
    *, criterion: Criterion, kind: str, rule: str = "", bands: str = "", floor: Decimal | None = None, by: User
) -> Criterion:
    """How a row is scored (self, appraised only, survey, computed with its rule and bands) and,
    for an area, its floor. Only while the set is a draft."""
    _require_secretariat(by)
    if criterion.criteria_set.is_locked:
        raise ValidationError(_("Bộ tiêu chí đã khóa: đã bắt đầu đánh giá."))
    if kind == ScoringKind.COMPUTED and not rule:
        raise ValidationError({"rule": _("Chọn quy tắc tính cho tiêu chí tính từ dữ liệu.")})
    if bands:
        try:
            scoring.parse_bands(bands)
        except (ValueError, ArithmeticError):
            raise ValidationError({"bands": _("Mức điểm không đúng dạng (ví dụ 90:2; 70:1 hoặc 80:tl).")}) from None
    criterion.kind, criterion.rule, criterion.bands = kind, rule, bands
    if floor is not None:
        criterion.floor = floor
    criterion.save(update_fields=["kind", "rule", "bands", "floor"])
    return criterion


def _leaves_under(criterion: Criterion) -> list[Criterion]:
    rows = list(criterion.criteria_set.criteria.all())
    children: dict[int | None, list[Criterion]] = {}
    for row in rows:
        children.setdefault(row.parent_id, []).append(row)
    found, stack = [], [criterion]
    while stack:
        row = stack.pop()
        if row.pk in children:
            stack.extend(children[row.pk])
        else:
            found.append(row)
    return found


def score_not_applicable(*, criteria_set: CriteriaSet, unit: Unit, criterion: Criterion, value: bool, by: User) -> int:
    """Mark a row (an area: every row under it) "không áp dụng" for one unit, or undo it. The
    unit's maximum shrinks and its index is rescaled to 100. Returns the rows changed."""
    _require_secretariat(by)
    if criteria_set.is_published:
        raise ValidationError(_("Kết quả đã công bố."))
    if criterion.criteria_set_id != criteria_set.pk:
        raise ValidationError(_("Tiêu chí không thuộc bộ này."))
    leaves = _leaves_under(criterion)
    with transaction.atomic():
        for leaf in leaves:
            Score.objects.update_or_create(
                criteria_set=criteria_set, unit=unit, criterion=leaf, defaults={"not_applicable": value}
            )
        _event(
            criteria_set,
            EventKind.NOT_APPLICABLE,
            by,
            unit=unit,
            criterion=criterion,
            detail=_("Không áp dụng") if value else _("Áp dụng lại"),
        )
    return len(leaves)


def _check_range(criterion: Criterion, value: Decimal) -> None:
    low, high = sorted((Decimal(0), criterion.max_points))
    if not low <= value <= high:
        raise ValidationError(
            {"value": _("Điểm phải trong khoảng %(low)s đến %(high)s.") % {"low": points(low), "high": points(high)}}
        )


def _check_points(criterion: Criterion, value: Decimal) -> None:
    _check_range(criterion, value)
    if criterion.level != Level.SUB and criterion.children.exists():
        raise ValidationError(_("Chỉ chấm điểm ở tiêu chí không có tiêu chí thành phần."))


def score_self(
    *, criteria_set: CriteriaSet, unit: Unit, criterion: Criterion, value: Decimal, explanation: str, by: User
) -> Score:
    """The unit's own score for a row, with the explanation a missing evidence requires."""
    if not (by.is_secretariat or (by.unit_id == unit.pk and by.is_unit_member)):
        raise PermissionDenied("Only the unit scores itself")
    _check_not_published(criteria_set)
    if criteria_set.status != SetStatus.ASSESSING:
        raise ValidationError(_("Bộ tiêu chí không trong thời gian tự đánh giá."))
    if criterion.kind in (ScoringKind.SURVEY, ScoringKind.APPRAISED):
        raise ValidationError(_("Tiêu chí này không do đơn vị tự chấm."))
    if criterion.kind == ScoringKind.COMPUTED:
        raise ValidationError(
            _("Điểm tiêu chí này tính từ dữ liệu của hệ thống: nếu chưa đúng, gửi ý kiến để thẩm định.")
        )
    if Submission.objects.filter(criteria_set=criteria_set, unit=unit).exists():
        raise ValidationError(_("Đơn vị đã nộp tự đánh giá."))
    _check_points(criterion, value)
    if criterion.evidence_required and not explanation.strip():
        raise ValidationError({"explanation": _("Tiêu chí cần tài liệu kiểm chứng: ghi rõ giải trình cách chấm.")})
    with transaction.atomic():
        score, _created = Score.objects.select_for_update(of=("self",)).get_or_create(
            criteria_set=criteria_set, unit=unit, criterion=criterion
        )
        if score.not_applicable:
            raise ValidationError(_("Tiêu chí không áp dụng với đơn vị."))
        score.self_score, score.explanation = value, explanation.strip()
        score.save(update_fields=["self_score", "explanation", "updated_at"])
        _event(criteria_set, EventKind.SCORED, by, unit=unit, criterion=criterion, detail=points(value))
    return score


def score_appraise(
    *, criteria_set: CriteriaSet, unit: Unit, criterion: Criterion, value: Decimal, reason: str, by: User
) -> Score:
    """Sở Nội vụ's score for a row; a change from the unit's score needs a reason (shown to the unit)."""
    _require_secretariat(by)
    _check_not_published(criteria_set)
    if criteria_set.status not in (SetStatus.ASSESSING, SetStatus.APPRAISING):
        raise ValidationError(_("Bộ tiêu chí không trong thời gian thẩm định."))
    if criterion.kind == ScoringKind.SURVEY:
        raise ValidationError(_("Tiêu chí điều tra xã hội học được nhập từ kết quả điều tra."))
    _check_points(criterion, value)
    with transaction.atomic():
        score, _created = Score.objects.select_for_update(of=("self",)).get_or_create(
            criteria_set=criteria_set, unit=unit, criterion=criterion
        )
        if score.self_score is not None and value != score.self_score and not reason.strip():
            raise ValidationError({"reason": _("Ghi lý do điều chỉnh điểm tự đánh giá.")})
        score.appraised, score.appraisal_reason = value, reason.strip()
        score.save(update_fields=["appraised", "appraisal_reason", "updated_at"])
        _event(criteria_set, EventKind.APPRAISED, by, unit=unit, criterion=criterion, detail=points(value))
    return score


def score_survey(*, criteria_set: CriteriaSet, unit: Unit, criterion: Criterion, value: Decimal, by: User) -> Score:
    _require_secretariat(by)
    _check_not_published(criteria_set)
    if criterion.kind != ScoringKind.SURVEY:
        raise ValidationError(_("Tiêu chí không phải điều tra xã hội học."))
    _check_points(criterion, value)
    with transaction.atomic():
        score, _created = Score.objects.get_or_create(criteria_set=criteria_set, unit=unit, criterion=criterion)
        score.survey = value
        score.save(update_fields=["survey", "updated_at"])
        _event(criteria_set, EventKind.SURVEY, by, unit=unit, criterion=criterion, detail=points(value))
    return score


def criteria_set_publish(
    *,
    criteria_set: CriteriaSet,
    decision: str,
    date: datetime.date | None,
    by: User,
    file: UploadedFile | None = None,
) -> CriteriaSet:
    """The council's decision (number, date, optionally its scanned file) finalises and
    publishes the results."""
    _require_secretariat(by)
    if criteria_set.status == SetStatus.DRAFT:
        raise ValidationError(_("Bộ tiêu chí chưa mở đánh giá."))
    if criteria_set.is_published:
        raise ValidationError(_("Kết quả đã công bố."))
    if not decision.strip() or date is None:
        raise ValidationError(_("Nhập số và ngày quyết định công bố kết quả."))
    if file is not None:
        validate_document(file)
    with transaction.atomic():
        locked = CriteriaSet.objects.select_for_update().get(pk=criteria_set.pk)
        if locked.is_published:
            raise ValidationError(_("Kết quả đã công bố."))
        criteria_set.status = SetStatus.PUBLISHED
        criteria_set.council_decision, criteria_set.council_date = decision.strip(), date
        fields = ["status", "council_decision", "council_date", "updated_at"]
        if file is not None:
            criteria_set.council_file_name = shorten_file_name(file.name or "")
            criteria_set.council_file.save(file.name or "quyet-dinh", file, save=False)
            fields += ["council_file", "council_file_name"]
        criteria_set.save(update_fields=fields)
        _event(criteria_set, EventKind.PUBLISHED, by, detail=criteria_set.council_decision)
    return criteria_set


def scores_load(
    *,
    criteria_set: CriteriaSet,
    unit: Unit,
    scores: dict[int, dict[str, Decimal | bool | None]],
    by: User,
    detail: str = "",
) -> int:
    """Many rows of one unit's sheet at once ({row id: {"self_score": …, "appraised": …,
    "survey": …, "not_applicable": …}}): a survey spreadsheet, a published ranking entered
    afterwards, the demo. Each value is checked against its row's maximum; nothing is saved
    when one is out of range. One history entry."""
    _require_secretariat(by)
    _check_not_published(criteria_set)
    rows = {row.pk: row for row in criteria_set.criteria.filter(pk__in=list(scores))}
    if len(rows) != len(scores):
        raise ValidationError(_("Tiêu chí không thuộc bộ này."))
    if criteria_set.criteria.filter(parent__in=list(rows)).exists():
        raise ValidationError(_("Chỉ chấm điểm ở tiêu chí không có tiêu chí thành phần."))
    fields = ("self_score", "appraised", "survey", "not_applicable")
    for pk, values in scores.items():
        for name in ("self_score", "appraised", "survey"):
            value = values.get(name)
            if isinstance(value, Decimal):
                _check_range(rows[pk], value)
    with transaction.atomic():
        existing = {
            s.criterion_id: s
            for s in Score.objects.select_for_update(of=("self",)).filter(criteria_set=criteria_set, unit=unit)
        }
        new: list[Score] = []
        changed: list[Score] = []
        for pk, values in scores.items():
            score = existing.get(pk) or Score(criteria_set=criteria_set, unit=unit, criterion_id=pk)
            for name in fields:
                if name in values:
                    setattr(score, name, values[name])
            (changed if score.pk else new).append(score)
        Score.objects.bulk_create(new)
        Score.objects.bulk_update(changed, fields)
        _event(criteria_set, EventKind.SCORED, by, unit=unit, detail=detail or _("%(n)s dòng") % {"n": len(scores)})
    return len(scores)


def score_respond(*, criteria_set: CriteriaSet, unit: Unit, criterion: Criterion, text: str, by: User) -> Score:
    """The unit's word on a row, once: disputing a computed score (the appraiser decides), or
    answering the appraiser's change."""
    if not (by.unit_id == unit.pk and by.is_unit_member):
        raise PermissionDenied("Only the unit answers for itself")
    _check_not_published(criteria_set)
    if criteria_set.status not in (SetStatus.ASSESSING, SetStatus.APPRAISING):
        raise ValidationError(_("Bộ tiêu chí không trong thời gian thẩm định."))
    if not text.strip():
        raise ValidationError({"text": _("Nhập ý kiến của đơn vị.")})
    with transaction.atomic():
        score, _created = Score.objects.select_for_update(of=("self",)).get_or_create(
            criteria_set=criteria_set, unit=unit, criterion=criterion
        )
        changed = score.appraised is not None and score.appraised != score.self_score
        if criterion.kind != ScoringKind.COMPUTED and not changed:
            raise ValidationError(_("Chỉ gửi ý kiến về điểm tính từ dữ liệu hoặc điểm đã bị điều chỉnh khi thẩm định."))
        if score.response:
            raise ValidationError(_("Đơn vị đã gửi ý kiến về tiêu chí này."))
        score.response = text.strip()
        score.save(update_fields=["response", "updated_at"])
        _event(criteria_set, EventKind.RESPONDED, by, unit=unit, criterion=criterion, detail=score.response[:200])
    return score


def assessment_submit(*, criteria_set: CriteriaSet, unit: Unit, by: User, at: datetime.datetime) -> Submission:
    """The unit head sends the self-assessment; after the set's deadline it is recorded late."""
    if not (by.is_unit_head and by.unit_id == unit.pk):
        raise PermissionDenied("Only the unit head submits")
    if criteria_set.status != SetStatus.ASSESSING:
        raise ValidationError(_("Bộ tiêu chí không trong thời gian tự đánh giá."))
    with transaction.atomic():
        if Submission.objects.select_for_update().filter(criteria_set=criteria_set, unit=unit).exists():
            raise ValidationError(_("Đơn vị đã nộp tự đánh giá."))
        deadline = criteria_set.self_deadline
        late = deadline is not None and timezone.localdate(at) > deadline
        submission = Submission.objects.create(
            criteria_set=criteria_set, unit=unit, submitted_at=at, submitted_by=by, late=late
        )
        _event(criteria_set, EventKind.SUBMITTED, by, unit=unit, detail=_("Nộp muộn") if late else "")
    return submission


def survey_import(*, criteria_set: CriteriaSet, values: dict[str, dict[str, Decimal]], by: User) -> int:
    """Survey scores per unit code and row STT (parindex/imports.py parse_survey), all or
    nothing. Returns the scores saved."""
    _require_secretariat(by)
    _check_not_published(criteria_set)
    if criteria_set.status not in (SetStatus.ASSESSING, SetStatus.APPRAISING):
        raise ValidationError(_("Bộ tiêu chí không trong thời gian thẩm định."))
    rows = {r.stt: r for r in criteria_set.criteria.filter(kind=ScoringKind.SURVEY)}
    units = {u.code: u for u in Unit.objects.filter(code__in=list(values))}
    count = 0
    with transaction.atomic():
        for code, by_stt in values.items():
            if code not in units or any(stt not in rows for stt in by_stt):
                raise ValidationError(_("Tiêu chí không phải điều tra xã hội học."))
            count += scores_load(
                criteria_set=criteria_set,
                unit=units[code],
                scores={rows[stt].pk: {"survey": value} for stt, value in by_stt.items()},
                by=by,
                detail=_("Kết quả điều tra XHH: %(n)s tiêu chí") % {"n": len(by_stt)},
            )
    return count


def _check_own_or_secretariat(unit: Unit, by: User) -> None:
    if not (by.is_secretariat or (by.unit_id == unit.pk and by.is_unit_member)):
        raise PermissionDenied("Only the unit documents its own sheet")


def evidence_add(
    *,
    criteria_set: CriteriaSet,
    unit: Unit,
    criterion: Criterion,
    by: User,
    upload: UploadedFile | None = None,
    task_evidence: Evidence | None = None,
    inspection_response: RecommendationResponse | None = None,
) -> ParEvidence:
    """A document for one row of the unit's sheet: a new file (validated as every evidence
    upload, cchc/uploads.py), or a reference to a file the unit already has — evidence of a
    task it leads, or its response to an inspection recommendation. Locked once submitted."""
    _check_own_or_secretariat(unit, by)
    _check_not_published(criteria_set)
    if criteria_set.status != SetStatus.ASSESSING:
        raise ValidationError(_("Bộ tiêu chí không trong thời gian tự đánh giá."))
    if criterion.criteria_set_id != criteria_set.pk or criterion.children.exists():
        raise ValidationError(_("Chỉ gắn tài liệu ở tiêu chí không có tiêu chí thành phần."))
    sources = [s for s in (upload, task_evidence, inspection_response) if s is not None]
    if len(sources) != 1:
        raise ValidationError(_("Chọn một tệp để tải lên hoặc một tài liệu đơn vị đã có."))
    if task_evidence is not None and (task_evidence.task.lead_unit_id != unit.pk or not task_evidence.file):
        raise ValidationError(_("Tài liệu không thuộc đơn vị."))
    if inspection_response is not None and (
        inspection_response.recommendation.responsible_unit_id != unit.pk or not inspection_response.evidence
    ):
        raise ValidationError(_("Tài liệu không thuộc đơn vị."))
    if upload is not None:
        validate_document(upload)
    with transaction.atomic():
        if Submission.objects.select_for_update().filter(criteria_set=criteria_set, unit=unit).exists():
            raise ValidationError(_("Đơn vị đã nộp tự đánh giá: tài liệu kiểm chứng đã khóa."))
        same = ParEvidence.objects.filter(criteria_set=criteria_set, unit=unit, criterion=criterion)
        if (task_evidence is not None and same.filter(task_evidence=task_evidence).exists()) or (
            inspection_response is not None and same.filter(inspection_response=inspection_response).exists()
        ):
            raise ValidationError(_("Tài liệu này đã được gắn với tiêu chí."))
        document = ParEvidence(
            criteria_set=criteria_set,
            unit=unit,
            criterion=criterion,
            task_evidence=task_evidence,
            inspection_response=inspection_response,
            added_by=by,
        )
        if upload is not None:
            document.original_name = shorten_file_name(upload.name or "")
            document.file.save(upload.name or "tai-lieu", upload, save=False)
        document.save()
        _event(criteria_set, EventKind.EVIDENCE, by, unit=unit, criterion=criterion, detail=document.name)
    return document


def _accept(score: Score) -> bool:
    if score.not_applicable or score.self_score is None:
        return False
    score.appraised, score.appraisal_reason = score.self_score, ""
    return True


def score_accept(*, criteria_set: CriteriaSet, unit: Unit, criterion: Criterion, by: User) -> Score:
    """The appraiser agrees with the unit: its self score becomes the appraised score."""
    _require_secretariat(by)
    _check_not_published(criteria_set)
    if criteria_set.status not in (SetStatus.ASSESSING, SetStatus.APPRAISING):
        raise ValidationError(_("Bộ tiêu chí không trong thời gian thẩm định."))
    with transaction.atomic():
        score = (
            Score.objects.select_for_update(of=("self",))
            .filter(criteria_set=criteria_set, unit=unit, criterion=criterion)
            .first()
        )
        if score is None or not _accept(score):
            raise ValidationError(_("Đơn vị chưa tự chấm tiêu chí %(stt)s.") % {"stt": criterion.stt})
        score.save(update_fields=["appraised", "appraisal_reason", "updated_at"])
        _event(criteria_set, EventKind.ACCEPTED, by, unit=unit, criterion=criterion, detail=points(score.appraised))
    return score


def scores_accept_remaining(*, criteria_set: CriteriaSet, unit: Unit, by: User) -> int:
    """Every row the unit scored and the appraiser has not yet: accepted as scored. One
    history entry with the count. Returns the rows accepted."""
    _require_secretariat(by)
    _check_not_published(criteria_set)
    if criteria_set.status not in (SetStatus.ASSESSING, SetStatus.APPRAISING):
        raise ValidationError(_("Bộ tiêu chí không trong thời gian thẩm định."))
    with transaction.atomic():
        remaining = [
            score
            for score in Score.objects.select_for_update(of=("self",)).filter(
                criteria_set=criteria_set, unit=unit, appraised__isnull=True
            )
            if _accept(score)
        ]
        if not remaining:
            raise ValidationError(_("Không còn tiêu chí nào chờ thẩm định."))
        Score.objects.bulk_update(remaining, ["appraised", "appraisal_reason"])
        _event(
            criteria_set,
            EventKind.ACCEPTED,
            by,
            unit=unit,
            detail=_("Chấp nhận %(n)s tiêu chí còn lại") % {"n": len(remaining)},
        )
    return len(remaining)


def _check_draft(criteria_set: CriteriaSet) -> None:
    """Rows change only while the set is a draft: refused once published or once opened."""
    _check_not_published(criteria_set)
    if criteria_set.is_locked:
        raise ValidationError(_("Bộ tiêu chí đã khóa: đã bắt đầu đánh giá."))


def _check_parent_sums(criteria_set: CriteriaSet, parent_ids: list[int]) -> None:
    """The import's rule (parindex/imports.py _check_sums) on the saved rows, in the order
    given: a row with children carries the sum of its children's maximums, deductions aside."""
    found = criteria_set.criteria.in_bulk(parent_ids)
    for row in (found[pk] for pk in parent_ids if pk in found):
        children = [c.max_points for c in criteria_set.criteria.filter(parent=row)]
        if not children:
            continue
        total = sum((m for m in children if m > 0), Decimal(0))
        if total != row.max_points:
            raise ValidationError(
                _("Điểm tối đa của %(stt)s là %(max)s nhưng các dòng thành phần cộng lại %(sum)s.")
                % {"stt": row.stt, "max": points(row.max_points), "sum": points(total)}
            )


def criterion_edit(
    *,
    criterion: Criterion,
    content: str,
    max_points: Decimal,
    method: str,
    evidence: str,
    evidence_required: bool,
    kind: str,
    by: User,
) -> Criterion:
    """One row of a draft set changed in the browser. Its parent's maximum (and its own, when
    it has children) must still be the sum of the rows under it; nothing is saved otherwise."""
    _require_secretariat(by)
    criteria_set = criterion.criteria_set
    _check_draft(criteria_set)
    if not content.strip():
        raise ValidationError({"content": _("Nhập nội dung tiêu chí.")})
    if kind == ScoringKind.COMPUTED and not criterion.rule:
        raise ValidationError({"kind": _("Chọn quy tắc tính cho tiêu chí tính từ dữ liệu.")})
    before = points(criterion.max_points)
    with transaction.atomic():
        CriteriaSet.objects.select_for_update().get(pk=criteria_set.pk)
        criterion.content, criterion.max_points = content.strip(), max_points
        criterion.method, criterion.evidence = method.strip(), evidence.strip()
        criterion.evidence_required, criterion.kind = evidence_required, kind
        criterion.save(update_fields=["content", "max_points", "method", "evidence", "evidence_required", "kind"])
        _check_parent_sums(criteria_set, [criterion.pk, *([criterion.parent_id] if criterion.parent_id else [])])
        detail = criterion.stt
        if before != points(max_points):
            detail = _("%(stt)s: điểm tối đa %(before)s → %(after)s") % {
                "stt": criterion.stt,
                "before": before,
                "after": points(max_points),
            }
        _event(criteria_set, EventKind.ROW_EDITED, by, criterion=criterion, detail=detail)
    return criterion


def criterion_delete(*, criterion: Criterion, by: User) -> None:
    """A row of a draft set removed: only a row without rows under it and without scores or
    documents, and only when its parent's maximum is still the sum of the rows left."""
    _require_secretariat(by)
    criteria_set = criterion.criteria_set
    _check_draft(criteria_set)
    if criterion.children.exists():
        raise ValidationError(
            _("Tiêu chí %(stt)s còn các dòng thành phần: xóa các dòng đó trước.") % {"stt": criterion.stt}
        )
    if criterion.scores.exists() or criterion.documents.exists():
        raise ValidationError(
            _("Tiêu chí %(stt)s đã có điểm hoặc tài liệu kiểm chứng: không xóa được.") % {"stt": criterion.stt}
        )
    with transaction.atomic():
        CriteriaSet.objects.select_for_update().get(pk=criteria_set.pk)
        stt, parent_id = criterion.stt, criterion.parent_id
        criterion.delete()
        if parent_id:
            _check_parent_sums(criteria_set, [parent_id])
        # The row is gone, so the history names it by its STT and content.
        _event(criteria_set, EventKind.ROW_DELETED, by, detail=f"{stt}. {criterion.content[:150]}")


def _check_all_sums(criteria_set: CriteriaSet) -> None:
    """The import's sum rule over every row of the set at once, so a change that moves points
    between rows is judged on where it ends, not step by step. Every broken sum is named."""
    rows = list(criteria_set.criteria.order_by("order", "pk").only("pk", "parent_id", "stt", "max_points"))
    sums: dict[int, Decimal] = {}
    for row in rows:
        if row.parent_id is not None:
            sums[row.parent_id] = sums.get(row.parent_id, Decimal(0)) + max(row.max_points, Decimal(0))
    problems = [
        _("Điểm tối đa của %(stt)s là %(max)s nhưng các dòng thành phần cộng lại %(sum)s.")
        % {"stt": row.stt, "max": points(row.max_points), "sum": points(sums[row.pk])}
        for row in rows
        if row.pk in sums and sums[row.pk] != row.max_points
    ]
    if problems:
        raise ValidationError(problems)


def _check_maximum(value: Decimal) -> None:
    if not value.is_finite() or abs(value) > 1000 or value != value.quantize(Decimal("0.01")):
        raise ValidationError(_("Nhập điểm là một số, ví dụ 0,5 hoặc 0,25."))


def _set_maxima(criteria_set: CriteriaSet, rows: list[Criterion], maxima: dict[int, Decimal], by: User) -> int:
    """New maximums for some of `rows` (a parent and its direct rows), one history entry per
    row that changes. The caller checks the sums once everything is saved."""
    allowed = {row.pk for row in rows}
    if set(maxima) - allowed:
        raise ValidationError(_("Chỉ phân bổ lại điểm giữa một dòng và các dòng thành phần trực tiếp của nó."))
    changed = 0
    for row in rows:
        if row.pk not in maxima or maxima[row.pk] == row.max_points:
            continue
        _check_maximum(maxima[row.pk])
        before = points(row.max_points)
        row.max_points = maxima[row.pk]
        row.save(update_fields=["max_points"])
        detail = _("%(stt)s: điểm tối đa %(before)s → %(after)s") % {
            "stt": row.stt,
            "before": before,
            "after": points(row.max_points),
        }
        _event(criteria_set, EventKind.ROW_EDITED, by, criterion=row, detail=detail)
        changed += 1
    return changed


def _family(parent: Criterion) -> list[Criterion]:
    """A parent row and its direct rows, read again inside the caller's transaction."""
    return [Criterion.objects.get(pk=parent.pk), *parent.children.order_by("order", "pk")]


def criterion_points_reallocate(*, parent: Criterion, maxima: dict[int, Decimal], by: User) -> int:
    """Move points between a parent row and its direct rows in one save (moving 0,25 from
    1.1.2 to 1.1.3 breaks a sum if each change is checked alone). `maxima` maps row ids (the
    parent's and its rows') to their new maximums; the sums of the whole set are checked once
    at the end, and nothing is saved if any is broken. Returns the number of rows changed."""
    _require_secretariat(by)
    criteria_set = parent.criteria_set
    _check_draft(criteria_set)
    with transaction.atomic():
        CriteriaSet.objects.select_for_update().get(pk=criteria_set.pk)
        changed = _set_maxima(criteria_set, _family(parent), maxima, by)
        _check_all_sums(criteria_set)
    return changed


def _check_new_stt(criteria_set: CriteriaSet, parent: Criterion | None, typed: str) -> str:
    """The STT of a new row: well formed, one level under its parent (a row under 1.1 is
    1.1.x), and not already in the set."""
    stt = normalise_stt(typed)
    if stt is None or any(part != str(int(part)) or int(part) == 0 for part in stt.split(".")):
        message = _("STT “%(stt)s” không đúng dạng (ví dụ I, 1, 1.1 hoặc 1.1.4).") % {"stt": typed}
        raise ValidationError({"stt": message})
    if parent is None and "." in stt:
        raise ValidationError(
            {"stt": _("Dòng lĩnh vực có STT là một số (ví dụ 1 hoặc I), không phải %(stt)s.") % {"stt": stt}}
        )
    if parent is not None and stt.rsplit(".", 1)[0] != parent.stt:
        raise ValidationError(
            {
                "stt": _("Dòng dưới %(parent)s phải có STT dạng %(parent)s.x (ví dụ %(parent)s.1), không phải %(stt)s.")
                % {"parent": parent.stt, "stt": stt}
            }
        )
    if criteria_set.criteria.filter(stt=stt).exists():
        raise ValidationError({"stt": _("STT %(stt)s đã có trong bộ tiêu chí.") % {"stt": stt}})
    return stt


def criterion_add(
    *,
    criteria_set: CriteriaSet,
    parent: Criterion | None,
    stt: str,
    content: str,
    max_points: Decimal,
    method: str,
    evidence: str,
    evidence_required: bool,
    kind: str,
    maxima: dict[int, Decimal] | None = None,
    by: User,
) -> Criterion:
    """A new row of a draft set: an area (no parent) or a row under `parent`, placed among its
    siblings by STT read as numbers. `maxima` changes the parent's and the siblings' maximums in
    the same save, so a 0,25 row can be added under a full parent by taking the 0,25 from a
    sibling. A leaf without scores may receive rows: it becomes a parent, and its maximum must
    then be its rows' sum. The sums of the whole set are checked at the end; nothing is saved if
    any is broken."""
    _require_secretariat(by)
    _check_draft(criteria_set)
    if parent is not None and parent.criteria_set_id != criteria_set.pk:
        raise ValidationError(_("Tiêu chí không thuộc bộ này."))
    depth = 1 if parent is None else parent.stt.count(".") + 2
    if depth not in LEVELS:
        raise ValidationError(
            _("%(stt)s là tiêu chí thành phần: bộ tiêu chí chỉ có ba cấp, không thêm dòng dưới nó được.")
            % {"stt": parent.stt if parent else ""}
        )
    if not content.strip():
        raise ValidationError({"content": _("Nhập nội dung tiêu chí.")})
    if kind == ScoringKind.COMPUTED:
        raise ValidationError({"kind": _("Chọn quy tắc tính cho tiêu chí tính từ dữ liệu.")})
    _check_maximum(max_points)
    with transaction.atomic():
        CriteriaSet.objects.select_for_update().get(pk=criteria_set.pk)
        stt = _check_new_stt(criteria_set, parent, stt)
        if parent is not None:
            if not parent.children.exists() and (parent.scores.exists() or parent.documents.exists()):
                raise ValidationError(
                    _("Tiêu chí %(stt)s đã có điểm hoặc tài liệu kiểm chứng: không thêm dòng thành phần được.")
                    % {"stt": parent.stt}
                )
            _set_maxima(criteria_set, _family(parent), maxima or {}, by)
        elif maxima:
            raise ValidationError(_("Chỉ phân bổ lại điểm giữa một dòng và các dòng thành phần trực tiếp của nó."))
        row = Criterion.objects.create(
            criteria_set=criteria_set,
            parent=parent,
            level=LEVELS[depth],
            stt=stt,
            content=content.strip(),
            max_points=max_points,
            method=method.strip(),
            evidence=evidence.strip(),
            evidence_required=evidence_required,
            kind=kind,
        )
        _renumber(criteria_set)
        _check_all_sums(criteria_set)
        _event(
            criteria_set,
            EventKind.ROW_ADDED,
            by,
            criterion=row,
            detail=_("Thêm dòng %(stt)s (%(points)s điểm)") % {"stt": stt, "points": points(max_points)},
        )
    return row


def _renumber(criteria_set: CriteriaSet) -> None:
    """Rows in the order of their STT read as numbers (an area, then its rows depth first)."""
    rows = sorted(criteria_set.criteria.only("pk", "stt", "order"), key=lambda r: stt_key(r.stt))
    moved = []
    for order, row in enumerate(rows, start=1):
        if row.order != order:
            row.order = order
            moved.append(row)
    Criterion.objects.bulk_update(moved, ["order"])
