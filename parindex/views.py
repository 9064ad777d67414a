"""Thin views of the PAR INDEX: access helper → form → one service call → redirect."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cchc.formatting import format_date, points
from cchc.uploads import attachment_response
from inspections.models import RecommendationResponse
from tasks.workflow_models import Evidence
from units.models import Unit

from . import exports, selectors, services
from .access import can_manage, get_set_for_user, get_sheet_unit_for_user, reads_all, require_results_reader
from .forms import (
    AcceptAllForm,
    AppraiseForm,
    CopyForm,
    CouncilForm,
    CriteriaSetImportForm,
    CriterionAddForm,
    CriterionForm,
    EvidenceForm,
    MaximaForm,
    ResponseForm,
    SelfScoreForm,
    SurveyImportForm,
)
from .imports import parse_survey, parse_workbook
from .models import CriteriaSet, Criterion, Level, ParEvidence, SetStatus, Submission

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _errors(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def set_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not (reads_all(user) or user.is_unit_member):
        raise Http404("No PAR INDEX for this user")
    return render(
        request,
        "parindex/set_list.html",
        {"sets": CriteriaSet.objects.select_related("agency"), "can_manage": can_manage(user), "nav": "parindex"},
    )


@login_required
def set_import(request: HttpRequest) -> HttpResponse:
    if not can_manage(request.user):
        raise PermissionDenied("Only the secretariat imports criteria sets")
    form = CriteriaSetImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        parsed = parse_workbook(data["file"])
        try:
            criteria_set = services.criteria_set_import(
                agency=data["agency"],
                year=data["year"],
                unit_kind=data["unit_kind"],
                title=data["title"],
                decision=data["decision"],
                parsed=parsed,
                by=request.user,
            )
        except ValidationError as error:
            problems = _errors(error)
        else:
            messages.success(request, _("Đã nhập bộ tiêu chí (%(n)s dòng).") % {"n": len(parsed.rows)})
            return redirect("parindex:set_detail", pk=criteria_set.pk)
    return render(request, "parindex/set_import.html", {"form": form, "problems": problems, "nav": "parindex"})


@login_required
@require_GET
def set_detail(request: HttpRequest, pk: int) -> HttpResponse:
    criteria_set = get_set_for_user(request.user, pk)
    rows = list(criteria_set.criteria.order_by("order"))
    units = list(selectors.assessed_units(criteria_set))
    own = request.user.unit_id if request.user.is_unit_member else None
    return render(
        request,
        "parindex/set_detail.html",
        {
            "set": criteria_set,
            "rows": rows,
            "units": units,
            "own_unit": next((u for u in units if u.pk == own), None),
            "can_manage": can_manage(request.user),
            "can_edit_rows": can_manage(request.user) and not criteria_set.is_locked,
            "parent_ids": {row.parent_id for row in rows},
            "sees_results": reads_all(request.user) or criteria_set.is_published,
            "copy_form": CopyForm(initial={"year": criteria_set.year + 1}),
            "events": criteria_set.events.select_related("by", "unit").order_by("-at", "-id")[:20],
            "nav": "parindex",
        },
    )


@login_required
@require_POST
def set_copy(request: HttpRequest, pk: int) -> HttpResponse:
    criteria_set = get_set_for_user(request.user, pk, manage=True)
    form = CopyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Năm của bộ mới phải trong khoảng 2000–2100."))
        return redirect("parindex:set_detail", pk=pk)
    try:
        copy = services.criteria_set_copy(source=criteria_set, year=form.cleaned_data["year"], by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(_errors(error)))
        return redirect("parindex:set_detail", pk=pk)
    messages.success(request, _("Đã sao bộ tiêu chí thành dự thảo năm %(year)s.") % {"year": copy.year})
    return redirect("parindex:set_detail", pk=copy.pk)


@login_required
@require_POST
def set_open(request: HttpRequest, pk: int) -> HttpResponse:
    criteria_set = get_set_for_user(request.user, pk, manage=True)
    try:
        services.criteria_set_open(criteria_set=criteria_set, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(_errors(error)))
    else:
        messages.success(request, _("Đã mở tự đánh giá; bộ tiêu chí đã khóa."))
    return redirect("parindex:set_detail", pk=pk)


def _draft_row(request: HttpRequest, pk: int, criterion_pk: int) -> tuple[CriteriaSet, Criterion]:
    criteria_set = get_set_for_user(request.user, pk, manage=True)
    return criteria_set, _row_for(criteria_set, criterion_pk)


@login_required
def criterion_edit(request: HttpRequest, pk: int, criterion_pk: int) -> HttpResponse:
    """Edit one row of a draft set; a locked or published set sends back to its page."""
    criteria_set, criterion = _draft_row(request, pk, criterion_pk)
    if criteria_set.is_locked:
        messages.error(request, _("Bộ tiêu chí đã khóa: đã bắt đầu đánh giá."))
        return redirect("parindex:set_detail", pk=pk)
    initial = {
        "content": criterion.content,
        "max_points": points(criterion.max_points),
        "method": criterion.method,
        "evidence": criterion.evidence,
        "evidence_required": criterion.evidence_required,
        "kind": criterion.kind,
    }
    form = CriterionForm(request.POST or None, initial=initial)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            services.criterion_edit(criterion=criterion, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            problems = _errors(error)
        else:
            messages.success(request, _("Đã sửa tiêu chí %(stt)s.") % {"stt": criterion.stt})
            return redirect("parindex:set_detail", pk=pk)
    return render(
        request,
        "parindex/criterion_form.html",
        {"set": criteria_set, "row": criterion, "form": form, "problems": problems, "nav": "parindex"},
    )


def _locked(request: HttpRequest, criteria_set: CriteriaSet) -> HttpResponse | None:
    if not criteria_set.is_locked:
        return None
    messages.error(request, _("Bộ tiêu chí đã khóa: đã bắt đầu đánh giá."))
    return redirect("parindex:set_detail", pk=criteria_set.pk)


@login_required
def criterion_add(request: HttpRequest, pk: int, criterion_pk: int | None = None) -> HttpResponse:
    """A new area (no parent) or a new row under one, with the parent's and the siblings'
    maximums in the same form so the new row's points can be taken from them in one save."""
    criteria_set = get_set_for_user(request.user, pk, manage=True)
    parent = _row_for(criteria_set, criterion_pk) if criterion_pk is not None else None
    if refused := _locked(request, criteria_set):
        return refused
    if parent is not None and parent.level == Level.SUB:
        messages.error(request, _("Bộ tiêu chí chỉ có ba cấp: không thêm dòng dưới tiêu chí thành phần được."))
        return redirect("parindex:set_detail", pk=pk)
    family = [parent, *parent.children.order_by("order", "pk")] if parent is not None else []
    initial = {"stt": selectors.next_stt(criteria_set, parent), "kind": "self"}
    if parent is not None and len(family) == 1:
        initial["max_points"] = points(parent.max_points)  # a leaf's points pass to its first row
    form = CriterionAddForm(request.POST or None, initial=initial, rows=family)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            row = services.criterion_add(
                criteria_set=criteria_set, parent=parent, maxima=form.maxima(), by=request.user, **form.row_data()
            )
        except ValidationError as error:
            problems = _errors(error)
        else:
            messages.success(request, _("Đã thêm dòng %(stt)s.") % {"stt": row.stt})
            return redirect("parindex:set_detail", pk=pk)
    return render(
        request,
        "parindex/criterion_add.html",
        {"set": criteria_set, "parent": parent, "form": form, "problems": problems, "nav": "parindex"},
    )


@login_required
def criterion_points(request: HttpRequest, pk: int, criterion_pk: int) -> HttpResponse:
    """Phân bổ lại điểm: a parent's maximum and its rows' maximums changed in one save."""
    criteria_set, parent = _draft_row(request, pk, criterion_pk)
    if refused := _locked(request, criteria_set):
        return refused
    children = list(parent.children.order_by("order", "pk"))
    if not children:
        messages.error(request, _("Tiêu chí %(stt)s không có dòng thành phần.") % {"stt": parent.stt})
        return redirect("parindex:set_detail", pk=pk)
    form = MaximaForm(request.POST or None, rows=[parent, *children])
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.criterion_points_reallocate(parent=parent, maxima=form.maxima(), by=request.user)
        except ValidationError as error:
            problems = _errors(error)
        else:
            messages.success(
                request,
                _("Đã phân bổ lại điểm của %(stt)s: %(n)s dòng thay đổi.") % {"stt": parent.stt, "n": changed},
            )
            return redirect("parindex:set_detail", pk=pk)
    return render(
        request,
        "parindex/criterion_points.html",
        {"set": criteria_set, "parent": parent, "form": form, "problems": problems, "nav": "parindex"},
    )


@login_required
@require_POST
def criterion_delete(request: HttpRequest, pk: int, criterion_pk: int) -> HttpResponse:
    _set, criterion = _draft_row(request, pk, criterion_pk)
    stt = criterion.stt
    try:
        services.criterion_delete(criterion=criterion, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(_errors(error)))
    else:
        messages.success(request, _("Đã xóa tiêu chí %(stt)s.") % {"stt": stt})
    return redirect("parindex:set_detail", pk=pk)


@login_required
@require_GET
def results_page(request: HttpRequest, pk: int) -> HttpResponse:
    criteria_set = get_set_for_user(request.user, pk)
    require_results_reader(request.user, criteria_set)
    data = selectors.results(criteria_set, today=timezone.localdate())
    return render(request, "parindex/results.html", {"set": criteria_set, "data": data, "nav": "parindex"})


@login_required
@require_GET
def results_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    criteria_set = get_set_for_user(request.user, pk)
    require_results_reader(request.user, criteria_set)
    data = selectors.results(criteria_set, today=timezone.localdate())
    return _xlsx(exports.ranking_xlsx(data), f"xep-hang-chi-so-cchc-{criteria_set.year}.xlsx")


@login_required
@require_GET
def sheet_page(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    criteria_set = get_set_for_user(request.user, pk)
    unit = get_sheet_unit_for_user(request.user, criteria_set, unit_pk)
    sheet = selectors.unit_sheet(criteria_set, unit, today=timezone.localdate())
    user = request.user
    own = user.is_unit_member and user.unit_id == unit.pk
    submission = Submission.objects.filter(criteria_set=criteria_set, unit=unit).first()
    assessing = criteria_set.status == "assessing"
    can_document = assessing and submission is None and (own or can_manage(user))
    return render(
        request,
        "parindex/sheet.html",
        {
            "set": criteria_set,
            "unit": unit,
            "sheet": sheet,
            "lost": sheet.lost()[:10],
            "progress": sheet.progress(),
            "submission": submission,
            "can_score": assessing and submission is None and (own or can_manage(user)),
            "can_appraise": criteria_set.status in ("assessing", "appraising") and can_manage(user),
            "can_respond": criteria_set.status in ("assessing", "appraising") and own,
            "can_submit": assessing and submission is None and own and user.is_unit_head,
            "can_document": can_document,
            "documents": selectors.unit_documents(unit) if can_document else [],
            "nav": "parindex",
        },
    )


def _row_for(criteria_set: CriteriaSet, criterion_pk: int) -> Criterion:
    try:
        return criteria_set.criteria.get(pk=criterion_pk)
    except Criterion.DoesNotExist:
        raise Http404("No such row in this set") from None


def _back(pk: int, unit_pk: int, criterion: Criterion | None = None) -> HttpResponse:
    response = redirect("parindex:sheet", pk=pk, unit_pk=unit_pk)
    if criterion is not None:
        response["Location"] += f"#row-{criterion.pk}"
    return response


def _form_errors(form) -> str:
    return " ".join(str(m) for errors in form.errors.values() for m in errors)


def _row_action(
    request: HttpRequest,
    pk: int,
    unit_pk: int,
    criterion_pk: int,
    *,
    may: Callable[[Any, Unit], bool],
    form_class: type[forms.Form],
    call: Callable[..., object],
    done: str,
) -> HttpResponse:
    """One row of a unit's sheet changed: access (404 unseen, 403 not allowed) → form → one
    service call with the form's data → message → back to the row."""
    criteria_set = get_set_for_user(request.user, pk)
    unit = get_sheet_unit_for_user(request.user, criteria_set, unit_pk)
    if not may(request.user, unit):
        raise PermissionDenied("Not allowed on this sheet")
    criterion = _row_for(criteria_set, criterion_pk)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return _back(pk, unit_pk, criterion)
    try:
        call(criteria_set=criteria_set, unit=unit, criterion=criterion, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(_errors(error)))
    else:
        messages.success(request, done % {"stt": criterion.stt})
    return _back(pk, unit_pk, criterion)


def _own_unit(user, unit: Unit) -> bool:
    return user.is_unit_member and user.unit_id == unit.pk


def _appraiser(user, unit: Unit) -> bool:
    return can_manage(user)


@login_required
@require_POST
def score_self(request: HttpRequest, pk: int, unit_pk: int, criterion_pk: int) -> HttpResponse:
    return _row_action(
        request,
        pk,
        unit_pk,
        criterion_pk,
        may=lambda user, unit: can_manage(user) or _own_unit(user, unit),
        form_class=SelfScoreForm,
        call=services.score_self,
        done=_("Đã lưu điểm tự đánh giá tiêu chí %(stt)s."),
    )


@login_required
@require_POST
def appraise(request: HttpRequest, pk: int, unit_pk: int, criterion_pk: int) -> HttpResponse:
    return _row_action(
        request,
        pk,
        unit_pk,
        criterion_pk,
        may=_appraiser,
        form_class=AppraiseForm,
        call=services.score_appraise,
        done=_("Đã lưu điểm thẩm định tiêu chí %(stt)s."),
    )


@login_required
@require_POST
def respond(request: HttpRequest, pk: int, unit_pk: int, criterion_pk: int) -> HttpResponse:
    return _row_action(
        request,
        pk,
        unit_pk,
        criterion_pk,
        may=_own_unit,
        form_class=ResponseForm,
        call=services.score_respond,
        done=_("Đã gửi ý kiến về tiêu chí %(stt)s."),
    )


@login_required
@require_POST
def submit(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    criteria_set = get_set_for_user(request.user, pk)
    unit = get_sheet_unit_for_user(request.user, criteria_set, unit_pk)
    user = request.user
    if not (user.is_unit_head and user.unit_id == unit.pk):
        raise PermissionDenied("Only the unit head submits")
    try:
        submission = services.assessment_submit(criteria_set=criteria_set, unit=unit, by=user, at=timezone.now())
    except ValidationError as error:
        messages.error(request, " ".join(_errors(error)))
    else:
        if submission.late:
            messages.warning(
                request,
                _("Đã nộp tự đánh giá sau hạn %(d)s: ghi nhận nộp muộn.")
                % {"d": format_date(criteria_set.self_deadline)},
            )
        else:
            messages.success(request, _("Đã nộp tự đánh giá."))
    return _back(pk, unit_pk)


@login_required
@require_GET
def sheet_xlsx(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    criteria_set = get_set_for_user(request.user, pk)
    unit = get_sheet_unit_for_user(request.user, criteria_set, unit_pk)
    sheet = selectors.unit_sheet(criteria_set, unit, today=timezone.localdate())
    return _xlsx(exports.sheet_xlsx(sheet), f"phieu-cham-{unit.code}-{criteria_set.year}.xlsx")


@login_required
def survey_import(request: HttpRequest, pk: int) -> HttpResponse:
    criteria_set = get_set_for_user(request.user, pk, manage=True)
    form = SurveyImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        parsed = parse_survey(
            form.cleaned_data["file"],
            stts=set(criteria_set.criteria.filter(kind="survey").values_list("stt", flat=True)),
            codes={u.code for u in selectors.assessed_units(criteria_set)},
        )
        problems = parsed.errors
        if not problems:
            try:
                count = services.survey_import(criteria_set=criteria_set, values=parsed.values, by=request.user)
            except ValidationError as error:
                problems = _errors(error)
            else:
                messages.success(request, _("Đã nhập %(n)s điểm điều tra xã hội học.") % {"n": count})
                return redirect("parindex:set_detail", pk=pk)
    return render(
        request,
        "parindex/survey_import.html",
        {"set": criteria_set, "form": form, "problems": problems, "nav": "parindex"},
    )


@login_required
@require_POST
def accept(request: HttpRequest, pk: int, unit_pk: int, criterion_pk: int) -> HttpResponse:
    return _row_action(
        request,
        pk,
        unit_pk,
        criterion_pk,
        may=_appraiser,
        form_class=forms.Form,
        call=services.score_accept,
        done=_("Đã chấp nhận điểm tự đánh giá tiêu chí %(stt)s."),
    )


@login_required
@require_POST
def accept_all(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    criteria_set = get_set_for_user(request.user, pk, manage=True)
    unit = get_sheet_unit_for_user(request.user, criteria_set, unit_pk)
    form = AcceptAllForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return _back(pk, unit_pk)
    try:
        count = services.scores_accept_remaining(criteria_set=criteria_set, unit=unit, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(_errors(error)))
    else:
        messages.success(request, _("Đã chấp nhận điểm tự đánh giá của %(n)s tiêu chí.") % {"n": count})
    return _back(pk, unit_pk)


def _chosen_document(key: str, unit: Unit) -> dict[str, object]:
    """The service's argument for a document picked from the unit's list ("t12", "i5")."""
    kind, number = key[:1], key[1:]
    if not number.isdigit():
        return {}
    if kind == "t":
        found = Evidence.objects.filter(pk=int(number), task__lead_unit=unit).select_related("task").first()
        return {"task_evidence": found} if found else {}
    if kind == "i":
        response = (
            RecommendationResponse.objects.filter(pk=int(number), recommendation__responsible_unit=unit)
            .select_related("recommendation")
            .first()
        )
        return {"inspection_response": response} if response else {}
    return {}


@login_required
@require_POST
def evidence_add(request: HttpRequest, pk: int, unit_pk: int, criterion_pk: int) -> HttpResponse:
    criteria_set = get_set_for_user(request.user, pk)
    unit = get_sheet_unit_for_user(request.user, criteria_set, unit_pk)
    if not (can_manage(request.user) or _own_unit(request.user, unit)):
        raise PermissionDenied("Not allowed on this sheet")
    criterion = _row_for(criteria_set, criterion_pk)
    form = EvidenceForm(request.POST, request.FILES, documents=selectors.unit_documents(unit))
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return _back(pk, unit_pk, criterion)
    source: dict[str, Any] = (
        {"upload": form.cleaned_data["file"]}
        if form.cleaned_data["file"]
        else _chosen_document(form.cleaned_data["document"], unit)
    )
    try:
        services.evidence_add(criteria_set=criteria_set, unit=unit, criterion=criterion, by=request.user, **source)
    except ValidationError as error:
        messages.error(request, " ".join(_errors(error)))
    else:
        messages.success(request, _("Đã gắn tài liệu kiểm chứng cho tiêu chí %(stt)s.") % {"stt": criterion.stt})
    return _back(pk, unit_pk, criterion)


@login_required
@require_GET
def evidence_download(request: HttpRequest, pk: int, unit_pk: int, evidence_pk: int) -> FileResponse:
    """A unit's evidence: its own people until published, then everyone who reads results;
    appraisers and leaders always (parindex/access.py)."""
    criteria_set = get_set_for_user(request.user, pk)
    unit = get_sheet_unit_for_user(request.user, criteria_set, unit_pk)
    document = (
        ParEvidence.objects.filter(criteria_set=criteria_set, unit=unit, pk=evidence_pk)
        .select_related("task_evidence", "inspection_response")
        .first()
    )
    if document is None or not document.stored:
        raise Http404("No such evidence")
    return attachment_response(document.stored, document.name or "tai-lieu-kiem-chung")


@login_required
def council(request: HttpRequest, pk: int) -> HttpResponse:
    """The secretariat records the council's decision and publishes the results."""
    criteria_set = get_set_for_user(request.user, pk, manage=True)
    form = CouncilForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.criteria_set_publish(
                criteria_set=criteria_set,
                decision=data["decision"],
                date=data["date"],
                file=data["file"] or None,
                by=request.user,
            )
        except ValidationError as error:
            problems = _errors(error)
        else:
            messages.success(request, _("Đã công bố kết quả chỉ số CCHC năm %(year)s.") % {"year": criteria_set.year})
            return redirect("parindex:results", pk=pk)
    return render(
        request,
        "parindex/council.html",
        {
            "set": criteria_set,
            "form": form,
            "problems": problems,
            "can_publish": criteria_set.status in (SetStatus.ASSESSING, SetStatus.APPRAISING),
            "nav": "parindex",
        },
    )


@login_required
@require_GET
def council_file(request: HttpRequest, pk: int) -> FileResponse:
    criteria_set = get_set_for_user(request.user, pk)
    require_results_reader(request.user, criteria_set)
    if not criteria_set.council_file:
        raise Http404("No decision file")
    return attachment_response(criteria_set.council_file, criteria_set.council_file_name or "quyet-dinh")
