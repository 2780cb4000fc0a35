from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pamong.audit.models import Event
from pamong.notifications.admin import mask_destination
from pamong.notifications.models import Notification
from pamong.notifications.services import notify
from pamong.notifications.tests.conftest import queued_deliveries

CHANGELIST = "admin:notifications_notification_changelist"


def _row(key: str, status: str, destination: str = "+6281234567890") -> Notification:
    extra = {"sent_at": timezone.now()} if status == "sent" else {}
    return Notification.objects.create(
        key=key, channel="sms", destination=destination, body="Isi", status=status, attempts=5, **extra
    )


def test_admin_lists_notifications_with_masked_destinations(client, admin_user):
    _row("a", "failed")
    _row("b", "sent", destination="warga@example.id")
    client.force_login(admin_user)

    response = client.get(reverse(CHANGELIST), {"status__exact": "failed", "channel__exact": "sms"})

    assert response.status_code == 200
    assert [n.key for n in response.context["cl"].result_list] == ["a"]
    content = response.content.decode()
    assert "+62812*****890" in content
    assert "+6281234567890" not in content


def test_admin_is_read_only(client, admin_user):
    notification = _row("a", "failed")
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:notifications_notification_change", args=[notification.pk]), {"status": "sent"}
    )

    assert response.status_code == 403
    assert Notification.objects.get().status == "failed"


def test_admin_resend_action_requeues_failed_rows_only_and_audits_them(
    client, admin_user, django_capture_on_commit_callbacks
):
    failed = _row("a", "failed")
    sent = _row("b", "sent")
    client.force_login(admin_user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse(CHANGELIST),
            {"action": "resend_failed", "_selected_action": [failed.pk, sent.pk]},
            follow=True,
        )

    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert messages == [
        "1 notifikasi dijadwalkan untuk dikirim ulang.",
        "1 notifikasi dilewati: hanya yang berstatus Gagal yang bisa dikirim ulang.",
    ]
    assert dict(Notification.objects.values_list("key", "status")) == {"a": "pending", "b": "sent"}
    assert queued_deliveries() == [([failed.pk], None)]
    assert list(Event.objects.values_list("action", "object_id", "actor")) == [
        ("notification.resend", str(failed.pk), admin_user.pk)
    ]


def test_mask_destination_keeps_enough_to_recognise():
    assert mask_destination("siti.aminah@example.id") == "si***@example.id"
    assert mask_destination("+6281234567890") == "+62812*****890"
    assert mask_destination("12345") == "***"


def test_admin_list_queries_do_not_grow_with_the_rows(client, admin_user, django_assert_num_queries):
    client.force_login(admin_user)
    _row("first", "failed")
    with CaptureQueriesContext(connection) as few:
        client.get(reverse(CHANGELIST))
    for i in range(30):
        _row(f"more-{i}", "sent")

    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(reverse(CHANGELIST))

    assert len(response.context["cl"].result_list) == 31


def test_admin_never_shows_a_sensitive_body(client, admin_user):
    secret = notify(channel="email", destination="a@example.id", body="Kode Anda: 654321", key="otc:9", sensitive=True)
    client.force_login(admin_user)

    page = client.get(reverse("admin:notifications_notification_change", args=[secret.pk])).content.decode()

    assert "654321" not in page
    assert "[berisi kode rahasia, tidak ditampilkan]" in page
