from datetime import timedelta

import pytest
from django.contrib.auth.hashers import check_password
from django.urls import reverse
from django.utils import timezone

from pamong.audit.models import Event
from pamong.letters import pins
from pamong.letters.errors import LetterError
from pamong.letters.models import ResidentPin
from pamong.letters.queries import SESSION_KEY

from .conftest import HEAD_NIK


def sign_in(client, pin, nik=HEAD_NIK):
    return client.post(reverse("letters:sign_in"), {"nik": nik, "pin": pin})


def test_an_operator_issues_a_pin_that_is_stored_hashed_and_must_be_changed(head, village_operator):
    pin = pins.issue_pin(resident=head, by=village_operator, phone="081234567890")
    row = ResidentPin.objects.get(resident=head)
    assert len(pin) == 6 and pin.isdigit() and not pins.is_weak(pin)
    assert pin not in row.pin_hash and check_password(pin, row.pin_hash)
    assert (row.must_change, row.phone, row.issued_by) == (True, "081234567890", village_operator)
    event = Event.objects.get(action="letters.pin_issue")
    assert pin not in str(event.after)


def test_an_operator_of_another_village_cannot_issue_a_pin(head, other_operator):
    with pytest.raises(LetterError) as exc:
        pins.issue_pin(resident=head, by=other_operator)
    assert exc.value.code == "forbidden"
    assert not ResidentPin.objects.exists()


def test_the_pin_page_shows_the_pin_once_to_the_operator(client, head, village_operator):
    client.force_login(village_operator)
    response = client.post(reverse("letters:issue_pin"), {"nik": HEAD_NIK, "phone": "", "email": ""})
    row = ResidentPin.objects.get(resident=head)
    shown = response.context["issued"]["pin"]
    assert check_password(shown, row.pin_hash)
    assert shown in response.content.decode()
    assert shown not in client.get(reverse("letters:issue_pin")).content.decode()


def test_the_pin_page_does_not_find_residents_of_other_villages(client, outsider, village_operator):
    client.force_login(village_operator)
    response = client.post(reverse("letters:issue_pin"), {"nik": outsider.nik})
    assert response.context["form"].errors == {"nik": ["Penduduk dengan NIK ini tidak ditemukan di desa Anda."]}
    assert not ResidentPin.objects.exists()


def test_first_sign_in_forces_a_pin_change_before_anything_else(client, head):
    pin = pins.issue_demo_pin(head)
    response = sign_in(client, pin)
    assert response.status_code == 302 and response["Location"] == reverse("letters:change_pin")
    assert client.get(reverse("letters:home"))["Location"] == reverse("letters:change_pin")
    response = client.post(
        reverse("letters:change_pin"), {"current_pin": pin, "new_pin": "246813", "new_pin_again": "246813"}
    )
    assert response["Location"] == reverse("letters:home")
    assert client.get(reverse("letters:home")).status_code == 200
    row = ResidentPin.objects.get(resident=head)
    assert row.must_change is False and check_password("246813", row.pin_hash)


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("111111", "PIN terlalu mudah ditebak (angka sama semua atau berurutan)."),
        ("123456", "PIN terlalu mudah ditebak (angka sama semua atau berurutan)."),
        ("654321", "PIN terlalu mudah ditebak (angka sama semua atau berurutan)."),
        ("890123", "PIN terlalu mudah ditebak (angka sama semua atau berurutan)."),
        ("12345", "PIN harus 6 digit angka."),
        ("12a456", "PIN harus 6 digit angka."),
    ],
)
def test_weak_or_malformed_new_pins_are_refused(head, new, message):
    pin = pins.issue_demo_pin(head)
    before = ResidentPin.objects.get(resident=head).pin_hash
    with pytest.raises(LetterError) as exc:
        pins.change_pin(pin_row=head.pin, current=pin, new=new)
    assert exc.value.message == message
    assert ResidentPin.objects.get(resident=head).pin_hash == before


def test_the_new_pin_must_differ_from_the_old(head):
    pins.issue_demo_pin(head)
    row = ResidentPin.objects.get(resident=head)
    row.pin_hash = pins.make_password("246813")
    row.save()
    with pytest.raises(LetterError) as exc:
        pins.change_pin(pin_row=row, current="246813", new="246813")
    assert exc.value.message == "PIN baru harus berbeda dari PIN lama."


def test_a_wrong_current_pin_changes_nothing(head):
    pins.issue_demo_pin(head)
    with pytest.raises(LetterError):
        pins.change_pin(pin_row=head.pin, current="000001", new="246813")
    assert ResidentPin.objects.get(resident=head).must_change is True


def test_five_wrong_pins_lock_the_pin_for_fifteen_minutes(client, head, signed_pin):
    for _ in range(4):
        assert "NIK atau PIN salah." in sign_in(client, "000000").content.decode()
    assert ResidentPin.objects.get(resident=head).failed_attempts == 4
    html = sign_in(client, "000000").content.decode()
    assert "Terlalu banyak PIN salah" in html
    row = ResidentPin.objects.get(resident=head)
    assert row.locked_until - timezone.now() > timedelta(minutes=14)
    # Even the right PIN is refused while locked.
    assert "Terlalu banyak PIN salah" in sign_in(client, signed_pin).content.decode()
    assert SESSION_KEY not in client.session
    ResidentPin.objects.filter(pk=row.pk).update(locked_until=timezone.now() - timedelta(seconds=1))
    assert sign_in(client, signed_pin)["Location"] == reverse("letters:home")


def test_a_correct_sign_in_resets_the_failure_count(client, head, signed_pin):
    sign_in(client, "000000")
    sign_in(client, signed_pin)
    assert ResidentPin.objects.get(resident=head).failed_attempts == 0


def test_an_unknown_nik_gets_the_same_answer(client, db):
    assert "NIK atau PIN salah." in sign_in(client, "123456", nik="3522159999990000").content.decode()


def test_self_service_does_not_log_in_a_user(client, head, signed_pin):
    sign_in(client, signed_pin)
    assert client.session[SESSION_KEY]["id"] == head.pk
    assert "_auth_user_id" not in client.session


def test_a_new_pin_ends_sessions_opened_with_the_old_one(client, head, signed_pin, village_operator):
    sign_in(client, signed_pin)
    pins.issue_pin(resident=head, by=village_operator)
    assert client.get(reverse("letters:home"))["Location"] == reverse("letters:sign_in")


def test_a_resident_who_died_can_no_longer_sign_in(client, head, signed_pin):
    head.status = "mati"
    head.save()
    assert "NIK atau PIN salah." in sign_in(client, signed_pin).content.decode()


def test_sign_out_ends_the_session(client, head, signed_pin):
    sign_in(client, signed_pin)
    client.post(reverse("letters:sign_out"))
    assert client.get(reverse("letters:home"))["Location"] == reverse("letters:sign_in")


def test_the_home_page_masks_family_members_niks(client, head, wife, child, signed_pin):
    sign_in(client, signed_pin)
    html = client.get(reverse("letters:home")).content.decode()
    assert head.nik in html
    assert "3522********0002" in html and wife.nik not in html
    assert "3522********0003" in html and child.nik not in html
    assert "Siti Aminah" in html and "Bagus Riyadi" in html


def test_the_resident_can_leave_a_contact(client, head, signed_pin):
    sign_in(client, signed_pin)
    client.post(reverse("letters:home"), {"phone": "081298765432", "email": ""})
    assert ResidentPin.objects.get(resident=head).phone == "081298765432"


def test_many_failures_from_one_address_are_throttled_across_niks(client, head, signed_pin, monkeypatch):
    monkeypatch.setattr(pins, "MAX_FAILURES_PER_ADDRESS", 3)
    for n in range(3):
        sign_in(client, "135790", nik=f"352215999999000{n}")
    html = sign_in(client, signed_pin).content.decode()
    assert "Terlalu banyak percobaan masuk dari perangkat ini" in html
    assert SESSION_KEY not in client.session
    assert ResidentPin.objects.get(resident=head).failed_attempts == 0


def test_a_signed_in_resident_may_change_the_pin_again(client, head, signed_pin):
    sign_in(client, signed_pin)
    assert client.get(reverse("letters:change_pin")).context["forced"] is False
    client.post(
        reverse("letters:change_pin"), {"current_pin": signed_pin, "new_pin": "975312", "new_pin_again": "975312"}
    )
    assert check_password("975312", ResidentPin.objects.get(resident=head).pin_hash)
    assert client.get(reverse("letters:home")).status_code == 200  # the session follows the new PIN
