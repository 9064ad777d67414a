"""The bell: the unread count on every page, one COUNT on a partial index
(notification_unread_idx), computed at most once per request and only when a template shows it."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .models import Notification


def _unread(request: HttpRequest) -> int:
    cached = getattr(request, "_notifications_unread", None)
    if cached is None:
        cached = Notification.objects.filter(recipient_id=request.user.pk, read_at__isnull=True).count()
        request._notifications_unread = cached  # type: ignore[attr-defined]
    return cached


def bell(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"notifications_unread": SimpleLazyObject(lambda: _unread(request))}
