"""Background jobs on the project's task framework (django-tasks; the database worker in
production, run at once in development)."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django_tasks import task

from . import services
from .steering_mail import steering_pack_send


@task()
def notify_event(event_id: int) -> int:
    """Tell the people concerned about one decision (a returned report…); returns how many
    notifications were created."""
    return services.event_notify(event_id=event_id).created


@task()
def send_reminders(day: str | None = None) -> int:
    """The daily job, for scheduling through the task framework; `day` as ISO date. On the
    pack's sending day it also e-mails last month's steering-committee pack."""
    today = datetime.date.fromisoformat(day) if day else timezone.localdate()
    created = services.reminders_send(today=today).created
    steering_pack_send(today=today)
    return created
