import time

from django.conf import settings
from django.contrib.auth import logout
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class IdleSessionTimeoutMiddleware:
    """Log a user out after SESSION_IDLE_TIMEOUT seconds without any request."""

    KEY = "last_activity"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last = request.session.get(self.KEY)
            if last is not None and now - last > settings.SESSION_IDLE_TIMEOUT:
                logout(request)
            else:
                # Write at most once a minute to spare the session store.
                if last is None or now - last > 60:
                    request.session[self.KEY] = now
        return self.get_response(request)


class AgencyLocaleMiddleware(LocaleMiddleware):
    """Vietnamese unless the person chose English: the agency works in Vietnamese, and many of
    its offices run an English-language Windows and Chrome whose Accept-Language would otherwise
    give them the English interface on their first visit. The choice is read from the signed-in
    user's profile (User.language, set by the language switch), else from the language cookie
    (the switch on the login page), else LANGUAGE_CODE; Accept-Language is never read.

    Sits after AuthenticationMiddleware (it reads request.user), in place of Django's
    LocaleMiddleware; the response side (Content-Language, Vary) is Django's."""

    def process_request(self, request):
        translation.activate(chosen_language(request) or settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()


def chosen_language(request) -> str | None:
    available = {code for code, _name in settings.LANGUAGES}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and getattr(user, "language", "") in available:
        return user.language
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return cookie if cookie in available else None
