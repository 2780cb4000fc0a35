import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from pamong.accounts import services
from pamong.accounts.models import OneTimeCode, User
from pamong.audit.models import Event
from pamong.notifications.models import Notification

GOOD_PASSWORD = "Bengawan-Solo-88"


def register(client, **overrides):
    data = {
        "full_name": "Sri Wahyuni",
        "email": "sri@example.id",
        "phone": "",
        "password1": GOOD_PASSWORD,
        "password2": GOOD_PASSWORD,
    }
    data.update(overrides)
    return client.post(reverse("accounts:register"), data)


def sent_code(destination: str) -> str:
    body = Notification.objects.filter(destination=destination).latest("created_at").body
    return re.search(r"\b(\d{6})\b", body).group(1)


def test_citizen_registers_and_gets_a_code_by_email(client, db):
    response = register(client)

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:verify")
    user = User.objects.get()
    assert (user.email, user.role, user.is_verified) == ("sri@example.id", "citizen", False)
    notification = Notification.objects.get()
    assert (notification.channel, notification.destination) == ("email", "sri@example.id")
    assert OneTimeCode.objects.filter(destination="sri@example.id", purpose="verify_contact").count() == 1
    assert list(Event.objects.values_list("action", flat=True)) == ["account.register"]


def test_citizen_registers_with_phone_only_and_gets_an_sms(client, db):
    response = register(client, email="", phone="0812-3456-7890")

    assert response.status_code == 302
    user = User.objects.get()
    assert (user.email, user.phone) == (None, "+6281234567890")
    assert Notification.objects.get().channel == "sms"


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"email": "", "phone": ""}, None, "Isi email atau nomor HP"),
        ({"password1": "12345678901", "password2": "12345678901"}, "password1", "angka"),
        ({"password1": "pendek", "password2": "pendek"}, "password1", "terlalu pendek"),
        ({"password2": "Lain-Sekali-99"}, "password2", "Kedua kata sandi tidak sama"),
        ({"phone": "12345"}, "phone", "Nomor HP harus diawali 08"),
        ({"email": "bukan-email"}, "email", "alamat email yang valid"),
    ],
)
def test_bad_registration_input_is_refused_with_a_message_and_nothing_saved(client, db, overrides, field, message):
    response = register(client, **overrides)

    assert response.status_code == 200
    form = response.context["form"]
    errors = form.errors.get(field or "__all__", [])
    assert any(message in error for error in errors), form.errors
    assert User.objects.count() == 0
    assert Notification.objects.count() == 0
    assert Event.objects.count() == 0


def test_duplicate_email_is_refused_whatever_its_case(client, citizen):
    response = register(client, email="WARGA@example.id")

    assert "Email ini sudah terdaftar" in response.context["form"].errors["email"][0]
    assert User.objects.count() == 1


def test_duplicate_phone_is_refused_in_any_writing(client, db):
    services.register_citizen(full_name="A", email=None, phone="+62 812 3456 7890", password=GOOD_PASSWORD)

    response = register(client, email="", phone="081234567890")

    assert "Nomor HP ini sudah terdaftar" in response.context["form"].errors["phone"][0]
    assert User.objects.count() == 1


def test_the_right_code_verifies_the_contact(client, db):
    register(client)

    response = client.post(reverse("accounts:verify"), {"code": sent_code("sri@example.id")})

    assert response.status_code == 302
    user = User.objects.get()
    assert user.email_verified_at is not None
    assert Event.objects.filter(action="account.verify_contact", actor=user).count() == 1


def test_a_wrong_code_is_counted_and_does_not_verify(client, db):
    register(client)
    right = sent_code("sri@example.id")
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"

    response = client.post(reverse("accounts:verify"), {"code": wrong})

    assert "Kode salah. Sisa 4 percobaan." in response.context["form"].errors["code"]
    assert OneTimeCode.objects.get().attempts == 1
    assert User.objects.get().email_verified_at is None


def test_a_code_dies_after_five_wrong_guesses_even_for_the_right_one(client, db):
    register(client)
    right = sent_code("sri@example.id")
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    for _ in range(5):
        client.post(reverse("accounts:verify"), {"code": wrong})

    response = client.post(reverse("accounts:verify"), {"code": right})

    assert "Terlalu banyak percobaan salah" in response.context["form"].errors["code"][0]
    assert User.objects.get().email_verified_at is None


def test_an_expired_code_is_refused(client, db):
    register(client)
    code = sent_code("sri@example.id")
    OneTimeCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    response = client.post(reverse("accounts:verify"), {"code": code})

    assert "Kode sudah kedaluwarsa" in response.context["form"].errors["code"][0]
    assert User.objects.get().email_verified_at is None


def test_a_code_cannot_be_used_twice(db):
    user = services.register_citizen(full_name="A", email="a@example.id", phone=None, password=GOOD_PASSWORD)
    code = sent_code("a@example.id")
    services.verify_contact(user=user, code=code)

    with pytest.raises(services.OneTimeCodeError, match="Tidak ada kode aktif"):
        services.consume_one_time_code(purpose="verify_contact", destination="a@example.id", code=code)


def test_malformed_code_is_refused_by_the_form(client, db):
    register(client)

    response = client.post(reverse("accounts:verify"), {"code": "12ab"})

    assert response.context["form"].errors["code"] == ["Kode terdiri dari 6 angka."]
    assert OneTimeCode.objects.get().attempts == 0


def test_resending_a_code_within_a_minute_is_refused(client, db):
    register(client)

    response = client.post(reverse("accounts:resend_code"), follow=True)

    assert "Tunggu satu menit" in response.content.decode()
    assert OneTimeCode.objects.count() == 1


def test_resending_after_a_minute_sends_a_new_code_and_caps_at_five_an_hour(client, db):
    register(client)
    for expected in range(2, 6):
        OneTimeCode.objects.update(created_at=timezone.now() - timedelta(minutes=2))
        client.post(reverse("accounts:resend_code"))
        assert OneTimeCode.objects.count() == expected
    OneTimeCode.objects.update(created_at=timezone.now() - timedelta(minutes=2))

    response = client.post(reverse("accounts:resend_code"), follow=True)

    assert "Terlalu banyak permintaan kode" in response.content.decode()
    assert OneTimeCode.objects.count() == 5


def test_registering_right_after_a_code_went_to_the_same_contact_still_creates_the_account(client, db):
    services.issue_one_time_code(purpose="guest_report", channel="email", destination="sri@example.id")

    response = register(client)

    assert response.status_code == 302
    assert User.objects.filter(email="sri@example.id").count() == 1
    assert OneTimeCode.objects.filter(destination="sri@example.id").count() == 1
