from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from pamong.notifications.models import Notification
from pamong.notifications.tests.conftest import queued_deliveries


def _row(key: str, **fields) -> Notification:
    return Notification.objects.create(key=key, channel="sms", destination="+6281234567890", body="Isi", **fields)


def _sweep(*args: str) -> str:
    out = StringIO()
    call_command("send_pending_notifications", *args, stdout=out)
    return out.getvalue().strip()


def test_sweeper_takes_back_a_row_stuck_in_sending_and_enqueues_it(db, django_capture_on_commit_callbacks):
    now = timezone.now()
    stuck = _row("stuck", status="sending", attempts=1, claimed_at=now - timedelta(minutes=11))
    busy = _row("busy", status="sending", attempts=1, claimed_at=now - timedelta(seconds=20))

    with django_capture_on_commit_callbacks(execute=True):
        assert _sweep() == "reclaimed=1 failed=0 requeued=0"

    stuck.refresh_from_db()
    busy.refresh_from_db()
    assert (stuck.status, stuck.attempts, stuck.last_error) == (
        "pending",
        1,
        "Pengiriman terhenti di tengah jalan (worker berhenti).",
    )
    assert busy.status == "sending"
    assert queued_deliveries() == [([stuck.pk], None)]


def test_sweeper_fails_a_stuck_row_with_no_attempts_left(db, settings, django_capture_on_commit_callbacks):
    settings.NOTIFY_MAX_ATTEMPTS = 2
    stuck = _row("stuck", status="sending", attempts=2, claimed_at=timezone.now() - timedelta(minutes=11))

    with django_capture_on_commit_callbacks(execute=True):
        assert _sweep() == "reclaimed=0 failed=1 requeued=0"

    stuck.refresh_from_db()
    assert stuck.status == "failed"
    assert queued_deliveries() == []


def test_sweeper_re_enqueues_only_pending_rows_long_overdue(db, django_capture_on_commit_callbacks):
    now = timezone.now()
    lost = _row("lost", next_attempt_at=now - timedelta(minutes=6))
    fresh = _row("fresh", next_attempt_at=now - timedelta(seconds=10))
    backing_off = _row("backing-off", attempts=2, next_attempt_at=now + timedelta(minutes=1))
    _row("sent", status="sent", sent_at=now - timedelta(hours=1), next_attempt_at=now - timedelta(hours=1))
    _row("failed", status="failed", next_attempt_at=now - timedelta(hours=1))

    with django_capture_on_commit_callbacks(execute=True):
        assert _sweep() == "reclaimed=0 failed=0 requeued=1"
        # Moved to "due now": the next run leaves it to the queue instead of piling up tasks.
        assert _sweep() == "reclaimed=0 failed=0 requeued=0"

    lost.refresh_from_db()
    assert lost.status == "pending"
    assert lost.next_attempt_at > now
    assert queued_deliveries() == [([lost.pk], None)]
    assert Notification.objects.get(pk=fresh.pk).next_attempt_at == fresh.next_attempt_at
    assert Notification.objects.get(pk=backing_off.pk).next_attempt_at == backing_off.next_attempt_at


def test_sweeper_thresholds_are_options(db, django_capture_on_commit_callbacks):
    now = timezone.now()
    _row("stuck", status="sending", attempts=1, claimed_at=now - timedelta(seconds=30))
    _row("lost", next_attempt_at=now - timedelta(seconds=30))

    with django_capture_on_commit_callbacks(execute=True):
        assert _sweep("--stuck-after", "10", "--overdue-after", "10") == "reclaimed=1 failed=0 requeued=1"

    assert len(queued_deliveries()) == 2
