from __future__ import annotations

from typing import TYPE_CHECKING

from .context import current_request, request_ip
from .models import AuditAction, AuditEntry

if TYPE_CHECKING:
    # accounts.User lives above audit: django-stubs' alias for AUTH_USER_MODEL names it here.
    from django.contrib.auth.models import _User as User
    from django.http import HttpRequest


def audit_record(
    *,
    action: AuditAction,
    actor: User | None = None,
    target: object = "",
    detail: str = "",
    request: HttpRequest | None = None,
    username: str | None = None,
) -> AuditEntry:
    """Append an audit entry. The actor and address default to the current request's."""
    request = request if request is not None else current_request()
    if actor is None and request is not None and getattr(request, "user", None) is not None:
        actor = request.user if request.user.is_authenticated else None
    return AuditEntry.objects.create(
        action=action,
        actor=actor,
        username=username if username is not None else (actor.get_username() if actor else ""),
        ip_address=request_ip(request),
        target=str(target)[:255],
        detail=detail,
    )
