"""Sending notifications.

Contract:
- ``notify(*, channel, destination, body, key, subject="", user=None) -> Notification``: writes
  the row in the caller's transaction (idempotent by ``key``) and enqueues delivery on commit.
  Nothing is enqueued if the caller's transaction rolls back; nothing is sent twice for one key.
- ``notify_user(*, user, subject, body, key) -> list[Notification]``: to the user's best contact,
  chosen by ``contact_for`` (verified email, else verified phone by SMS, else whatever contact
  the user gave), keys derived from ``key`` (``f"{key}:{channel}"``). A list so that a future
  rule (e.g. WhatsApp opt-in) can add channels without changing callers.
- ``notify_many(messages) -> list[Notification]``: several ``Message``s (``message_for_user``
  builds one for a user, by the same rule) in one INSERT; the same contract as ``notify`` for
  each. For the fan-out of one event (a report to every coordinator).
- ``resend(*, notification, by, request=None) -> bool``: one more attempt for a FAILED row.
- ``sweep(*, stuck_after, overdue_after) -> SweepResult``: the periodic safety net run by
  ``manage.py send_pending_notifications``.

Delivery itself happens in pamong.notifications.tasks.deliver_notification.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext

from pamong.audit.services import record

from .models import Notification
from .tasks import schedule_deliveries, schedule_delivery

logger = logging.getLogger(__name__)

KEY_MAX_LENGTH = Notification._meta.get_field("key").max_length
SUBJECT_MAX_LENGTH = Notification._meta.get_field("subject").max_length
DESTINATION_MAX_LENGTH = Notification._meta.get_field("destination").max_length


@transaction.atomic
def notify(
    *,
    channel: str,
    destination: str,
    body: str,
    key: str,
    subject: str = "",
    user: Any = None,
    sensitive: bool = False,
) -> Notification:
    """Queue ``body`` for ``destination`` through ``channel``; return the notification row.

    ``sensitive=True`` marks a body that holds a secret (a one-time code): the admin never shows
    it and the worker erases it once the provider accepted the message.

    ``key`` names the event (e.g. ``"complaint:42:disposed"``): a second call with the same key
    returns the existing row, sends nothing more and ignores the new content. The row is written
    in the caller's transaction and delivery is enqueued only when it commits. Raises ValueError
    for an unknown channel, an empty destination, body or key, or a key or destination longer
    than the column (SQLite would store it, PostgreSQL would refuse it: fail alike on both).
    A subject longer than 200 characters is shortened with "…".
    """
    message = Message(
        channel=channel, destination=destination, body=body, key=key, subject=subject, user=user, sensitive=sensitive
    ).checked()
    # get_or_create stands on the unique constraint on key: two racing callers get one row.
    notification, created = Notification.objects.get_or_create(key=message.key, defaults=message.row_values())
    if created:
        schedule_delivery(notification.pk)
    return notification


@dataclass(frozen=True)
class Message:
    """One message to queue: the arguments of ``notify`` as a value, for ``notify_many``."""

    channel: str
    destination: str
    body: str
    key: str
    subject: str = ""
    user: Any = None
    sensitive: bool = False

    def checked(self) -> "Message":
        """The message with its destination trimmed and its subject shortened; ValueError as
        ``notify`` describes for anything the columns or the gateways cannot take."""
        if self.channel not in Notification.Channel.values:
            raise ValueError(f"Unknown notification channel {self.channel!r}.")
        destination = (self.destination or "").strip()
        if not destination or len(destination) > DESTINATION_MAX_LENGTH:
            raise ValueError(f"Destination must be 1-{DESTINATION_MAX_LENGTH} characters.")
        if not self.key or len(self.key) > KEY_MAX_LENGTH:
            raise ValueError(f"Notification key must be 1-{KEY_MAX_LENGTH} characters: {self.key!r}.")
        body = str(self.body)
        if not body.strip():
            raise ValueError("Notification body must not be empty.")
        subject = str(self.subject)
        if len(subject) > SUBJECT_MAX_LENGTH:
            subject = subject[: SUBJECT_MAX_LENGTH - 1] + "…"
        return Message(
            channel=self.channel,
            destination=destination,
            body=body,
            key=self.key,
            subject=subject,
            user=self.user,
            sensitive=self.sensitive,
        )

    def row_values(self) -> dict:
        return {
            "channel": self.channel,
            "destination": self.destination,
            "subject": self.subject,
            "body": self.body,
            "user": self.user,
            "is_sensitive": self.sensitive,
        }


def notify_many(messages: Iterable[Message]) -> list[Notification]:
    """Queue several messages at once; return their rows in the order given.

    The same contract as ``notify`` for each message (idempotent by key, written in the
    caller's transaction, delivery enqueued on commit, ValueError before anything is written if
    any message is bad; a key given twice counts once). One INSERT for the usual case of fresh
    keys, instead of a savepoint, a SELECT and an INSERT per message. If some key already
    exists (the same event processed again, or a racing caller), the batch falls back to
    ``get_or_create`` per message, so existing rows are returned and not enqueued again.
    """
    checked: dict[str, Message] = {}
    for message in messages:
        message = message.checked()
        checked.setdefault(message.key, message)
    if not checked:
        return []
    try:
        with transaction.atomic():
            rows = Notification.objects.bulk_create(
                [Notification(key=key, **message.row_values()) for key, message in checked.items()]
            )
    except IntegrityError:
        return _notify_each(checked)
    if any(row.pk is None for row in rows):  # a database that cannot return ids from a bulk insert
        ids = dict(Notification.objects.filter(key__in=checked).values_list("key", "pk"))
        for row in rows:
            row.pk = ids[row.key]
    schedule_deliveries([row.pk for row in rows])
    return rows


@transaction.atomic
def _notify_each(messages: dict[str, Message]) -> list[Notification]:
    rows, created = [], []
    for key, message in messages.items():
        row, was_created = Notification.objects.get_or_create(key=key, defaults=message.row_values())
        rows.append(row)
        if was_created:
            created.append(row.pk)
    schedule_deliveries(created)
    return rows


def contact_for(user: Any) -> tuple[str, str] | None:
    """The ``(channel, destination)`` to reach ``user`` by, or None if they gave no contact.

    The rule, first match wins: verified email → email; verified phone → SMS; unverified email
    → email; unverified phone → SMS. Email goes first because it costs the regency nothing; an
    unverified contact is still used because the person typed it in themselves (e.g. a guest
    reporter following up on a complaint), and staying silent would be worse.
    """
    if user.email and user.email_verified_at:
        return Notification.Channel.EMAIL, user.email
    if user.phone and user.phone_verified_at:
        return Notification.Channel.SMS, user.phone
    if user.email:
        return Notification.Channel.EMAIL, user.email
    if user.phone:
        return Notification.Channel.SMS, user.phone
    return None


@transaction.atomic
def notify_user(*, user: Any, subject: str, body: str, key: str) -> list[Notification]:
    """Notify ``user`` at the contact ``contact_for`` picks; return the rows (empty: no contact).

    Idempotent like ``notify``: the row's key is ``f"{key}:{channel}"``.
    """
    message = message_for_user(user=user, subject=subject, body=body, key=key)
    if message is None:
        return []
    return [
        notify(
            channel=message.channel,
            destination=message.destination,
            subject=message.subject,
            body=message.body,
            key=message.key,
            user=user,
        )
    ]


def message_for_user(*, user: Any, subject: str, body: str, key: str) -> Message | None:
    """The message ``notify_user`` would queue (for ``notify_many``); None if the user gave no
    contact (logged, as ``notify_user`` does)."""
    contact = contact_for(user)
    if contact is None:
        logger.warning("User %s has no contact to notify (key %s).", user.pk, key)
        return None
    channel, destination = contact
    return Message(
        channel=channel, destination=destination, subject=subject, body=body, key=f"{key}:{channel}", user=user
    )


@transaction.atomic
def resend(*, notification: Notification, by: Any, request: HttpRequest | None = None) -> bool:
    """Give a FAILED notification one more attempt now; return False and change nothing otherwise.

    ``attempts`` is kept (it is history): with the budget already spent, the new attempt is the
    only one, and a failure makes the row FAILED again. Writes a ``notification.resend`` audit
    event with ``by`` as the actor.
    """
    resent = Notification.objects.filter(pk=notification.pk, status=Notification.Status.FAILED).update(
        status=Notification.Status.PENDING, next_attempt_at=timezone.now()
    )
    if not resent:
        return False
    record(
        actor=by,
        action="notification.resend",
        obj=notification,
        before={"status": Notification.Status.FAILED},
        after={"status": Notification.Status.PENDING},
        request=request,
    )
    schedule_delivery(notification.pk)
    return True


@dataclass(frozen=True)
class SweepResult:
    reclaimed: int  # stuck in SENDING, back to PENDING and enqueued
    failed: int  # stuck in SENDING with no attempts left, now FAILED
    requeued: int  # PENDING and overdue (task lost), enqueued again


def sweep(*, stuck_after: timedelta, overdue_after: timedelta, limit: int = 1000) -> SweepResult:
    """Re-enqueue work the queue lost; run every minute or so (``send_pending_notifications``).

    - A row in SENDING claimed more than ``stuck_after`` ago belongs to a worker that died
      mid-send: it goes back to PENDING (or FAILED when its attempts are used up) and is enqueued.
      Choose ``stuck_after`` well above the gateways' timeouts. If the worker died after the
      provider accepted the message, this sends it again; the gateway passes the key as an
      idempotency key so the provider can drop the duplicate.
    - A PENDING row due more than ``overdue_after`` ago lost its task (the process died between
      commit and enqueue, or the queue was purged): it is enqueued again. A task that was merely
      slow is harmless to duplicate, the claim lets only one of them send.

    Each row is taken with a conditional update, so overlapping sweeps and live workers are
    safe. At most ``limit`` rows of each kind per run, oldest first.
    """
    now = timezone.now()
    reclaimed = failed = requeued = 0
    stuck = Notification.objects.filter(status=Notification.Status.SENDING, claimed_at__lt=now - stuck_after).order_by(
        "claimed_at"
    )
    for pk, claimed_at, attempts in stuck.values_list("pk", "claimed_at", "attempts")[:limit]:
        with transaction.atomic():
            row = Notification.objects.filter(pk=pk, status=Notification.Status.SENDING, claimed_at=claimed_at)
            error = gettext("Pengiriman terhenti di tengah jalan (worker berhenti).")
            if attempts >= settings.NOTIFY_MAX_ATTEMPTS:
                failed += row.update(status=Notification.Status.FAILED, last_error=error)
            elif row.update(status=Notification.Status.PENDING, last_error=error, next_attempt_at=now):
                schedule_delivery(pk)
                reclaimed += 1
    overdue = Notification.objects.filter(
        status=Notification.Status.PENDING, next_attempt_at__lt=now - overdue_after
    ).order_by("next_attempt_at")
    for pk, due in overdue.values_list("pk", "next_attempt_at")[:limit]:
        with transaction.atomic():
            # Moving next_attempt_at to now keeps the next sweeps from enqueueing it again
            # while the worker works through a backlog.
            if Notification.objects.filter(pk=pk, status=Notification.Status.PENDING, next_attempt_at=due).update(
                next_attempt_at=now
            ):
                schedule_delivery(pk)
                requeued += 1
    return SweepResult(reclaimed=reclaimed, failed=failed, requeued=requeued)
