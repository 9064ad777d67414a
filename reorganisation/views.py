"""The reorganisation pages (docs/DOMAIN.md, "The 2025 reorganisation"): the unit catalogue
with its lineage and the list of reorganisations (leaders and the secretariat read), recording
one (the secretariat), its handover record, and undoing one recorded by mistake.

Unit people 403, others 404, as the dashboards (reports.views._require_dashboard_reader)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reports.views import _require_dashboard_reader

from . import selectors
from .forms import ReorganisationForm
from .models import Reorganisation
from .services import open_tasks_of, reorganisation_record, reorganisation_undo, reorganisation_undo_error

# Leaders and the secretariat read; unit people 403, others 404 (as the dashboards).
_require_reader = _require_dashboard_reader


def _require_secretariat(user) -> None:
    _require_reader(user)
    if not user.is_secretariat:
        raise PermissionDenied("Only the secretariat records a reorganisation")


@login_required
def catalogue(request: HttpRequest) -> HttpResponse:
    _require_reader(request.user)
    current, ceased = selectors.catalogue()
    context = {
        "current": current,
        "ceased": ceased,
        "reorganisations": selectors.reorganisations(),
        "can_record": request.user.is_secretariat,
        "nav": "reorganisation",
    }
    return render(request, "reorganisation/catalogue.html", context)


@login_required
def record(request: HttpRequest) -> HttpResponse:
    """GET: the form. POST: a split or a dissolution first shows one receiving-unit choice per
    open task; then (or at once for the other kinds) the service records it all."""
    _require_secretariat(request.user)
    if request.method != "POST":
        return render(request, "reorganisation/form.html", {"form": ReorganisationForm(), "nav": "reorganisation"})
    form = ReorganisationForm(request.POST)
    if form.is_valid() and form.needs_task_choices():
        tasks = open_tasks_of(list(form.cleaned_data["predecessors"]))
        receivers = form.receivers()
        chosen = all(ReorganisationForm.task_field(task) in request.POST for task in tasks)
        form = ReorganisationForm(request.POST if chosen else None, tasks=tasks, receivers=receivers)
        if not chosen:
            # The first pass: the same answers, now with a receiver to choose for each task.
            form = ReorganisationForm(initial=request.POST.dict(), tasks=tasks, receivers=receivers)
            form.initial.update(
                {
                    "predecessors": request.POST.getlist("predecessors"),
                    "other_successors": request.POST.getlist("other_successors"),
                }
            )
            context = {"form": form, "choosing": True, "nav": "reorganisation"}
            return render(request, "reorganisation/form.html", context)
    if form.is_valid():
        try:
            recorded = reorganisation_record(decision=form.decision(), by=request.user)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            reorganisation = recorded.reorganisation
            messages.success(
                request,
                _("Đã ghi nhận %(reorganisation)s; %(count)s nhiệm vụ đã bàn giao.")
                % {"reorganisation": reorganisation, "count": reorganisation.handed_tasks.count()},
            )
            if recorded.closings:
                messages.warning(
                    request,
                    _("Số liệu theo đơn vị của các kỳ đã chốt sau đây được điều chỉnh: %(closings)s.")
                    % {"closings": ", ".join(closing.identifier for closing in recorded.closings)},
                )
            return redirect("reorganisation:detail", pk=reorganisation.pk)
    return render(
        request, "reorganisation/form.html", {"form": form, "choosing": bool(form.tasks), "nav": "reorganisation"}
    )


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The handover record: the decision, every task, recommendation and account that moved."""
    _require_reader(request.user)
    reorganisation = get_object_or_404(selectors.reorganisations(), pk=pk)
    context = {
        "reorganisation": reorganisation,
        "tasks": reorganisation.handed_tasks.select_related("task__area", "task__plan", "from_unit", "to_unit"),
        "recommendations": reorganisation.handed_recommendations.select_related(
            "recommendation", "from_unit", "to_unit"
        ),
        "users": reorganisation.handed_users.select_related("user", "from_unit", "to_unit"),
        "undo_error": reorganisation_undo_error(reorganisation),
        "can_record": request.user.is_secretariat,
        "nav": "reorganisation",
    }
    return render(request, "reorganisation/detail.html", context)


@login_required
@require_POST
def undo(request: HttpRequest, pk: int) -> HttpResponse:
    _require_secretariat(request.user)
    reorganisation = get_object_or_404(Reorganisation, pk=pk)
    try:
        reorganisation_undo(reorganisation=reorganisation, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã hủy %(reorganisation)s.") % {"reorganisation": reorganisation})
    return redirect("reorganisation:detail", pk=reorganisation.pk)
