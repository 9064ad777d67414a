from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .models import AuditAction, AuditEntry


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    if not request.user.is_secretariat:
        raise PermissionDenied
    entries = AuditEntry.objects.all()
    action = request.GET.get("action", "")
    if action in AuditAction.values:
        entries = entries.filter(action=action)
    username = request.GET.get("user", "").strip()
    if username:
        entries = entries.filter(username__icontains=username)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/audit_log.html",
        {"page": page, "actions": AuditAction.choices, "action": action, "username": username},
    )
