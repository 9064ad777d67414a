"""Two-factor authentication with django-otp (TOTP). Who needs a second factor is decided once,
at login, and kept in the session, so that a page costs no query for it:

- anyone with a confirmed TOTP device enters a code after logging in;
- with OTP_REQUIRED_FOR_SECRETARIAT on, secretariat and admin accounts without one must
  enrol before they can use the app.

Until then every page sends them to the verify (or enrolment) page; logging out, changing the
language and the pages themselves stay open."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.http import urlencode
from django_otp import user_has_device

SESSION_KEY = "second_factor"
VERIFY, ENROL, NONE = "verify", "enrol", "none"
OPEN_URLS = {"accounts:otp_verify", "accounts:otp_setup", "accounts:logout", "set_language", "healthz"}


def may_enrol(user) -> bool:
    """Secretariat and admin accounts may turn on a second factor."""
    return bool(user.is_authenticated and user.is_active and (user.is_secretariat or user.is_staff))


def second_factor_state(user) -> str:
    if user_has_device(user, confirmed=True):
        return VERIFY
    if getattr(settings, "OTP_REQUIRED_FOR_SECRETARIAT", False) and may_enrol(user):
        return ENROL
    return NONE


@receiver(user_logged_in)
def remember_second_factor(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = second_factor_state(user)


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified():
            state = request.session.get(SESSION_KEY)
            if state is None:  # a session from before this was installed
                state = request.session[SESSION_KEY] = second_factor_state(user)
            if state != NONE and not self._is_open(request):
                target = "accounts:otp_verify" if state == VERIFY else "accounts:otp_setup"
                response = redirect(target)
                if request.method == "GET":
                    response["Location"] += "?" + urlencode({"next": request.get_full_path()})
                return response
        return self.get_response(request)

    @staticmethod
    def _is_open(request) -> bool:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return True  # the 404 page gives nothing away
        return match.view_name in OPEN_URLS
