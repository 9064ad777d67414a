"""Thin views: access helper → form → one service call → redirect (post/redirect/get)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.uploads import attachment_response

from . import selectors, services
from .access import (
    can_manage_inspections,
    can_respond,
    get_inspection_for_user,
    get_inspection_plan_for_user,
    get_recommendation_for_user,
    get_response_for_user,
    reads_all_inspections,
    visible_inspection_plans,
    visible_inspections,
    visible_recommendations,
)
from .forms import (
    DecisionForm,
    InspectionPlanForm,
    KeepOpenForm,
    RecommendationForm,
    RescheduleForm,
    ResponseForm,
    ResultForm,
    ScheduleForm,
    ShortcomingForm,
    TeamForm,
    ToTaskForm,
)
from .models import InspectionTeam, RecommendationStatus


def _form_page(
    request: HttpRequest, form, *, title: str, back_url: str, breadcrumbs=(), files: bool = False
) -> HttpResponse:
    context = {"form": form, "title": title, "back_url": back_url, "breadcrumbs": breadcrumbs, "files": files}
    return render(request, "inspections/form.html", context)


def _apply(form, call) -> bool:
    """Run a service; its ValidationError lands on the form's fields. True when it succeeded."""
    try:
        call()
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True


def _require_reader(user) -> None:
    if not reads_all_inspections(user):
        raise Http404("Inspection plans are the steering committee's pages")


# ---------------------------------------------------------------- plans and teams


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    _require_reader(request.user)
    plans = selectors.plans_with_coverage(visible_inspection_plans(request.user))
    return render(
        request,
        "inspections/plan_list.html",
        {"plans": plans, "can_manage": can_manage_inspections(request.user)},
    )


@login_required
def plan_create(request: HttpRequest) -> HttpResponse:
    _require_reader(request.user)
    if not can_manage_inspections(request.user):
        raise PermissionDenied("Only the secretariat manages inspections")
    form = InspectionPlanForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        plan = None

        def create():
            nonlocal plan
            plan = services.inspection_plan_create(
                agency=data["agency"],
                year=data["year"],
                title=data["title"],
                number=data["number"],
                issued_on=data["issued_on"],
                subject_units=data["subject_units"],
                by=request.user,
            )

        if _apply(form, create):
            messages.success(request, _("Đã lập kế hoạch kiểm tra."))
            return redirect(plan)
    return _form_page(request, form, title=_("Lập kế hoạch kiểm tra"), back_url=reverse("inspections:plan_list"))


@login_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_inspection_plan_for_user(request.user, pk, manage=True)
    form = InspectionPlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _apply(
            form,
            lambda: services.inspection_plan_update(
                plan=plan,
                title=data["title"],
                number=data["number"],
                issued_on=data["issued_on"],
                subject_units=data["subject_units"],
                by=request.user,
            ),
        ):
            messages.success(request, _("Đã lưu kế hoạch kiểm tra."))
            return redirect(plan)
    return _form_page(request, form, title=_("Sửa kế hoạch kiểm tra"), back_url=plan.get_absolute_url())


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_inspection_plan_for_user(request.user, pk)
    teams_members = {
        team.pk: team
        for team in InspectionTeam.objects.filter(plan=plan).select_related("leader").prefetch_related("members")
    }
    cover = selectors.coverage(plan)
    for row in cover.teams:
        row.team.member_list = list(teams_members[row.team.pk].members.all())
    context = {
        "plan": plan,
        "coverage": cover,
        "schedule": selectors.plan_schedule(plan),
        "subject_units": plan.subject_units.order_by("order", "name"),
        "can_manage": can_manage_inspections(request.user),
        "today": timezone.localdate(),
    }
    return render(request, "inspections/plan_detail.html", context)


@login_required
def team_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_inspection_plan_for_user(request.user, pk, manage=True)
    form = TeamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _apply(
            form,
            lambda: services.team_create(
                plan=plan,
                name=data["name"],
                leader=data["leader"],
                leader_name=data["leader_name"],
                members=data["members"],
                external_members=data["external_members"],
                by=request.user,
            ),
        ):
            messages.success(request, _("Đã thành lập đoàn kiểm tra."))
            return redirect(plan)
    return _form_page(request, form, title=_("Thành lập đoàn kiểm tra"), back_url=plan.get_absolute_url())


@login_required
def team_edit(request: HttpRequest, pk: int) -> HttpResponse:
    team = InspectionTeam.objects.select_related("plan").filter(pk=pk).first()
    if team is None:
        raise Http404("No such team")
    plan = get_inspection_plan_for_user(request.user, team.plan_id, manage=True)
    form = TeamForm(request.POST or None, instance=team)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _apply(
            form,
            lambda: services.team_update(
                team=team,
                name=data["name"],
                leader=data["leader"],
                leader_name=data["leader_name"],
                members=data["members"],
                external_members=data["external_members"],
                by=request.user,
            ),
        ):
            messages.success(request, _("Đã lưu đoàn kiểm tra."))
            return redirect(plan)
    return _form_page(request, form, title=_("Sửa đoàn kiểm tra"), back_url=plan.get_absolute_url())


@login_required
def inspection_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_inspection_plan_for_user(request.user, pk, manage=True)
    form = ScheduleForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _apply(
            form,
            lambda: services.inspection_schedule(
                plan=plan,
                team=data["team"],
                unit=data["unit"],
                scheduled_start=data["scheduled_start"],
                scheduled_end=data["scheduled_end"],
                areas=data["areas"],
                by=request.user,
            ),
        ):
            messages.success(request, _("Đã lên lịch kiểm tra."))
            return redirect(plan)
    return _form_page(request, form, title=_("Lên lịch kiểm tra"), back_url=plan.get_absolute_url())


# ---------------------------------------------------------------- one inspection


def _render_inspection(
    request: HttpRequest, inspection, *, shortcoming_form=None, recommendation_form=None
) -> HttpResponse:
    manage = can_manage_inspections(request.user)
    context = {
        "inspection": inspection,
        **selectors.inspection_record(inspection),
        "can_manage": manage,
        "reads_all": reads_all_inspections(request.user),
        "today": timezone.localdate(),
    }
    if manage:
        context["shortcoming_form"] = shortcoming_form or ShortcomingForm(inspection=inspection)
        context["recommendation_form"] = recommendation_form or RecommendationForm(inspection=inspection)
    return render(request, "inspections/inspection_detail.html", context)


@login_required
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_inspection_for_user(request.user, pk)
    return _render_inspection(request, inspection)


@login_required
def inspection_reschedule(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_inspection_for_user(request.user, pk, manage=True)
    form = RescheduleForm(request.POST or None, inspection=inspection)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _apply(
            form,
            lambda: services.inspection_reschedule(
                inspection=inspection,
                team=data["team"],
                scheduled_start=data["scheduled_start"],
                scheduled_end=data["scheduled_end"],
                areas=data.get("areas", ()),
                by=request.user,
            ),
        ):
            messages.success(request, _("Đã đổi lịch kiểm tra."))
            return redirect(inspection)
    return _form_page(
        request,
        form,
        title=_("Đổi lịch kiểm tra: %(unit)s") % {"unit": inspection.unit.name},
        back_url=inspection.get_absolute_url(),
    )


@login_required
def inspection_result(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_inspection_for_user(request.user, pk, manage=True)
    form = ResultForm.for_inspection(inspection, request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _apply(
            form,
            lambda: services.inspection_record_result(
                inspection=inspection,
                actual_start=data["actual_start"],
                actual_end=data["actual_end"],
                areas=data["areas"],
                strengths=data["strengths"],
                minutes=data["minutes"] or None,
                by=request.user,
            ),
        ):
            messages.success(request, _("Đã ghi nhận kết quả kiểm tra."))
            return redirect(inspection)
    return _form_page(
        request,
        form,
        title=_("Kết quả kiểm tra: %(unit)s") % {"unit": inspection.unit.name},
        back_url=inspection.get_absolute_url(),
        files=True,
    )


@login_required
@require_POST
def shortcoming_add(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_inspection_for_user(request.user, pk, manage=True)
    form = ShortcomingForm(request.POST, inspection=inspection)
    if form.is_valid() and _apply(
        form,
        lambda: services.shortcoming_add(
            inspection=inspection, area=form.cleaned_data["area"], text=form.cleaned_data["text"], by=request.user
        ),
    ):
        messages.success(request, _("Đã ghi tồn tại, hạn chế."))
        return redirect(inspection)
    return _render_inspection(request, inspection, shortcoming_form=form)


@login_required
@require_POST
def recommendation_add(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_inspection_for_user(request.user, pk, manage=True)
    form = RecommendationForm(request.POST, inspection=inspection)
    if form.is_valid():
        data = form.cleaned_data
        if _apply(
            form,
            lambda: services.recommendation_add(
                inspection=inspection,
                area=data["area"],
                content=data["content"],
                deadline=data["deadline"],
                responsible_unit=data["responsible_unit"],
                by=request.user,
            ),
        ):
            messages.success(request, _("Đã thêm kiến nghị."))
            return redirect(inspection)
    return _render_inspection(request, inspection, recommendation_form=form)


@login_required
def minutes_download(request: HttpRequest, pk: int) -> FileResponse:
    inspection = get_inspection_for_user(request.user, pk)
    if not inspection.minutes:
        raise Http404("No minutes attached")
    return attachment_response(inspection.minutes, inspection.minutes_name or "bien-ban-kiem-tra")


# ---------------------------------------------------------------- recommendations and follow-up


def _render_recommendation(
    request: HttpRequest, recommendation, *, response_form=None, keep_open_form=None
) -> HttpResponse:
    user = request.user
    manage = can_manage_inspections(user)
    is_closed = recommendation.status == RecommendationStatus.CLOSED
    context = {
        "recommendation": recommendation,
        "inspection": recommendation.inspection,
        "responses": recommendation.responses.select_related("author"),
        "events": recommendation.events.select_related("actor"),
        "can_manage": manage,
        "can_respond": can_respond(user, recommendation) and not is_closed,
        "today": timezone.localdate(),
        "inspection_visible": visible_inspections(user).filter(pk=recommendation.inspection_id).exists(),
    }
    if context["can_respond"]:
        context["response_form"] = response_form or ResponseForm()
    if manage and not is_closed:
        context["close_form"] = DecisionForm()
        if recommendation.status == RecommendationStatus.ANSWERED:
            context["keep_open_form"] = keep_open_form or KeepOpenForm()
    return render(request, "inspections/recommendation_detail.html", context)


@login_required
def recommendation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = get_recommendation_for_user(request.user, pk)
    return _render_recommendation(request, recommendation)


@login_required
@require_POST
def recommendation_respond(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = get_recommendation_for_user(request.user, pk, respond=True)
    if recommendation.status == RecommendationStatus.CLOSED:
        messages.error(request, _("Kiến nghị đã được đóng."))
        return redirect(recommendation)
    form = ResponseForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        if _apply(
            form,
            lambda: services.recommendation_respond(
                recommendation=recommendation,
                note=data["note"],
                evidence=data["evidence"] or None,
                document_reference=data["document_reference"],
                by=request.user,
            ),
        ):
            messages.success(request, _("Đã gửi báo cáo khắc phục kiến nghị."))
            return redirect(recommendation)
    return _render_recommendation(request, recommendation, response_form=form)


@login_required
@require_POST
def recommendation_close(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = get_recommendation_for_user(request.user, pk, manage=True)
    form = DecisionForm(request.POST)
    form.is_valid()
    try:
        services.recommendation_close(recommendation=recommendation, note=form.cleaned_data["note"], by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã đóng kiến nghị."))
    if request.POST.get("next") == "follow_up":
        return redirect("inspections:follow_up")
    return redirect(recommendation)


@login_required
@require_POST
def recommendation_keep_open(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = get_recommendation_for_user(request.user, pk, manage=True)
    form = KeepOpenForm(request.POST)
    if form.is_valid():
        try:
            services.recommendation_keep_open(
                recommendation=recommendation, note=form.cleaned_data["note"], by=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Kiến nghị tiếp tục được theo dõi."))
        return redirect(recommendation)
    return _render_recommendation(request, recommendation, keep_open_form=form)


@login_required
def recommendation_to_task(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = get_recommendation_for_user(request.user, pk, manage=True)
    if recommendation.task_id is not None:
        messages.info(request, _("Kiến nghị đã được chuyển thành nhiệm vụ."))
        return redirect(recommendation)
    form = ToTaskForm(request.POST or None, recommendation=recommendation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _apply(
            form,
            lambda: services.recommendation_to_task(
                recommendation=recommendation,
                plan=data["plan"],
                area=data["area"],
                number=data["number"],
                by=request.user,
            ),
        ):
            messages.success(request, _("Đã chuyển kiến nghị thành nhiệm vụ của kế hoạch."))
            return redirect(recommendation)
    return _form_page(
        request, form, title=_("Chuyển kiến nghị thành nhiệm vụ"), back_url=recommendation.get_absolute_url()
    )


@login_required
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    response = get_response_for_user(request.user, pk)
    if not response.evidence:
        raise Http404("No evidence file")
    return attachment_response(response.evidence, response.evidence_name or "tai-lieu-kiem-chung")


@login_required
def follow_up(request: HttpRequest) -> HttpResponse:
    _require_reader(request.user)
    context = {
        "queue": selectors.follow_up_queue(visible_recommendations(request.user)),
        "can_manage": can_manage_inspections(request.user),
        "today": timezone.localdate(),
    }
    return render(request, "inspections/follow_up.html", context)


# ---------------------------------------------------------------- unit and leaders


@login_required
def unit_inspections(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.is_unit_member:
        raise Http404("Only a unit's people have a unit page")
    context = {
        "unit": user.unit,
        "inspections": selectors.unit_inspections(visible_inspections(user)),
        "recommendations": selectors.unit_open_recommendations(visible_recommendations(user)),
        "today": timezone.localdate(),
    }
    return render(request, "inspections/unit_inspections.html", context)


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    _require_reader(request.user)
    today = timezone.localdate()
    plans = visible_inspection_plans(request.user)
    years = sorted(set(plans.values_list("year", flat=True)), reverse=True)
    year_param = request.GET.get("year", "")
    year = int(year_param) if year_param.isdigit() else (years[0] if years else today.year)
    year_plans = selectors.plans_with_coverage(plans.filter(year=year))
    recommendations = visible_recommendations(request.user).filter(inspection__plan__year=year)
    context = {
        "year": year,
        "years": years,
        "plans": year_plans,
        "by_unit": selectors.recommendations_by_unit(recommendations, as_of=today),
        "by_area": selectors.recommendations_by_area(recommendations, as_of=today),
        "overdue": selectors.overdue_recommendations(recommendations, as_of=today),
        "today": today,
    }
    return render(request, "inspections/overview.html", context)
