from __future__ import annotations

from .context import current_request, request_ip
from .models import AuditAction, AuditEntry


def audit_record(
    *, action: AuditAction, actor=None, target: object = "", detail: str = "", request=None, username: str | None = None
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
