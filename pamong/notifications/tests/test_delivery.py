from datetime import timedelta

import pytest
from django.utils import timezone

from pamong.audit.models import Event
from pamong.notifications.models import Notification
from pamong.notifications.services import notify, resend
from pamong.notifications.tasks import deliver_notification, retry_delay
from pamong.notifications.tests.conftest import queued_deliveries


def _pending(key: str = "complaint:1:received") -> Notification:
    return notify(channel="sms", destination="+6281234567890", subject="Status", body="Diproses.", key=key)


def test_delivery_sends_the_message_and_marks_it_sent(recording_gateway):
    notification = _pending()

    assert deliver_notification.call(notification.pk) == "sent"

    notification.refresh_from_db()
    assert recording_gateway.sent == [("sms", "+6281234567890", "Status", "Diproses.", "complaint:1:received")]
    assert (notification.status, notification.attempts, notification.last_error) == (
        Notification.Status.SENT,
        1,
        "",
    )
    assert notification.sent_at is not None
    assert notification.claimed_at <= notification.sent_at


def test_a_second_delivery_of_a_sent_notification_sends_nothing(recording_gateway):
    notification = _pending()
    deliver_notification.call(notification.pk)
    sent_at = Notification.objects.get().sent_at

    assert deliver_notification.call(notification.pk) == "skipped"

    notification.refresh_from_db()
    assert len(recording_gateway.sent) == 1
    assert (notification.status, notification.attempts, notification.sent_at) == (
        Notification.Status.SENT,
        1,
        sent_at,
    )


def test_delivery_of_a_deleted_notification_is_skipped(recording_gateway):
    notification = _pending()
    Notification.objects.all().delete()

    assert deliver_notification.call(notification.pk) == "skipped"
    assert recording_gateway.sent == []


def test_gateway_failure_puts_the_row_back_and_schedules_a_retry_with_backoff(
    failing_gateway, django_capture_on_commit_callbacks
):
    notification = _pending()
    before = timezone.now()

    with django_capture_on_commit_callbacks(execute=True):
        assert deliver_notification.call(notification.pk) == "retry"

    notification.refresh_from_db()
    assert (notification.status, notification.attempts, notification.last_error) == (
        Notification.Status.PENDING,
        1,
        "provider down",
    )
    assert before + timedelta(seconds=30) <= notification.next_attempt_at <= timezone.now() + timedelta(seconds=30)
    assert queued_deliveries() == [([notification.pk], notification.next_attempt_at)]


def test_retry_delay_doubles_and_is_capped_at_an_hour():
    assert [retry_delay(n).total_seconds() for n in range(1, 6)] == [30, 60, 120, 240, 480]
    assert retry_delay(30) == timedelta(hours=1)


def test_notification_fails_for_good_after_the_maximum_attempts(
    failing_gateway, settings, django_capture_on_commit_callbacks
):
    settings.NOTIFY_MAX_ATTEMPTS = 3
    notification = _pending()

    with django_capture_on_commit_callbacks(execute=True):
        outcomes = [deliver_notification.call(notification.pk) for _ in range(4)]

    notification.refresh_from_db()
    assert outcomes == ["retry", "retry", "failed", "skipped"]
    assert failing_gateway.calls == 3
    assert (notification.status, notification.attempts, notification.last_error) == (
        Notification.Status.FAILED,
        3,
        "provider down",
    )
    assert notification.sent_at is None
    # One retry task per failure but the last.
    assert len(queued_deliveries()) == 2


def test_an_unexpected_gateway_exception_is_recorded_and_re_raised(broken_gateway, django_capture_on_commit_callbacks):
    notification = _pending()

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError, match="bug in gateway"):
        deliver_notification.call(notification.pk)

    notification.refresh_from_db()
    assert (notification.status, notification.attempts, notification.last_error) == (
        Notification.Status.PENDING,
        1,
        "bug in gateway",
    )
    assert len(queued_deliveries()) == 1


def test_resend_gives_a_failed_notification_one_more_attempt_and_audits_it(
    recording_gateway, admin_user, settings, django_capture_on_commit_callbacks
):
    settings.NOTIFY_MAX_ATTEMPTS = 2
    notification = _pending()
    Notification.objects.update(status=Notification.Status.FAILED, attempts=2, last_error="provider down")

    with django_capture_on_commit_callbacks(execute=True):
        assert resend(notification=notification, by=admin_user) is True
    assert deliver_notification.call(notification.pk) == "sent"

    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (Notification.Status.SENT, 3)
    event = Event.objects.get(action="notification.resend")
    assert (event.actor, event.object_id, event.before, event.after) == (
        admin_user,
        str(notification.pk),
        {"status": "failed"},
        {"status": "pending"},
    )


def test_resend_of_a_notification_that_has_not_failed_changes_nothing(recording_gateway, admin_user):
    notification = _pending()
    deliver_notification.call(notification.pk)

    assert resend(notification=notification, by=admin_user) is False

    assert Notification.objects.get().status == Notification.Status.SENT
    assert Event.objects.filter(action="notification.resend").count() == 0


def test_a_sensitive_body_is_delivered_then_erased(recording_gateway):
    notification = notify(
        channel="sms", destination="+6281234567890", body="Kode Anda: 123456", key="otc:1", sensitive=True
    )

    deliver_notification.call(notification.pk)

    notification.refresh_from_db()
    assert recording_gateway.sent[0][3] == "Kode Anda: 123456"
    assert notification.body == "[dihapus setelah terkirim]"


def test_an_ordinary_body_is_kept_after_delivery(recording_gateway):
    notification = _pending()

    deliver_notification.call(notification.pk)

    notification.refresh_from_db()
    assert notification.body == "Diproses."
