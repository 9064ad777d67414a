"""Enrolling a TOTP device and entering its code after login (accounts/otp.py decides who)."""

from __future__ import annotations

from base64 import b32encode

import django_otp
import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp import devices_for_user

from audit.models import AuditAction
from audit.services import audit_record

from . import services
from .forms import OTPTokenForm
from .otp import SESSION_KEY, VERIFY, may_enrol


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return "home"


@login_required
def otp_setup(request):
    user = request.user
    if not may_enrol(user):
        raise PermissionDenied("Second factors are for secretariat and admin accounts")
    if any(devices_for_user(user, confirmed=True)):
        return render(request, "accounts/otp_setup.html", {"enrolled": True})
    device = services.otp_device_pending(user=user)
    form = OTPTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            services.otp_enrol_confirm(device=device, user=user)
            django_otp.login(request, device)
            request.session[SESSION_KEY] = VERIFY
            messages.success(request, _("Đã bật xác thực hai bước: từ lần đăng nhập sau, bạn sẽ nhập thêm mã."))
            return redirect(_next(request))
        form.add_error("token", _("Mã không đúng. Kiểm tra giờ của điện thoại rồi nhập mã đang hiện."))
    uri = device.config_url
    context = {
        "form": form,
        "secret": b32encode(device.bin_key).decode(),
        "uri": uri,
        "qr": segno.make(uri, error="m").svg_data_uri(scale=5),
        "next": _next(request) if request.GET.get("next") else "",
    }
    return render(request, "accounts/otp_setup.html", context)


@login_required
def otp_verify(request):
    user = request.user
    if user.is_verified():
        return redirect(_next(request))
    devices = list(devices_for_user(user, confirmed=True))
    if not devices:
        return redirect("accounts:otp_setup" if request.session.get(SESSION_KEY) == "enrol" else "home")
    form = OTPTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        for device in devices:
            if device.verify_token(form.cleaned_data["token"]):
                django_otp.login(request, device)
                return redirect(_next(request))
        audit_record(action=AuditAction.LOGIN_FAILED, actor=user, detail=_("mã xác thực hai bước sai"))
        form.add_error(
            "token", _("Mã không đúng. Sau mỗi lần sai, thời gian phải chờ trước khi nhập lại tăng gấp đôi.")
        )
    return render(
        request,
        "accounts/otp_verify.html",
        {"form": form, "next": request.POST.get("next") or request.GET.get("next") or ""},
    )
