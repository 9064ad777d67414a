"""Notification pages: the list (filter, mark read, open the object), preferences, and the
secretariat's overdue-by-unit page with the urging letters and the reporting calendar."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from units.models import Unit

from . import letters, services
from .forms import PreferencesForm
from .items import Thresholds
from .models import Notification, NotificationKind, NotificationPreference, QuietMode
from .unit_items import overdue_by_unit, silent_units


def _kind(request: HttpRequest) -> str:
    kind = request.GET.get("kind", "") or request.POST.get("kind", "")
    return kind if kind in NotificationKind.values else ""


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    kind = _kind(request)
    unread_only = request.GET.get("unread") == "1"
    notifications = Notification.objects.filter(recipient=request.user)
    if kind:
        notifications = notifications.filter(kind=kind)
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    page = Paginator(notifications.only("pk", "kind", "title", "body", "url", "created_at", "read_at"), 30).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "notifications/list.html",
        {
            "page": page,
            "kinds": NotificationKind.choices,
            "kind": kind,
            "unread_only": unread_only,
            "nav": "notifications",
        },
    )


def _own(request: HttpRequest, pk: int) -> Notification:
    """A notification of the user's own; anybody else's does not exist for them (404)."""
    return get_object_or_404(Notification, pk=pk, recipient=request.user)


@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Open what a notification is about, marking it read."""
    notification = _own(request, pk)
    services.notification_mark_read(notification=notification, by=request.user)
    target = notification.url
    if not target or not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        target = reverse("notifications:list")
    return redirect(target)


@login_required
@require_POST
def notification_mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    services.notification_mark_read(notification=_own(request, pk), by=request.user)
    return redirect(_back(request))


@login_required
@require_POST
def notifications_mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(user=request.user, kind=_kind(request) or None)
    messages.success(request, _("Đã đánh dấu %(count)s thông báo là đã đọc.") % {"count": count})
    return redirect(_back(request))


def _back(request: HttpRequest) -> str:
    """The list as the user had it (kind filter, page), never another site."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("notifications:list")


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    defaults = services.default_channels()
    current = {kind: list(defaults) for kind in NotificationKind.values}
    current.update({p.kind: list(p.channels) for p in NotificationPreference.objects.filter(user=request.user)})
    quiet = QuietMode.objects.filter(user=request.user, until__gte=today).first()
    if request.method == "POST":
        form = PreferencesForm(request.POST, current=current)
        if form.is_valid():
            try:
                services.preferences_save(
                    user=request.user,
                    channels=form.channels(),
                    quiet_until=form.cleaned_data["quiet_until"],
                    today=today,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Đã lưu tùy chọn thông báo."))
                return redirect("notifications:preferences")
    else:
        form = PreferencesForm(current=current, initial={"quiet_until": quiet.until if quiet else None})
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "quiet": quiet, "has_channels": bool(defaults) or bool(form.fields), "nav": "notifications"},
    )


def _require_reader(user) -> None:
    """The secretariat (and leaders, who read everything) see the agency-wide pages."""
    if not user.reads_everything:
        raise PermissionDenied("Secretariat and leaders only")


@login_required
def overdue(request: HttpRequest) -> HttpResponse:
    """Overdue tasks and recommendations per unit, the silent units, and the urging letters."""
    _require_reader(request.user)
    today = timezone.localdate()
    rows = overdue_by_unit(today)
    return render(
        request,
        "notifications/overdue.html",
        {
            "today": today,
            "rows": rows,
            "total_tasks": sum(r.tasks for r in rows),
            "total_recommendations": sum(r.recommendations for r in rows),
            "silent": silent_units(today, Thresholds.from_settings()),
            "silent_days": Thresholds.from_settings().silent_days,
            "can_write_letters": request.user.is_secretariat,
            "nav": "notifications",
        },
    )


@login_required
def letter(request: HttpRequest) -> HttpResponse:
    """The urging letter (.docx) for one unit (?unit=) or for all units with overdue tasks."""
    if not request.user.is_secretariat:
        raise PermissionDenied("Only the secretariat writes urging letters")
    today = timezone.localdate()
    unit = None
    raw = request.GET.get("unit", "")
    if raw:
        if not raw.isdigit():
            raise Http404("No such unit")
        unit = get_object_or_404(Unit, pk=int(raw))
    tasks = letters.overdue_tasks(today, unit=unit)
    if not tasks:
        messages.info(request, _("Không có nhiệm vụ quá hạn để đôn đốc."))
        return redirect("notifications:overdue")
    content = letters.write_letter(
        tasks=tasks,
        today=today,
        agency=letters.agency_name(),
        addressee=unit.name if unit else None,
        per_unit=unit is not None,
    )
    name = f"don-doc-{slugify(unit.code) if unit else 'tat-ca'}-{today:%Y%m%d}.docx"
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
