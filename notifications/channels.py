"""Channels a notification goes out through besides the app itself (always on).

A channel is a class with a `name`, a `label`, `can_reach(user)` and two sends: the daily
digest of a person's reminders and one immediate notification (a decision). Channels are
configured by dotted path in settings.NOTIFICATION_CHANNELS, so SMS or Zalo is added by
writing such a class in a module of the deployment and listing it there — nothing else in
the app changes. Shipped: e-mail (Django's e-mail framework) and a log channel (the
"notifications" logger), which is also what a new channel can be tested against.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.formatting import format_date

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from accounts.models import User

    from .models import Notification

logger = logging.getLogger("notifications")


def absolute_url(path: str) -> str:
    """A link into the app for a message read outside it: SITE_URL + the path."""
    if not path:
        return settings.SITE_URL + "/"
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL + (path if path.startswith("/") else "/" + path)


class Channel:
    name: ClassVar[str]
    label: ClassVar[StrOrPromise]

    def can_reach(self, user: User) -> bool:
        return True

    def send_digest(self, *, user: User, day: datetime.date, notifications: Sequence[Notification]) -> None:
        raise NotImplementedError

    def send_one(self, *, user: User, notification: Notification) -> None:
        raise NotImplementedError


def digest_subject(day: datetime.date, count: int) -> str:
    return _("[CCHC] Nhắc việc ngày %(day)s: %(count)s nội dung cần lưu ý") % {"day": format_date(day), "count": count}


class EmailChannel(Channel):
    """E-mail through Django's e-mail framework (EMAIL_BACKEND: SMTP, console, anymail…):
    plain text and HTML, in Vietnamese, with absolute links."""

    name = "email"
    label = gettext_lazy("Thư điện tử")

    def can_reach(self, user: User) -> bool:
        return bool(user.email)

    def _message(self, *, user: User, subject: str, template: str, context: dict) -> EmailMultiAlternatives:
        context = {"user": user, "site_url": settings.SITE_URL, **context}
        text = render_to_string(f"notifications/email/{template}.txt", context)
        html = render_to_string(f"notifications/email/{template}.html", context)
        message = EmailMultiAlternatives(subject=subject, body=text, to=[user.email])
        message.attach_alternative(html, "text/html")
        return message

    def send_digest(self, *, user: User, day: datetime.date, notifications: Sequence[Notification]) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            items = [(n, absolute_url(n.url)) for n in notifications]
            message = self._message(
                user=user,
                subject=digest_subject(day, len(notifications)),
                template="digest",
                context={"day": day, "items": items, "notifications_url": absolute_url("/notifications/")},
            )
        message.send()

    def send_one(self, *, user: User, notification: Notification) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            message = self._message(
                user=user,
                subject=f"[CCHC] {notification.title}",
                template="one",
                context={
                    "notification": notification,
                    "link": absolute_url(notification.url),
                    "preferences_url": absolute_url("/notifications/preferences/"),
                },
            )
        message.send()


class LogChannel(Channel):
    """Writes each message to the "notifications" logger: for a deployment that wants a trace
    without sending, and the example a new channel (SMS, Zalo) follows."""

    name = "log"
    label = gettext_lazy("Nhật ký hệ thống")

    def send_digest(self, *, user: User, day: datetime.date, notifications: Sequence[Notification]) -> None:
        lines = "; ".join(n.title for n in notifications)
        logger.info("digest %s → %s (%s): %s", format_date(day), user.username, len(notifications), lines)

    def send_one(self, *, user: User, notification: Notification) -> None:
        logger.info("notification → %s: %s %s", user.username, notification.title, absolute_url(notification.url))


def registry() -> dict[str, Channel]:
    """The configured channels by name, in settings order."""
    channels: dict[str, Channel] = {}
    for path in settings.NOTIFICATION_CHANNELS:
        try:
            cls = import_string(path)
        except ImportError as exc:
            raise ImproperlyConfigured(f"NOTIFICATION_CHANNELS: cannot import {path!r}") from exc
        if not (isinstance(cls, type) and issubclass(cls, Channel)):
            raise ImproperlyConfigured(f"NOTIFICATION_CHANNELS: {path!r} is not a notifications.channels.Channel")
        channels[cls.name] = cls()
    return channels
