"""Task pages: the unit's task list, a task with its timeline, and one view per workflow
action (report progress, contribute, request an extension, approve, confirm, return)."""

from __future__ import annotations

from csp.decorators import csp_replace
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from cchc.formatting import short_date
from cchc.pagination import query_without_page
from cchc.uploads import attachment_response, inline_response
from plans.access import can_edit_plan
from tasks.access import (
    can_approve_for_unit,
    can_change_task,
    can_contribute,
    can_decide,
    get_extension_for_user,
    get_report_for_user,
    get_task_for_user,
    visible_plans,
    visible_tasks,
)

from . import rollup, selectors, services, worklists
from .closed_periods import changes_to_closed_periods, closed_period_confirmation
from .forms import (
    BulkConfirmForm,
    ContributionForm,
    ExtensionForm,
    NoteForm,
    ProgressForm,
    QueueFilterForm,
    ReasonForm,
    RollupReportForm,
    UnitTaskFilterForm,
)
from .models import SILENT_AFTER_DAYS, TaskStatus
from .rules import REPORTABLE_STATUSES
from .workflow_models import CompletionReport, Evidence, ExtensionRequest, ReportStatus


def _apply(form, action) -> bool:
    """Run a service; its ValidationError becomes the form's field errors."""
    try:
        action()
    except ValidationError as exc:
        form.add_error(None, exc)
        return False
    return True


def _list_rows(tasks, unit_id: int, today) -> list:
    """The unit's tasks with what each row shows, worked out once per page rather than per row
    in the template (a unit lists up to a few hundred): the task's link (one reverse() for
    all), whether it is overdue today, whether the unit leads it, the day of its last update."""
    tasks = list(tasks)
    before, _zero, after = reverse("tasks:detail", args=[0]).rpartition("0")  # "/tasks/", "0", "/"
    for task in tasks:
        task.list_url = f"{before}{task.pk}{after}"
        task.overdue_now = task.is_overdue(today)
        task.led = task.lead_unit_id == unit_id
        task.updated_on = short_date(timezone.localtime(task.last_update)) if task.last_update else ""
    return tasks


WORKLIST_PAGE_SIZE = 50
QUEUE_PAGE_SIZE = 50


def _with_age(reports: list, today) -> list:
    """Each report's `age`: whole days it has waited since it was sent (0: sent today)."""
    for report in reports:
        report.age = (today - timezone.localdate(report.submitted_at)).days
    return reports


@login_required
def my_tasks(request: HttpRequest) -> HttpResponse:
    """ "Nhiệm vụ của đơn vị": what the user's unit leads or coordinates as a work list — what
    needs doing now first ("Cần xử lý": returned, overdue, due soon, not started, and for the
    head the reports waiting for approval), then work in progress, completed tasks last and
    folded (tasks/worklists.py)."""
    if not request.user.is_unit_member:
        raise Http404("Only a unit's people have a unit task list")
    user = request.user
    today = timezone.localdate()
    form = UnitTaskFilterForm(request.GET or None, plans=visible_plans(user).order_by("-year", "number"))
    filters = form.cleaned_data if form.is_valid() else {}
    filtered = any(value not in (None, "") for value in filters.values())
    counts = worklists.unit_worklist_counts(user.unit, today=today)
    paginator = Paginator(worklists.unit_worklist(user.unit, today=today, **filters), WORKLIST_PAGE_SIZE)
    if not filtered:
        # Unfiltered, the list is every task the unit leads or coordinates: counted already.
        paginator.count = counts.led + counts.coordinated  # type: ignore[misc]
    page = paginator.get_page(request.GET.get("page"))
    rows = _list_rows(page.object_list, user.unit_id, today)
    sections = {bucket.rank: bucket for bucket in worklists.buckets(head=user.is_unit_head)}
    groups: list[dict] = []
    for task in rows:
        bucket = sections[task.bucket_rank]
        if (
            not groups
            or groups[-1]["bucket"].attention != bucket.attention
            or (not bucket.attention and groups[-1]["bucket"].rank != bucket.rank)
        ):
            groups.append({"bucket": bucket, "tasks": []})
        task.bucket = bucket
        groups[-1]["tasks"].append(task)
    approvals = worklists.head_approvals(user.unit) if user.is_unit_head else None
    waiting = _with_age(list(approvals[:5]), today) if approvals is not None else None
    context = {
        "form": form,
        "page": page,
        "groups": groups,
        "tasks": rows,
        "filtered": filtered,
        "query": query_without_page(request),
        "counts": counts,
        "approvals": waiting,
        "approvals_count": approvals.count() if approvals is not None else 0,
        "today": today,
        "nav": "my_tasks",
    }
    return render(request, "tasks/my_tasks.html", context)


@login_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_task_for_user(request.user, pk)
    user = request.user
    parts = rollup.derived_rollup(task)
    can_report = can_change_task(user, task) and task.status in REPORTABLE_STATUSES
    parent = task.parent_task
    open_report = selectors.open_report(task)
    context = {
        "task": task,
        "coordinating_units": task.coordinating_units.all(),
        "parent_task": task.parent_task,
        "derived_tasks": visible_tasks(user).filter(parent_task=task).select_related("plan", "lead_unit"),
        "timeline": selectors.task_timeline(task),
        "open_report": open_report,
        "pending_extension": task.extension_requests.filter(status="pending").first(),
        # A returned task reported again (waiting for the head) shows the new report, not the
        # old return: one state at a time.
        "last_return": None if open_report else selectors.last_return(task),
        "can_change": can_change_task(user, task),
        "can_report": can_report,
        # The units' parts of an agency task (tasks/rollup.py) and, once all are done, the
        # lead unit's offer to report the agency task completed with their evidence.
        "rollup": parts,
        "offer_rollup_report": bool(parts and parts.all_done and can_report and not selectors.open_report(task)),
        "parent_ready": bool(
            parent
            and can_change_task(user, parent)
            and parent.status in REPORTABLE_STATUSES
            and (parent_parts := rollup.derived_rollup(parent)) is not None
            and parent_parts.all_done
        ),
        "can_contribute": can_contribute(user, task),
        "can_edit_plan": can_edit_plan(user, task.plan),  # the plan editor (planning/editor_views.py)
        "can_decide": can_decide(user),
        "can_approve": can_approve_for_unit(user, task),
        "undoable_report": worklists.confirmed_today(task) if can_decide(user) else None,
        "today": timezone.localdate(),
    }
    return render(request, "tasks/task_detail.html", context)


@login_required
def task_update(request: HttpRequest, pk: int) -> HttpResponse:
    """The lead unit reports progress or completion, with evidence. Optimistic locking: the
    form carries the version it was loaded at, and a stale save shows what changed."""
    task = get_task_for_user(request.user, pk, write=True)
    conflict = None
    if request.method == "POST":
        form = ProgressForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                saved = _apply(
                    form,
                    lambda: services.task_report_progress(
                        task=task,
                        by=request.user,
                        loaded_version=data["version"],
                        status=data["status"],
                        progress=data["progress"],
                        note=data["note"],
                        completed_on=data["completed_on"],
                        evidence=form.evidence(),
                    ),
                )
            except services.TaskConflict as exc:
                task.refresh_from_db()
                conflict = selectors.changes_since(task, exc.loaded_version)
                # Keep what they typed; the new version lets them save it on purpose.
                data = request.POST.copy()
                data["version"] = task.version
                form = ProgressForm(data)
                form.is_valid()
            else:
                if saved:
                    report = selectors.open_report(task) if data["status"] == "completed" else None
                    if report is not None and report.status == ReportStatus.AWAITING_HEAD:
                        messages.success(request, _("Đã gửi báo cáo hoàn thành; báo cáo chờ lãnh đạo đơn vị duyệt."))
                    elif data["status"] == "completed":
                        messages.success(request, _("Đã gửi báo cáo hoàn thành. Nhiệm vụ chờ xác nhận."))
                    else:
                        messages.success(request, _("Đã cập nhật tiến độ."))
                    return redirect(task)
    else:
        initial_status = task.status if task.status in ("not_started", "in_progress") else "in_progress"
        form = ProgressForm(initial={"version": task.version, "status": initial_status, "progress": task.progress})
    context = {
        "task": task,
        "form": form,
        "conflict": conflict,
        "last_return": selectors.last_return(task),
        "today": timezone.localdate(),
    }
    return render(request, "tasks/task_update.html", context, status=409 if conflict else 200)


@login_required
def task_report_from_units(request: HttpRequest, pk: int) -> HttpResponse:
    """Every unit has finished its part of an agency task: its lead unit reports the task
    completed, with the parts' evidence attached (copies) and the last part's completion date."""
    task = get_task_for_user(request.user, pk, write=True)
    parts = rollup.derived_rollup(task)
    if not (parts and parts.all_done and task.status in REPORTABLE_STATUSES):
        raise PermissionDenied("The units' parts are not all completed, or the task cannot be reported")
    evidence = rollup.derived_evidence(task)
    summary = "\n".join(
        f"- {part.lead_unit.name}: {part.plan.number} · {part.number}. {part.content}" for part in parts.derived
    )
    initial = {
        "version": task.version,
        "completed_on": parts.completed_on,
        "note": _("Các đơn vị đã hoàn thành phần việc triển khai nhiệm vụ:") + "\n" + summary,
    }
    form = RollupReportForm(request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = _apply(
                form,
                lambda: services.task_report_progress(
                    task=task,
                    by=request.user,
                    loaded_version=data["version"],
                    status=TaskStatus.COMPLETED,
                    progress=100,
                    note=data["note"],
                    completed_on=data["completed_on"],
                    evidence=services.EvidenceInput(copies=tuple(evidence)),
                ),
            )
        except services.TaskConflict as exc:
            task.refresh_from_db()
            conflict = selectors.changes_since(task, exc.loaded_version)
            form = RollupReportForm({**request.POST.dict(), "version": task.version})
            form.is_valid()
        else:
            if saved:
                messages.success(request, _("Đã gửi báo cáo hoàn thành. Nhiệm vụ chờ xác nhận."))
                return redirect(task)
    context = {"task": task, "form": form, "rollup": parts, "evidence": evidence, "conflict": conflict}
    return render(request, "tasks/report_from_units.html", context, status=409 if conflict else 200)


@login_required
def task_contribute(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_task_for_user(request.user, pk)
    if not can_contribute(request.user, task):
        raise PermissionDenied("Only a coordinating unit contributes")
    form = ContributionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        done = _apply(
            form,
            lambda: services.task_contribute(
                task=task, by=request.user, note=form.cleaned_data["note"], evidence=form.evidence()
            ),
        )
        if done:
            messages.success(request, _("Đã gửi nội dung phối hợp."))
            return redirect(task)
    return render(request, "tasks/task_contribute.html", {"task": task, "form": form})


@login_required
def task_extension(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_task_for_user(request.user, pk, write=True)
    form = ExtensionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = _apply(
            form,
            lambda: services.extension_request(
                task=task,
                by=request.user,
                requested_deadline=form.cleaned_data["requested_deadline"],
                reason=form.cleaned_data["reason"],
            ),
        )
        if done:
            messages.success(request, _("Đã gửi đề nghị gia hạn."))
            return redirect(task)
    return render(request, "tasks/task_extension.html", {"task": task, "form": form})


# ---------------------------------------------------------------- queues


@login_required
def secretariat_queue(request: HttpRequest) -> HttpResponse:
    """The secretariat's work list: what waits (how many, since when), the units with the most
    overdue tasks, then the completion reports waiting for confirmation, oldest first, with
    their evidence, filtered and searched, to confirm one by one or several at once; and the
    extension requests waiting for a decision."""
    if not can_decide(request.user):
        raise PermissionDenied("The secretariat's queue")
    today = timezone.localdate()
    form = QueueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    kind = filters.get("kind", "")
    reports = worklists.secretariat_queue_reports(
        today=today,
        unit=filters.get("unit"),
        area=filters.get("area"),
        older_than=int(filters["age"]) if filters.get("age") else None,
        search=filters.get("q", ""),
    )
    # A page at a time: nationally thousands of reports wait, and one page of all of them with
    # their evidence was 13.6 MB and 7 s (issue 22's load run).
    summary = worklists.secretariat_summary(today=today)
    filtered = any(value not in (None, "") for value in filters.values())
    page = None
    if kind != "extensions":
        paginator = Paginator(reports, QUEUE_PAGE_SIZE)
        if not filtered:  # every waiting report: counted by the summary already
            paginator.count = summary.queue_size  # type: ignore[misc]
        page = paginator.get_page(request.GET.get("page"))
    extensions = selectors.pending_extensions()
    if filters.get("unit") is not None:
        extensions = extensions.filter(task__lead_unit=filters["unit"])
    if filters.get("area") is not None:
        extensions = extensions.filter(task__area=filters["area"])
    shown_extensions = list(extensions[: QUEUE_PAGE_SIZE + 1]) if kind != "reports" else []
    more_extensions = extensions.count() - QUEUE_PAGE_SIZE if len(shown_extensions) > QUEUE_PAGE_SIZE else 0
    context = {
        "form": form,
        "filtered": filtered,
        "summary": summary,
        "silent_days": SILENT_AFTER_DAYS,
        "reports": _with_age(list(page.object_list), today) if page is not None else None,
        "page": page,
        "query": query_without_page(request),
        "extensions": shown_extensions[:QUEUE_PAGE_SIZE] if kind != "reports" else None,
        "extensions_more": more_extensions,
        "today": today,
        "nav": "queue",
    }
    return render(request, "tasks/queue.html", context)


@login_required
@require_POST
def reports_confirm_bulk(request: HttpRequest) -> HttpResponse:
    """Confirm several reports of the queue at once, after one confirmation step: the first post
    (the queue's checkboxes) shows what will be confirmed; the second confirms each report
    through services.report_confirm, as one click on each would."""
    if not can_decide(request.user):
        raise PermissionDenied("Only the secretariat confirms")
    waiting = selectors.reports_awaiting_secretariat()
    form = BulkConfirmForm(request.POST, report_ids=list(waiting.values_list("pk", flat=True)))
    if not form.is_valid():
        messages.error(request, _("Chọn ít nhất một báo cáo đang chờ xác nhận."))
        return redirect("tasks:queue")
    chosen = list(waiting.filter(pk__in=form.cleaned_data["reports"]))
    if not form.cleaned_data["confirmed"]:
        # The confirmation page also says which closed periods' figures the batch would change.
        def confirm_each() -> None:
            for report in CompletionReport.objects.filter(pk__in=[r.pk for r in chosen]).order_by("pk"):
                try:
                    services.report_confirm(report=report, by=request.user)
                except ValidationError:
                    continue  # the real confirmation reports it

        changes = changes_to_closed_periods([report.task for report in chosen], confirm_each)
        return render(request, "tasks/queue_confirm.html", {"reports": chosen, "changes": changes, "nav": "queue"})
    confirmed, failed = [], []
    for report in chosen:
        try:
            task = services.report_confirm(report=report, by=request.user)
        except ValidationError as exc:
            failed.append(f"{report.task.area.code}.{report.task.number}: {' '.join(exc.messages)}")
        else:
            confirmed.append(f"{task.area.code}.{task.number}")
    if confirmed:
        messages.success(
            request,
            _("Đã xác nhận hoàn thành %(count)s nhiệm vụ: %(tasks)s.")
            % {"count": len(confirmed), "tasks": ", ".join(confirmed)},
        )
    for failure in failed:
        messages.error(request, failure)
    return redirect("tasks:queue")


@login_required
def head_queue(request: HttpRequest) -> HttpResponse:
    if not request.user.is_unit_head:
        raise PermissionDenied("The unit head's queue")
    today = timezone.localdate()
    context = {
        "reports": _with_age(list(selectors.reports_awaiting_head(request.user.unit)), today),
        "today": today,
        "nav": "approvals",
    }
    return render(request, "tasks/head_queue.html", context)


# ---------------------------------------------------------------- decisions


@login_required
@require_POST
def report_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_user(request.user, pk, decide=True)
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    warning = closed_period_confirmation(
        request,
        [report.task],
        lambda: services.report_confirm(report=CompletionReport.objects.get(pk=report.pk), by=request.user, note=note),
        title=_("Xác nhận hoàn thành nhiệm vụ %(n)s") % {"n": f"{report.task.area.code}.{report.task.number}"},
        cancel_url=reverse("tasks:queue"),
    )
    if warning is not None:
        return warning
    try:
        task = services.report_confirm(report=report, by=request.user, note=note)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Đã xác nhận hoàn thành nhiệm vụ %(n)s.") % {"n": f"{task.area.code}.{task.number}"}
        )
    return redirect("tasks:queue")


def _decide_with_reason(request: HttpRequest, *, task, decide, title, done_message, back_to, **context) -> HttpResponse:
    """The pages that refuse or return something: a required reason, one service call."""
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _apply(form, lambda: decide(form.cleaned_data["reason"])):
        messages.success(request, done_message)
        return redirect(back_to)
    return render(request, "tasks/reason_form.html", {"task": task, "form": form, "title": title, **context})


@login_required
def report_return(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_user(request.user, pk, decide=True)
    return _decide_with_reason(
        request,
        task=report.task,
        report=report,
        decide=lambda reason: services.report_return(report=report, by=request.user, reason=reason),
        title=_("Trả lại báo cáo hoàn thành"),
        done_message=_("Đã trả lại báo cáo cho đơn vị."),
        back_to="tasks:queue",
    )


@login_required
def report_confirm_undo(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw today's confirmation of a report, with a reason (services.report_confirm_undo)."""
    report = get_report_for_user(request.user, pk, decide=True)
    return _decide_with_reason(
        request,
        task=report.task,
        report=report,
        decide=lambda reason: services.report_confirm_undo(report=report, by=request.user, reason=reason),
        title=_("Hủy xác nhận hoàn thành"),
        done_message=_("Đã hủy xác nhận; báo cáo trở lại hàng chờ xác nhận."),
        back_to=report.task.get_absolute_url(),
    )


@login_required
@require_POST
def report_approve(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_user(request.user, pk, approve=True)
    try:
        services.report_head_approve(report=report, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã duyệt, báo cáo đã gửi thường trực."))
    return redirect("tasks:approvals")


@login_required
def report_reject(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_user(request.user, pk, approve=True)
    return _decide_with_reason(
        request,
        task=report.task,
        report=report,
        decide=lambda reason: services.report_head_reject(report=report, by=request.user, reason=reason),
        title=_("Không duyệt báo cáo hoàn thành"),
        done_message=_("Đã không duyệt báo cáo; cán bộ sẽ thấy lý do."),
        back_to="tasks:approvals",
    )


@login_required
@require_POST
def extension_approve(request: HttpRequest, pk: int) -> HttpResponse:
    extension = get_extension_for_user(request.user, pk, decide=True)
    warning = closed_period_confirmation(
        request,
        [extension.task],
        lambda: services.extension_approve(request=ExtensionRequest.objects.get(pk=extension.pk), by=request.user),
        title=_("Đồng ý gia hạn nhiệm vụ %(n)s") % {"n": f"{extension.task.area.code}.{extension.task.number}"},
        cancel_url=reverse("tasks:queue"),
    )
    if warning is not None:
        return warning
    try:
        services.extension_approve(request=extension, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã đồng ý gia hạn."))
    return redirect("tasks:queue")


@login_required
def extension_refuse(request: HttpRequest, pk: int) -> HttpResponse:
    extension = get_extension_for_user(request.user, pk, decide=True)
    return _decide_with_reason(
        request,
        task=extension.task,
        extension=extension,
        decide=lambda reason: services.extension_refuse(request=extension, by=request.user, reason=reason),
        title=_("Không đồng ý gia hạn"),
        done_message=_("Đã không đồng ý gia hạn."),
        back_to="tasks:queue",
    )


@login_required
@xframe_options_sameorigin
@csp_replace({"frame-ancestors": ["'self'"]})
def evidence_preview(request: HttpRequest, pk: int) -> FileResponse:
    """A PDF or image of the evidence shown inside the app's own pages (the secretariat's queue),
    for the same people as the download; 404 for other kinds of file."""
    evidence = get_object_or_404(Evidence.objects.filter(task__in=visible_tasks(request.user)).exclude(file=""), pk=pk)
    return inline_response(evidence.file, evidence.original_name or evidence.file.name.rsplit("/", 1)[-1])


@login_required
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    """Evidence files are private: only people who may see the task get them."""
    evidence = get_object_or_404(Evidence.objects.filter(task__in=visible_tasks(request.user)).exclude(file=""), pk=pk)
    return attachment_response(evidence.file, evidence.original_name or evidence.file.name.rsplit("/", 1)[-1])
