import pytest
from django.db import transaction
from django.utils import timezone

from pamong.accounts.models import User
from pamong.notifications.models import Notification
from pamong.notifications.services import Message, contact_for, message_for_user, notify, notify_many, notify_user
from pamong.notifications.tests.conftest import queued_deliveries


def _notify(**overrides):
    values = {
        "channel": "sms",
        "destination": "+6281234567890",
        "subject": "Laporan diterima",
        "body": "Laporan Anda LPR-0001 sudah diterima.",
        "key": "complaint:1:received",
    }
    return notify(**{**values, **overrides})


def test_notify_writes_a_pending_row_and_enqueues_its_delivery_on_commit(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notification = _notify()

    assert len(callbacks) == 1
    notification.refresh_from_db()
    assert (notification.status, notification.attempts, notification.channel, notification.destination) == (
        Notification.Status.PENDING,
        0,
        "sms",
        "+6281234567890",
    )
    assert queued_deliveries() == [([notification.pk], None)]


def test_notify_twice_with_the_same_key_writes_one_row_and_enqueues_once(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = _notify()
        second = _notify(body="Isi lain yang diabaikan")

    assert second.pk == first.pk
    assert Notification.objects.count() == 1
    assert Notification.objects.get().body == "Laporan Anda LPR-0001 sudah diterima."
    assert queued_deliveries() == [([first.pk], None)]


def test_nothing_is_enqueued_when_the_callers_transaction_rolls_back(db, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _notify()
        raise RuntimeError("the caller's work failed")

    assert callbacks == []
    assert Notification.objects.count() == 0
    assert queued_deliveries() == []


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"channel": "pigeon"}, "Unknown notification channel"),
        ({"destination": "  "}, "Destination"),
        ({"key": ""}, "key"),
        ({"key": "k" * 121}, "key"),
        ({"body": " "}, "body"),
    ],
)
def test_notify_refuses_bad_input_and_writes_nothing(db, overrides, message):
    with pytest.raises(ValueError, match=message):
        _notify(**overrides)

    assert Notification.objects.count() == 0


def test_notify_shortens_a_long_subject(db):
    notification = _notify(subject="x" * 250)

    assert notification.subject == "x" * 199 + "…"


def _with_contacts(user: User, *, email_verified: bool, phone: str | None, phone_verified: bool) -> User:
    now = timezone.now()
    user.phone = phone
    user.email_verified_at = now if email_verified else None
    user.phone_verified_at = now if phone_verified else None
    user.save()
    return user


@pytest.mark.parametrize(
    ("email_verified", "phone", "phone_verified", "expected"),
    [
        (True, "+6281234567890", True, ("email", "warga@example.id")),
        (True, None, False, ("email", "warga@example.id")),
        (False, "+6281234567890", True, ("sms", "+6281234567890")),
        (False, "+6281234567890", False, ("email", "warga@example.id")),
        (False, None, False, ("email", "warga@example.id")),
    ],
    ids=[
        "both-verified-email-wins",
        "verified-email",
        "only-phone-verified-sms",
        "nothing-verified-falls-back-to-email",
        "unverified-email-only",
    ],
)
def test_notify_user_picks_one_contact_by_the_rule(
    citizen, django_capture_on_commit_callbacks, email_verified, phone, phone_verified, expected
):
    _with_contacts(citizen, email_verified=email_verified, phone=phone, phone_verified=phone_verified)

    with django_capture_on_commit_callbacks(execute=True):
        notifications = notify_user(user=citizen, subject="Status", body="Laporan diproses.", key="complaint:7")

    channel, destination = expected
    assert [(n.channel, n.destination, n.key, n.user_id) for n in notifications] == [
        (channel, destination, f"complaint:7:{channel}", citizen.pk)
    ]
    assert len(queued_deliveries()) == 1


def test_notify_user_falls_back_to_an_unverified_phone_when_there_is_no_email(db):
    user = User.objects.create_user(phone="+6281111111111", password="Rahasia-Uji-2026", full_name="Tamu")

    notifications = notify_user(user=user, subject="", body="Laporan diterima.", key="complaint:8")

    assert [(n.channel, n.destination) for n in notifications] == [("sms", "+6281111111111")]


def test_notify_user_twice_with_the_same_key_is_a_no_op(citizen, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = notify_user(user=citizen, subject="Status", body="Laporan diproses.", key="complaint:7")
        second = notify_user(user=citizen, subject="Status", body="Laporan diproses.", key="complaint:7")

    assert [n.pk for n in second] == [n.pk for n in first]
    assert Notification.objects.count() == 1
    assert len(queued_deliveries()) == 1


def test_contact_for_a_user_without_any_contact_is_none():
    assert contact_for(User(email=None, phone=None)) is None


# --- notify_many: the fan-out of one event in one INSERT ------------------------------------


def _message(n: int, **overrides) -> Message:
    values = {
        "channel": "email",
        "destination": f"koordinator{n}@example.id",
        "subject": "Laporan baru",
        "body": f"Laporan LPR-000{n} menunggu verifikasi.",
        "key": f"complaint:1:event:1:user:{n}",
    }
    return Message(**{**values, **overrides})


def test_notify_many_writes_every_row_with_one_insert_and_enqueues_each_delivery_on_commit(
    db, django_assert_num_queries, django_capture_on_commit_callbacks
):
    # A savepoint around one INSERT.
    with django_capture_on_commit_callbacks(execute=True) as callbacks, django_assert_num_queries(3):
        rows = notify_many([_message(n) for n in range(4)])

    assert [row.key for row in rows] == [f"complaint:1:event:1:user:{n}" for n in range(4)]
    assert list(Notification.objects.order_by("pk").values_list("destination", "status")) == [
        (f"koordinator{n}@example.id", Notification.Status.PENDING) for n in range(4)
    ]
    assert len(callbacks) == 1  # one commit for the whole batch of tasks
    assert queued_deliveries() == [([row.pk], None) for row in rows]


def test_notify_many_again_returns_the_same_rows_and_sends_nothing_more(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = notify_many([_message(n) for n in range(3)])
        again = notify_many([_message(n, body="Isi lain yang diabaikan") for n in range(3)])

    assert [row.pk for row in again] == [row.pk for row in first]
    assert Notification.objects.count() == 3
    assert not Notification.objects.filter(body="Isi lain yang diabaikan").exists()
    assert len(queued_deliveries()) == 3


def test_notify_many_with_some_keys_already_used_writes_and_enqueues_only_the_new_ones(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        (old,) = notify_many([_message(1)])
        rows = notify_many([_message(0), _message(1), _message(2)])

    assert rows[1].pk == old.pk
    assert Notification.objects.count() == 3
    assert sorted(args[0] for args, _ in queued_deliveries()) == sorted(row.pk for row in rows)


def test_notify_many_counts_a_key_given_twice_once(db):
    rows = notify_many([_message(1), _message(1, destination="lain@example.id")])

    assert [(row.key, row.destination) for row in rows] == [("complaint:1:event:1:user:1", "koordinator1@example.id")]
    assert Notification.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"channel": "pigeon"}, "Unknown notification channel"),
        ({"destination": " "}, "Destination"),
        ({"key": "k" * 121}, "key"),
        ({"body": ""}, "body"),
    ],
)
def test_notify_many_refuses_a_bad_message_and_writes_none_of_them(db, overrides, message):
    with pytest.raises(ValueError, match=message):
        notify_many([_message(0), _message(1, **overrides)])

    assert Notification.objects.count() == 0


def test_notify_many_enqueues_nothing_when_the_callers_transaction_rolls_back(db, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notify_many([_message(0), _message(1)])
        raise RuntimeError("the caller's work failed")

    assert callbacks == []
    assert Notification.objects.count() == 0
    assert queued_deliveries() == []


def test_message_for_user_follows_the_contact_rule_and_is_none_without_a_contact(citizen):
    message = message_for_user(user=citizen, subject="Status", body="Laporan diproses.", key="complaint:7")
    assert (message.channel, message.destination, message.key, message.user) == (
        "email",
        "warga@example.id",
        "complaint:7:email",
        citizen,
    )
    assert message_for_user(user=User(email=None, phone=None), subject="", body="x", key="k") is None
