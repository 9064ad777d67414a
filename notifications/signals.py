"""Immediate notifications for decisions, without the tasks app knowing about this one.

Why a signal and not only the daily job: a returned report is something the unit should fix
today, not tomorrow morning. The receiver only schedules work after the decision's transaction
commits (so a rolled-back decision tells no one) and hands it to the task framework
(notifications/jobs.py, the database worker in production); the daily job sweeps the same
history entries again since its last run, so an entry whose job was lost (a worker down, a bulk
write that sends no signal) is still told — the send record makes the second pass a no-op.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models.signals import post_save

from tasks.models import TaskEvent

from .items import EVENT_KINDS

logger = logging.getLogger(__name__)


def _task_event_saved(sender, instance: TaskEvent, created: bool, raw: bool = False, **kwargs) -> None:
    if raw or not created or instance.kind not in EVENT_KINDS:
        return
    event_id = instance.pk
    transaction.on_commit(lambda: _enqueue(event_id), robust=True)


def _enqueue(event_id: int) -> None:
    from .jobs import notify_event

    try:
        notify_event.enqueue(event_id)
    except Exception:  # the decision is saved; the daily job will tell it
        logger.exception("Could not enqueue the notification of task event %s", event_id)


def connect() -> None:
    post_save.connect(_task_event_saved, sender=TaskEvent, dispatch_uid="notifications_task_event")
