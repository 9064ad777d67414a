"""The users page of the secretariat (list, create, edit, deactivate, password links, bulk
import) and the password pages everyone uses. Access: accounts/access.py."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views import i18n as i18n_views
from django.views.decorators.http import require_POST

from audit.context import audited_by_caller
from cchc.pagination import query_without_page

from . import selectors, services
from .access import can_manage_account, get_managed_user, require_user_manager
from .forms import GuardedPasswordChangeForm, UserCreateForm, UserEditForm, UserFilterForm, UserImportForm
from .import_template import template_workbook
from .imports import column_labels
from .models import UserImport, UserImportStatus
from .roles import Role

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ROLE_LABELS = dict(Role.choices)


@login_required
def user_list(request):
    require_user_manager(request.user)
    filters = UserFilterForm(request.GET or None)
    users = selectors.user_list(**filters.filters())
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    for user in page:
        user.role_labels = [ROLE_LABELS.get(group.name, group.name) for group in user.role_groups]
        user.manageable = can_manage_account(request.user, user)
    return render(
        request,
        "accounts/user_list.html",
        {"page": page, "filters": filters, "query": query_without_page(request), "nav": "users"},
    )


@login_required
def user_create(request):
    require_user_manager(request.user)
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = services.user_create(
            username=data["username"],
            full_name=data["full_name"],
            email=data["email"],
            unit=data["unit"],
            roles=data["roles"],
            by=request.user,
        )
        link = services.password_link_issue(user=user, by=request.user, build_uri=request.build_absolute_uri)
        return _password_link_page(request, [link], created=True)
    return render(request, "accounts/user_form.html", {"form": form, "nav": "users"})


@login_required
def user_edit(request, pk: int):
    target = get_managed_user(request.user, pk)
    form = UserEditForm(request.POST or None, instance=target)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            changes = services.user_update(
                user=target,
                full_name=data["full_name"],
                email=data["email"],
                unit=data["unit"],
                roles=data["roles"],
                by=request.user,
            )
        except services.UserAdminError as exc:
            form.add_error(None, exc.message)
        else:
            if changes:
                messages.success(request, _("Đã lưu thay đổi của %(user)s.") % {"user": target})
            else:
                messages.info(request, _("Không có gì thay đổi."))
            return redirect("accounts:user_list")
    return render(
        request,
        "accounts/user_form.html",
        {"form": form, "target": target, "is_self": target.pk == request.user.pk, "nav": "users"},
    )


@login_required
@require_POST
def user_deactivate(request, pk: int):
    return _set_active(request, pk, active=False)


@login_required
@require_POST
def user_reactivate(request, pk: int):
    return _set_active(request, pk, active=True)


def _set_active(request, pk: int, *, active: bool):
    target = get_managed_user(request.user, pk)
    try:
        changed = services.user_set_active(user=target, active=active, by=request.user)
    except services.UserAdminError as exc:
        messages.error(request, exc.message)
    else:
        if changed and active:
            messages.success(request, _("Đã mở lại tài khoản %(user)s.") % {"user": target})
        elif changed:
            messages.success(
                request,
                _("Đã khóa tài khoản %(user)s: người này không đăng nhập được nữa; lịch sử công việc vẫn giữ nguyên.")
                % {"user": target},
            )
    return redirect("accounts:user_list")


@login_required
@require_POST
def user_password_link(request, pk: int):
    target = get_managed_user(request.user, pk)
    try:
        link = services.password_link_issue(user=target, by=request.user, build_uri=request.build_absolute_uri)
    except services.UserAdminError as exc:
        messages.error(request, exc.message)
        return redirect("accounts:user_list")
    return _password_link_page(request, [link])


def _password_link_page(request, links, *, created: bool = False, imported: int | None = None):
    """Rendered in answer to the POST and never stored: a link not e-mailed is shown once."""
    response = render(
        request,
        "accounts/password_links.html",
        {
            "links": links,
            "shown": [link for link in links if not link.emailed],
            "emailed": [link for link in links if link.emailed],
            "created": created,
            "imported": imported,
            "nav": "users",
        },
    )
    response["Cache-Control"] = "no-store"
    return response


# Bulk import: upload → preview → confirm (or cancel).


def _pending_import(request, pk: int) -> UserImport:
    require_user_manager(request.user)
    return get_object_or_404(UserImport, pk=pk, created_by=request.user)


@login_required
def user_import(request):
    require_user_manager(request.user)
    form = UserImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        record = services.user_import_start(upload=form.cleaned_data["file"], by=request.user)
        return redirect("accounts:user_import_preview", pk=record.pk)
    return render(request, "accounts/import_upload.html", {"form": form, "nav": "users"})


@login_required
def user_import_preview(request, pk: int):
    record = _pending_import(request, pk)
    if record.status != UserImportStatus.PENDING:
        messages.info(
            request,
            _("Lần nhập này đã được thực hiện.")
            if record.status == UserImportStatus.APPLIED
            else _("Lần nhập này đã bị hủy."),
        )
        return redirect("accounts:user_list")
    check = services.user_import_check(record=record)
    return render(
        request,
        "accounts/import_preview.html",
        {
            "record": record,
            "check": check,
            "labels": column_labels(),
            "role_labels": ROLE_LABELS,
            "error_rows": sum(1 for row in check.rows if row.has_errors),
            "nav": "users",
        },
    )


@login_required
@require_POST
def user_import_confirm(request, pk: int):
    record = _pending_import(request, pk)
    try:
        created = services.user_import_confirm(record=record, by=request.user)
    except services.UserImportError as exc:
        messages.error(request, exc.message)
        return redirect("accounts:user_import_preview", pk=record.pk)
    links = [
        services.password_link_issue(user=user, by=request.user, build_uri=request.build_absolute_uri)
        for user in created
    ]
    return _password_link_page(request, links, imported=len(created))


@login_required
@require_POST
def user_import_cancel(request, pk: int):
    record = _pending_import(request, pk)
    if record.status == UserImportStatus.PENDING:
        services.user_import_cancel(record=record)
        messages.info(request, _("Đã hủy lần nhập; không có gì được ghi."))
    return redirect("accounts:user_list")


@login_required
def user_import_template(request):
    require_user_manager(request.user)
    response = HttpResponse(template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-nguoi-dung.xlsx"'
    return response


# Password pages.


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = GuardedPasswordChangeForm
    success_url = reverse_lazy("accounts:password_change_done")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def form_valid(self, form):
        # One entry, "password changed", rather than the generic "user changed" of the save.
        with audited_by_caller():
            response = super().form_valid(form)
        services.password_change_audit(user=form.user)
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """The page a one-time link opens. Django's view: the token stops working once used."""

    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        # One entry, "password changed", rather than the generic "user changed" of the save.
        with audited_by_caller():
            response = super().form_valid(form)
        services.password_change_audit(user=form.user)
        return response


def set_language(request):
    """The language switch: Django's set_language (the cookie, the redirect back), and for a
    signed-in person the choice kept in their profile, so it follows them to another browser
    (cchc.middleware.AgencyLocaleMiddleware reads it)."""
    response = i18n_views.set_language(request)
    language = request.POST.get("language")
    if request.method == "POST" and request.user.is_authenticated and language in dict(settings.LANGUAGES):
        services.user_set_language(user=request.user, language=language)
    return response
