"""The monthly steering-committee pack by e-mail (reports/steering.py; docs/DOMAIN.md "The
monthly steering-committee pack"): on the sending day the secretariat set (or on a later day
of the month, if the daily job did not run that day), the daily job makes last month's pack
of the agency's plans if it is missing and e-mails it, PDF and Excel attached, to the leaders
and the secretariat.

Each message is a ``Delivery`` ("pack:<id>" through the e-mail channel), claimed before it is
sent as the reminders' are (notifications/services.py): a person gets a pack once, whatever
the number of runs or workers. People in quiet mode get it on the first run after.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role
from reports.closing import ClosingScope
from reports.models import SteeringPack
from reports.steering import PackReport, last_finished_month, pack_make, pack_schedule
from reports.steering_files import PackFile, render_pack

from .channels import absolute_url, registry
from .models import Delivery, QuietMode
from .services import deliveries_claim

logger = logging.getLogger("notifications")

CHANNEL = "email"


@dataclass
class PackMailResult:
    """What the day's run did with the pack: `made` it, `sent`/`failed` messages, or for a dry
    run the people it `would_send` to."""

    pack: SteeringPack | None = None
    made: bool = False
    sent: int = 0
    failed: int = 0
    would_send: int = 0


def pack_key(pack: SteeringPack) -> str:
    return f"pack:{pack.pk}"


def pack_recipients(today: datetime.date) -> list[User]:
    """Active leaders and secretariat members with an e-mail address, not in quiet mode."""
    quiet = QuietMode.objects.filter(until__gte=today).values("user_id")
    return list(
        User.objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(groups__name__in=[Role.LEADER.value, Role.SECRETARIAT.value]))
        .exclude(email="")
        .exclude(pk__in=quiet)
        .distinct()
        .order_by("pk")
    )


def pack_subject(report: PackReport) -> str:
    return _("[CCHC] %(title)s (%(identifier)s)") % {"title": report.title, "identifier": report.identifier}


def _message(pack: SteeringPack, report: PackReport, user: User, files: list[PackFile]) -> EmailMessage:
    body = render_to_string(
        "notifications/email/steering_pack.txt",
        {
            "user": user,
            "report": report,
            "link": absolute_url(reverse("reports:steering_detail", args=[pack.pk])),
            "list_url": absolute_url(reverse("reports:steering")),
        },
    )
    message = EmailMessage(subject=pack_subject(report), body=body, to=[user.email])
    for rendered in files:
        message.attach(rendered.display_name, rendered.content, rendered.content_type)
    return message


def _the_pack(today: datetime.date, *, dry_run: bool, result: PackMailResult) -> SteeringPack | None:
    """Last month's pack of the agency's plans of its year, made now if missing."""
    month = last_finished_month(today)
    scope = ClosingScope(year=month.year)
    pack = SteeringPack.objects.filter(scope_key=scope.key, month=month).first()
    if pack is not None or dry_run or not scope.tasks.exists():
        return pack
    try:
        pack = pack_make(scope=scope, month=month, by=None)
    except ValidationError:  # made by someone else meanwhile, or the month is not over at `today`
        return SteeringPack.objects.filter(scope_key=scope.key, month=month).first()
    result.made = True
    return pack


def steering_pack_send(*, today: datetime.date, dry_run: bool = False) -> PackMailResult:
    """On or after the sending day: make last month's pack if missing and e-mail it to each
    leader and secretariat member who has not had it."""
    result = PackMailResult()
    schedule = pack_schedule()
    if not schedule.enabled or today.day < schedule.day or CHANNEL not in registry():
        return result
    pack = result.pack = _the_pack(today, dry_run=dry_run, result=result)
    if pack is None:
        return result
    key = pack_key(pack)
    people = pack_recipients(today)
    done = set(Delivery.objects.filter(channel=CHANNEL, key=key).values_list("recipient_id", flat=True))
    if dry_run:
        result.would_send = sum(1 for user in people if user.pk not in done)
        return result
    owned = {user for user, _key in deliveries_claim(CHANNEL, {u.pk: [key] for u in people if u.pk not in done})}
    if not owned:
        return result
    with translation.override(settings.LANGUAGE_CODE):
        report = PackReport(pack)
        files = [render_pack(pack, "pdf"), render_pack(pack, "xlsx")]
        for user in people:
            if user.pk not in owned:
                continue
            delivery = Delivery.objects.filter(recipient=user, channel=CHANNEL, key=key)
            try:
                _message(pack, report, user, files).send()
            except Exception as exc:  # one address refused does not stop the others
                logger.exception("Could not send the pack %s to user %s", pack.identifier, user.pk)
                delivery.update(error=f"{type(exc).__name__}: {exc}"[:500])
                result.failed += 1
            else:
                delivery.update(sent_at=timezone.now())
                result.sent += 1
    return result
