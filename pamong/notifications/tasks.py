"""Delivering notifications in the background worker (``manage.py db_worker``).

``deliver_notification`` is safe to run twice, late, or on two workers at once: it claims the
row with a conditional update (PENDING → SENDING) and does nothing when the claim finds no row,
so a duplicated task, a task for a row the sweeper already re-enqueued, or a task for a SENT
row sends nothing. Failures go back to PENDING with a later ``next_attempt_at`` and a new task
scheduled for that time (exponential backoff), until ``NOTIFY_MAX_ATTEMPTS`` claims have failed.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from .gateways import GatewayError, gateway_for
from .models import Notification

logger = logging.getLogger(__name__)

# Attempt 1 failed → wait 30 s, then 1, 2, 4 … minutes, never more than an hour. With the
# default five attempts the last one happens ~7.5 minutes after the first: a one-time code
# (valid 10 minutes) is still worth sending by then.
RETRY_BASE_DELAY = timedelta(seconds=30)
RETRY_MAX_DELAY = timedelta(hours=1)


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failed attempt (attempts ≥ 1)."""
    return min(RETRY_BASE_DELAY * 2 ** (attempts - 1), RETRY_MAX_DELAY)


@task()
def deliver_notification(notification_id: int) -> str:
    """Send notification ``notification_id`` if it is PENDING; return what happened.

    Outcomes: "sent"; "retry" (gateway failed, another task is scheduled); "failed" (that was
    the last attempt); "skipped" (not PENDING: already sent, failed, claimed by another worker,
    or deleted). An unexpected exception (a bug, a misconfigured gateway) is recorded on the row
    like a gateway failure and then re-raised so the task result keeps the traceback.
    """
    claimed_at = timezone.now()
    claimed = Notification.objects.filter(pk=notification_id, status=Notification.Status.PENDING).update(
        status=Notification.Status.SENDING, claimed_at=claimed_at, attempts=F("attempts") + 1
    )
    if not claimed:
        return "skipped"
    notification = Notification.objects.get(pk=notification_id)
    try:
        gateway_for(notification.channel).send(notification)
    except Exception as exc:
        outcome = _record_failure(notification, claimed_at=claimed_at, error=exc)
        if not isinstance(exc, GatewayError):
            raise
        return outcome
    # Unconditional on purpose: the provider accepted the message, so SENT is the truth even if
    # the sweeper meanwhile took the row back (a send that outlived the stuck threshold); a
    # re-enqueued task then finds nothing to claim.
    Notification.objects.filter(pk=notification_id).exclude(status=Notification.Status.SENT).update(
        status=Notification.Status.SENT, sent_at=timezone.now(), last_error=""
    )
    # A delivered secret has no reason to stay readable in the database.
    Notification.objects.filter(pk=notification_id, is_sensitive=True).update(body=ERASED_BODY)
    return "sent"


ERASED_BODY = "[dihapus setelah terkirim]"


def _record_failure(notification: Notification, *, claimed_at: datetime, error: Exception) -> str:
    message = (str(error) or type(error).__name__)[:1000]
    # Only while the claim is still ours: if the sweeper reclaimed the row meanwhile, its new
    # owner decides what happens next.
    ours = Notification.objects.filter(pk=notification.pk, status=Notification.Status.SENDING, claimed_at=claimed_at)
    if notification.attempts >= settings.NOTIFY_MAX_ATTEMPTS:
        ours.update(status=Notification.Status.FAILED, last_error=message)
        logger.warning(
            "Notification %s failed for good after %d attempts: %s", notification.pk, notification.attempts, message
        )
        return "failed"
    run_after = timezone.now() + retry_delay(notification.attempts)
    with transaction.atomic():
        if ours.update(status=Notification.Status.PENDING, last_error=message, next_attempt_at=run_after):
            schedule_delivery(notification.pk, run_after=run_after)
    logger.warning(
        "Notification %s attempt %d failed, retrying at %s: %s",
        notification.pk,
        notification.attempts,
        run_after.isoformat(),
        message,
    )
    return "retry"


def schedule_deliveries(notification_ids: list[int]) -> None:
    """Enqueue ``deliver_notification`` for each id once the current transaction commits.

    One task per row, as ``schedule_delivery`` (a failure retries that row alone), but all
    enqueued in one transaction: with the database queue that is one commit for the batch
    instead of one per row. ``robust`` as there: if enqueueing fails, the rows stay PENDING and
    the sweeper enqueues them later.
    """
    ids = list(notification_ids)
    if not ids:
        return

    def enqueue_all() -> None:
        with transaction.atomic():
            for notification_id in ids:
                deliver_notification.enqueue(notification_id)

    transaction.on_commit(enqueue_all, robust=True)


def schedule_delivery(notification_id: int, *, run_after: datetime | None = None) -> None:
    """Enqueue ``deliver_notification`` once the current transaction commits.

    ``robust``: the caller's data is already committed when this runs, so a failing enqueue is
    logged rather than turned into an error page; the sweeper re-enqueues the row later.
    """
    delivery = deliver_notification.using(run_after=run_after) if run_after else deliver_notification
    transaction.on_commit(lambda: delivery.enqueue(notification_id), robust=True)
