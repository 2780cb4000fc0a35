"""Rate-limit gaps found by the security tests, now fixed; these tests keep them fixed.

1. The sign-in lock can be sidestepped with another writing of the same phone number.
   ``accounts.services._throttle_key`` only strips and lower-cases the identifier, while the
   backend normalises phone numbers (``normalize_phone``): "081234567890", "+6281234567890",
   "0812-3456-7890", "0812 3456 7890" … are one account but separate counters, so an attacker
   gets five guesses per writing (and there are endless writings). Fix, in
   ``pamong/accounts/services.py`` ``_throttle_key``: when ``looks_like_phone(identifier)``,
   return ``normalize_phone(identifier)`` (falling back to the stripped text on
   ValidationError); otherwise ``identifier.strip().lower()``.

2. Guest reports have no limit per address. Each guest report with a new email or phone
   stores a report and sends a one-time code (an SMS costs money): a script can fill the
   queue's database and drain the SMS budget, since the code limit is per destination only.
   Fix: in ``complaints.services.submit_report`` (or the submit view), refuse a guest's report
   when the same ``REMOTE_ADDR`` already sent ``settings.COMPLAINTS_GUEST_REPORTS_PER_HOUR``
   (default e.g. 10) in the last hour: count ``Report`` rows with ``reporter=None`` and a new
   ``submitted_from_ip`` field, or reuse a small table like ``accounts.LoginFailure``; the
   view answers 429 with "Terlalu banyak laporan dari alamat ini. Coba lagi dalam satu jam."
   and saves nothing (no report, no code).
"""

import pytest
from django.urls import reverse

from pamong.accounts.models import OneTimeCode
from pamong.complaints.models import Report
from pamong.conftest import PASSWORD

from .conftest import BODY, client_as


@pytest.mark.parametrize("written", ["+6281234567890", "0812-3456-7890", "0812 3456 7890", "62812 3456 7890"])
def test_another_writing_of_the_phone_number_does_not_escape_the_sign_in_lock(shared_client, citizen, written):
    citizen.phone = "+6281234567890"
    citizen.save()
    client = client_as(shared_client, None)
    for _ in range(5):
        client.post(reverse("accounts:login"), {"identifier": "081234567890", "password": "salah-sekali-123"})

    response = client.post(reverse("accounts:login"), {"identifier": written, "password": PASSWORD})

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_guest_reports_from_one_address_are_limited(shared_client, village, settings):
    settings.COMPLAINTS_GUEST_REPORTS_PER_HOUR = 3
    client = client_as(shared_client, None)

    def send(number):
        return client.post(
            reverse("complaints:submit"),
            {
                "type": "pengaduan",
                "title": f"Laporan tamu nomor {number}",
                "body": BODY,
                "village": village.code,
                "contact": f"tamu{number}@example.org",
                "idempotency_key": f"tamu-{number}",
            },
            REMOTE_ADDR="198.51.100.23",
        )

    for number in range(3):
        assert send(number).status_code == 302
    response = send(3)

    assert response.status_code == 429
    assert "Terlalu banyak laporan" in response.content.decode()
    assert Report.objects.count() == 3
    assert OneTimeCode.objects.count() == 3
