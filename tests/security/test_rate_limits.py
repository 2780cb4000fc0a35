"""Rate limits that pamong/accounts/tests do not already pin: the sign-in lock's scope and
expiry, and the one-time-code limits on the guest report's confirmation page.

(Locking an identifier after five failures, locking an address after twenty, 429 for the
right password while locked, and resending a verification code once a minute and five
times an hour are in pamong/accounts/tests/test_sign_in.py and test_registration.py.)
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from pamong.accounts.models import LoginFailure, OneTimeCode
from pamong.complaints.models import Report
from pamong.notifications.models import Notification

from .conftest import PASSWORD, client_as, fingerprint, make_report

WRONG = "salah-sekali-123"


@pytest.fixture
def later(monkeypatch):
    """``later(minutes)`` moves the clock that the services read forward."""
    start = timezone.now()

    def move(minutes: float):
        monkeypatch.setattr(timezone, "now", lambda: start + timedelta(minutes=minutes))

    return move


def sign_in(client, identifier, password=PASSWORD, ip="198.51.100.7"):
    return client.post(reverse("accounts:login"), {"identifier": identifier, "password": password}, REMOTE_ADDR=ip)


# --- Sign-in -----------------------------------------------------------------------------------


def test_the_lock_covers_every_letter_case_of_the_email(shared_client, citizen):
    client = client_as(shared_client, None)
    for written in [
        "warga@example.id",
        "WARGA@example.id",
        "Warga@Example.ID",
        " warga@example.id ",
        "wArGa@example.id",
    ]:
        sign_in(client, written, WRONG)

    response = sign_in(client, "warga@EXAMPLE.id")

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_follows_the_account_to_another_address(shared_client, citizen):
    client = client_as(shared_client, None)
    for number in range(5):
        sign_in(client, citizen.email, WRONG, ip=f"203.0.113.{number}")

    response = sign_in(client, citizen.email, ip="192.0.2.200")

    assert response.status_code == 429


def test_a_locked_account_does_not_lock_its_neighbours(shared_client, citizen, other_citizen):
    client = client_as(shared_client, None)
    for number in range(5):
        sign_in(client, citizen.email, WRONG, ip=f"203.0.113.{number}")

    response = sign_in(client, other_citizen.email, ip="192.0.2.200")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(other_citizen.pk)


def test_attempts_while_locked_are_not_counted_and_the_lock_ends_on_time(shared_client, citizen, later, settings):
    client = client_as(shared_client, None)
    for _ in range(5):
        sign_in(client, citizen.email, WRONG)
    later(settings.LOGIN_LOCKOUT_MINUTES - 1)
    for _ in range(10):
        assert sign_in(client, citizen.email, WRONG).status_code == 429
    assert LoginFailure.objects.count() == 5

    later(settings.LOGIN_LOCKOUT_MINUTES + 1)
    response = sign_in(client, citizen.email)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(citizen.pk)


def test_the_address_lock_also_refuses_a_right_password(shared_client, citizen, settings):
    client = client_as(shared_client, None)
    for number in range(4 * settings.LOGIN_MAX_FAILURES):
        sign_in(client, f"coba{number}@example.id", WRONG)

    response = sign_in(client, citizen.email)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert sign_in(client, citizen.email, ip="192.0.2.1").status_code == 302  # another address


# --- One-time codes on the guest's confirmation page ------------------------------------------


@pytest.fixture
def guest_report(village, monkeypatch):
    monkeypatch.setattr("pamong.accounts.services.secrets.randbelow", lambda n: 424242)
    return make_report(by=None, village=village, contact="0812 3456 7890")


def test_a_guest_gets_at_most_five_codes_an_hour(shared_client, guest_report, later):
    client = client_as(shared_client, None)
    url = reverse("complaints:confirm", args=[guest_report.access_token])
    for minute in range(2, 12, 2):
        later(minute)
        client.post(url, {"resend": "1"})
    assert OneTimeCode.objects.filter(destination="+6281234567890").count() == 5

    later(13)
    response = client.post(url, {"resend": "1"}, follow=True)

    assert "Terlalu banyak permintaan kode. Coba lagi dalam satu jam." in response.content.decode()
    assert OneTimeCode.objects.count() == 5
    assert Notification.objects.filter(key__startswith="otc:").count() == 5


def test_every_writing_of_a_phone_number_shares_one_code_limit(village, guest_report):
    before = OneTimeCode.objects.count()

    second = make_report(by=None, village=village, contact="+62 812-3456-7890", title="Lampu jalan padam di gang")

    assert second.guest_contact == guest_report.guest_contact == "+6281234567890"
    assert OneTimeCode.objects.count() == before == 1


def test_a_guest_code_and_an_account_code_to_one_number_share_the_limit(shared_client, guest_report):
    client = client_as(shared_client, None)

    response = client.post(
        reverse("accounts:register"),
        {
            "full_name": "Tamu Mendaftar",
            "email": "",
            "phone": "081234567890",
            "password1": "Kata-Sandi-Panjang-1",
            "password2": "Kata-Sandi-Panjang-1",
        },
    )

    # Whatever the page then says, no second SMS goes to the number within the minute.
    assert response.status_code in (200, 302)
    assert OneTimeCode.objects.count() == 1
    assert Notification.objects.filter(destination="+6281234567890").count() == 1


def test_five_wrong_codes_kill_the_guest_code_even_for_the_right_one(shared_client, guest_report):
    client = client_as(shared_client, None)
    url = reverse("complaints:confirm", args=[guest_report.access_token])
    for _ in range(5):
        client.post(url, {"code": "000000"})
    before = fingerprint()

    response = client.post(url, {"code": "424242"})

    assert "Terlalu banyak percobaan salah. Minta kode baru." in response.content.decode()
    assert fingerprint() == before
    guest_report.refresh_from_db()
    assert guest_report.status == Report.Status.AWAITING_CONFIRMATION
