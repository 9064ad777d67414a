"""The client's address, for login throttling and the audit log."""

from django.conf import settings


def client_ip(request) -> str:
    """REMOTE_ADDR, or — behind PROXY_COUNT trusted proxies — the address the outermost
    trusted proxy saw in X-Forwarded-For. Never trust the header without a proxy: anyone
    could set it and dodge the lockout."""
    proxies = getattr(settings, "PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")
