"""The request's user and address, for audit entries written from model signals."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.http import HttpRequest

from cchc.net import client_ip

_current: ContextVar[HttpRequest | None] = ContextVar("audit_request", default=None)
_explicit = ContextVar("audit_explicit", default=False)


def current_request() -> HttpRequest | None:
    return _current.get()


@contextmanager
def audited_by_caller() -> Iterator[None]:
    """Inside this block the user and role signals write nothing: the service running it
    records one explicit entry per change instead (accounts/services.py)."""
    token = _explicit.set(True)
    try:
        yield
    finally:
        _explicit.reset(token)


def signals_audited_by_caller() -> bool:
    return _explicit.get()


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current.set(request)
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)


def request_ip(request) -> str | None:
    return (client_ip(request) or None) if request is not None else None
