"""Writes of the notifications app: the daily job, immediate notifications of decisions,
marking read, preferences.

The daily job (`reminders_send`) is idempotent and safe to run on two workers at once:

1. the items of the day are computed (notifications/selectors.py, a fixed number of queries);
2. they are inserted as notifications, conflicts ignored: the unique send record (recipient,
   kind, object, day) keeps one row whatever the number of runs;
3. for each channel, the people to send to are *claimed* by inserting their `Delivery` rows
   with this run's token (conflicts ignored) and reading back the rows carrying it: a person
   claimed by another worker, or already sent today, is not sent to again.

Queries are per batch of people (BATCH_SIZE), never per task or per notification.
"""

from __future__ import annotations

import datetime
import logging
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from tasks.models import TaskEvent

from .channels import Channel, registry
from .event_items import event_items
from .items import Audience, Item, Thresholds
from .models import (
    IMMEDIATE_KINDS,
    WEEKLY_KINDS,
    Delivery,
    Notification,
    NotificationKind,
    NotificationPreference,
    QuietMode,
    ReminderRun,
)
from .selectors import reminder_items

logger = logging.getLogger("notifications")

BATCH_SIZE = 500


@dataclass
class RunResult:
    """What a run made (`items`: the new notifications, or those a dry run would make) and
    sent (`sent`: deliveries per channel; `would_send`: people per channel for a dry run)."""

    today: datetime.date
    items: list[Item] = field(default_factory=list)
    sent: dict[str, int] = field(default_factory=dict)
    failed: dict[str, int] = field(default_factory=dict)
    would_send: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False

    @property
    def created(self) -> int:
        return len(self.items)


def _batches(values: Sequence, size: int = BATCH_SIZE) -> Iterable[Sequence]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


# ---------------------------------------------------------------- storing the send records


def _existing_keys(items: Sequence[Item]) -> set[tuple]:
    """Keys among `items` already recorded. Weekly kinds compare without the day (the object
    key holds the week). One query per batch of people."""
    if not items:
        return set()
    first_day = min(min(i.day for i in items), max(i.day for i in items) - datetime.timedelta(days=7))
    recipients = sorted({i.recipient_id for i in items})
    found: set[tuple] = set()
    for batch in _batches(recipients):
        rows = Notification.objects.filter(recipient_id__in=batch, day__gte=first_day).values_list(
            "recipient_id", "kind", "object_key", "day"
        )
        for recipient, kind, object_key, day in rows:
            found.add((recipient, kind, object_key, None if kind in WEEKLY_KINDS else day))
    return found


def _item_key(item: Item) -> tuple:
    return (item.recipient_id, item.kind, item.object_key, None if item.kind in WEEKLY_KINDS else item.day)


def _new_items(items: Sequence[Item]) -> list[Item]:
    existing = _existing_keys(items)
    new: dict[tuple, Item] = {}
    for item in items:
        key = _item_key(item)
        if key not in existing and key not in new:
            new[key] = item
    return list(new.values())


def _store(items: Sequence[Item]) -> None:
    """Insert the notifications; a row another worker inserted meanwhile is skipped by the
    unique constraint (notification_once_per_kind_object_day)."""
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=i.recipient_id,
                kind=i.kind,
                day=i.day,
                object_key=i.object_key,
                content_type_id=i.content_type_id,
                object_id=i.object_id,
                title=i.title[:255],
                body=i.body,
                url=i.url,
            )
            for i in items
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )


# ---------------------------------------------------------------- channels


def default_channels() -> list[str]:
    return [name for name in settings.NOTIFICATION_DEFAULT_CHANNELS if name in registry()]


def _preferences(user_ids: Sequence[int]) -> dict[tuple[int, str], list[str]]:
    return {
        (p.user_id, p.kind): list(p.channels)
        for p in NotificationPreference.objects.filter(user_id__in=user_ids).only("user_id", "kind", "channels")
    }


def _quiet(user_ids: Sequence[int], today: datetime.date) -> set[int]:
    return set(QuietMode.objects.filter(user_id__in=user_ids, until__gte=today).values_list("user_id", flat=True))


def deliveries_claim(
    channel: str, keys: dict[int, list[str]], counts: dict[tuple[int, str], int] | None = None
) -> set[tuple[int, str]]:
    """Insert the deliveries to make ({user: [key…]}) under a fresh token; return those this
    worker owns (inserted now, not before, not by another worker), as (user, key). Two queries.
    `counts`: how many notifications each (user, key) carries, 0 when not given (the digests
    here, the steering pack's e-mail in notifications/steering_mail.py)."""
    counts = counts or {}
    token = uuid.uuid4()
    Delivery.objects.bulk_create(
        [
            Delivery(
                recipient_id=user, channel=channel, key=key, claim=token, notification_count=counts.get((user, key), 0)
            )
            for user, user_keys in keys.items()
            for key in user_keys
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )
    return set(Delivery.objects.filter(claim=token).values_list("recipient_id", "key"))


def _mark(channel: str, done: list[tuple[int, str]], errors: dict[tuple[int, str], str]) -> None:
    now = timezone.now()
    if done:
        condition = Q()
        for user, key in done:
            condition |= Q(recipient_id=user, key=key)
        Delivery.objects.filter(condition, channel=channel).update(sent_at=now)
    for (user, key), error in errors.items():
        Delivery.objects.filter(recipient_id=user, channel=channel, key=key).update(error=error[:500])


def _deliver(notifications: Sequence[Notification], *, today: datetime.date, result: RunResult, digest: bool) -> None:
    """Send `notifications` (of a batch of people) through every configured channel their
    owners chose for the kind, unless they are in quiet mode: as one digest per person
    (`digest`), or one message each."""
    channels = registry()
    if not channels or not notifications:
        return
    user_ids = sorted({n.recipient_id for n in notifications})
    prefs = _preferences(user_ids)
    quiet = _quiet(user_ids, today)
    users = {u.pk: u for u in User.objects.filter(pk__in=user_ids, is_active=True)}
    defaults = default_channels()
    for name, channel in channels.items():
        wanted: dict[int, list[Notification]] = defaultdict(list)
        for n in notifications:
            user = users.get(n.recipient_id)
            if user is None or n.recipient_id in quiet or not channel.can_reach(user):
                continue
            if name in prefs.get((n.recipient_id, n.kind), defaults):
                wanted[n.recipient_id].append(n)
        if not wanted:
            continue
        if digest:
            keys = {user: [f"digest:{today.isoformat()}"] for user in wanted}
            counts = {(user, f"digest:{today.isoformat()}"): len(ns) for user, ns in wanted.items()}
        else:
            keys = {user: [f"n:{n.pk}" if n.pk else n.object_key for n in ns] for user, ns in wanted.items()}
            counts = {(user, key): 1 for user, user_keys in keys.items() for key in user_keys}
        if result.dry_run:
            done = set(
                Delivery.objects.filter(
                    channel=name, recipient_id__in=list(keys), key__in={k for ks in keys.values() for k in ks}
                ).values_list("recipient_id", "key")
            )
            todo = {(user, key) for user, user_keys in keys.items() for key in user_keys} - done
            result.would_send[name] = result.would_send.get(name, 0) + len(todo)
            continue
        owned = deliveries_claim(name, keys, counts)
        _send(channel, owned, wanted, users, today=today, digest=digest, result=result)


def _send(
    channel: Channel,
    owned: set[tuple[int, str]],
    wanted: dict[int, list[Notification]],
    users: dict[int, User],
    *,
    today: datetime.date,
    digest: bool,
    result: RunResult,
) -> None:
    done: list[tuple[int, str]] = []
    errors: dict[tuple[int, str], str] = {}
    for user_id, ns in wanted.items():
        jobs: list[tuple[str, Notification | None]] = (
            [(f"digest:{today.isoformat()}", None)] if digest else [(f"n:{n.pk}", n) for n in ns]
        )
        for key, one in jobs:
            if (user_id, key) not in owned:
                continue
            try:
                if one is None:
                    channel.send_digest(user=users[user_id], day=today, notifications=ns)
                else:
                    channel.send_one(user=users[user_id], notification=one)
            except Exception as exc:  # one address refused does not stop the others
                logger.exception("Could not send %s through %s to user %s", key, channel.name, user_id)
                errors[(user_id, key)] = f"{type(exc).__name__}: {exc}"
                result.failed[channel.name] = result.failed.get(channel.name, 0) + 1
            else:
                done.append((user_id, key))
                result.sent[channel.name] = result.sent.get(channel.name, 0) + 1
    _mark(channel.name, done, errors)


def _unsaved(items: Iterable[Item]) -> list[Notification]:
    """Notifications a dry run would make, as unsaved rows (for counting what would be sent)."""
    return [
        Notification(recipient_id=i.recipient_id, kind=i.kind, day=i.day, object_key=i.object_key, title=i.title)
        for i in items
    ]


def _deliver_items(items: Sequence[Item], new: Sequence[Item], *, today: datetime.date, result: RunResult) -> None:
    """Send the day's digest to the people with reminders today, and each decision at once.
    Every item of the day is considered, not only the new ones: a run that stopped after
    recording its notifications is completed by the next; the claim skips what went out."""
    digest_people = sorted({i.recipient_id for i in items if i.kind not in IMMEDIATE_KINDS and i.day == today})
    for batch in _batches(digest_people):
        todays = list(
            Notification.objects.filter(recipient_id__in=batch, day=today)
            .exclude(kind__in=list(IMMEDIATE_KINDS))
            .order_by("recipient_id", "kind", "id")
        )
        if result.dry_run:
            members = set(batch)
            todays += _unsaved(i for i in new if i.recipient_id in members and i.kind not in IMMEDIATE_KINDS)
        _deliver(todays, today=today, result=result, digest=True)
    immediate = [i for i in items if i.kind in IMMEDIATE_KINDS]
    people = sorted({i.recipient_id for i in immediate})
    for batch in _batches(people):
        members = set(batch)
        if result.dry_run:
            found = _unsaved(i for i in new if i.kind in IMMEDIATE_KINDS and i.recipient_id in members)
        else:
            keys = {i.object_key for i in immediate if i.recipient_id in members}
            found = list(
                Notification.objects.filter(
                    recipient_id__in=batch, kind__in=list(IMMEDIATE_KINDS), object_key__in=keys
                ).order_by("id")
            )
        _deliver(found, today=today, result=result, digest=False)


# ---------------------------------------------------------------- the daily job


def _window(today: datetime.date, now: datetime.datetime) -> tuple[datetime.datetime, datetime.datetime]:
    """The task history the run reads (decisions, plan changes): recorded after the last
    run's window up to now (or the end of `today` for a past date); the day before `today`
    when there was no run yet."""
    tz = timezone.get_current_timezone()
    day_end = datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    end = min(now, day_end)
    last = ReminderRun.objects.filter(window_end__lte=end).order_by("-window_end").values_list("window_end", flat=True)
    start = last.first() or datetime.datetime.combine(today - datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    return start, end


def reminders_send(*, today: datetime.date, dry_run: bool = False, now: datetime.datetime | None = None) -> RunResult:
    """The daily job: make the day's notifications and send them (see the module docstring).
    With `dry_run`, compute what would be made and sent, and write nothing."""
    now = now or timezone.now()
    queries_before = len(connection.queries)
    start, end = _window(today, now)
    items = reminder_items(today=today, window=(start, end), thresholds=Thresholds.from_settings())
    new = _new_items(items)
    result = RunResult(today=today, items=new, dry_run=dry_run)
    if dry_run:
        _deliver_items(items, new, today=today, result=result)
        return result
    run = ReminderRun.objects.create(day=today, started_at=now, window_end=end)
    _store(new)
    _deliver_items(items, new, today=today, result=result)
    run.finished_at = timezone.now()
    run.notifications_created = len(new)
    run.deliveries_sent = sum(result.sent.values())
    run.queries = (len(connection.queries) - queries_before) if settings.DEBUG else None
    run.save(update_fields=["finished_at", "notifications_created", "deliveries_sent", "queries"])
    return result


def event_notify(*, event_id: int) -> RunResult:
    """Tell one decision at once (called by the background job the signal enqueues)."""
    today = timezone.localdate()
    items = event_items(TaskEvent.objects.filter(pk=event_id), Audience.load())
    new = _new_items(items)
    result = RunResult(today=today, items=new)
    _store(new)
    _deliver_items(items, new, today=today, result=result)
    return result


# ---------------------------------------------------------------- reading, preferences


def notification_mark_read(*, notification: Notification, by: User) -> Notification:
    if notification.recipient_id != by.pk:
        raise ValidationError(_("Thông báo này không gửi cho anh/chị."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user: User, kind: str | None = None) -> int:
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if kind:
        unread = unread.filter(kind=kind)
    return unread.update(read_at=timezone.now())


@transaction.atomic
def preferences_save(
    *, user: User, channels: dict[str, list[str]], quiet_until: datetime.date | None, today: datetime.date
) -> None:
    """Save a person's channels per kind (only configured channels; the app is always on) and
    their quiet mode (None: off)."""
    known = set(registry())
    errors = {}
    for kind, names in channels.items():
        if kind not in NotificationKind.values:
            errors[kind] = _("Loại thông báo không tồn tại.")
        elif set(names) - known:
            errors[kind] = _("Kênh không được cấu hình: %(names)s") % {"names": ", ".join(sorted(set(names) - known))}
    if quiet_until is not None and quiet_until < today:
        errors["quiet_until"] = _("Ngày kết thúc tạm dừng phải từ hôm nay trở đi.")
    if errors:
        raise ValidationError(errors)
    for kind, names in channels.items():
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"channels": [n for n in registry() if n in names]}
        )
    if quiet_until is None:
        QuietMode.objects.filter(user=user).delete()
    else:
        QuietMode.objects.update_or_create(user=user, defaults={"until": quiet_until})
