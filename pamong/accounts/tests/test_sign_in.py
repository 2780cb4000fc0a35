import pytest
from django.urls import reverse

from pamong.accounts.models import LoginFailure, User
from pamong.audit.models import Event
from pamong.conftest import PASSWORD


def sign_in(client, identifier, password=PASSWORD, **extra):
    return client.post(reverse("accounts:login"), {"identifier": identifier, "password": password, **extra})


def test_citizen_signs_in_by_email(client, citizen):
    response = sign_in(client, "Warga@Example.id")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(citizen.pk)
    assert Event.objects.filter(action="auth.login", actor=citizen).count() == 1


@pytest.mark.parametrize("written", ["081234567890", "+62 812-3456-7890", "6281234567890"])
def test_citizen_signs_in_by_phone_in_any_common_writing(client, citizen, written):
    User.objects.filter(pk=citizen.pk).update(phone="+6281234567890")

    response = sign_in(client, written)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(citizen.pk)


def test_sign_in_goes_to_a_safe_next_page_only(client, citizen):
    assert sign_in(client, citizen.email, next="/akun/profil/")["Location"] == "/akun/profil/"
    client.post(reverse("accounts:logout"))
    assert sign_in(client, citizen.email, next="https://evil.example/")["Location"] == reverse("core:home")


def test_wrong_password_is_refused_and_counted(client, citizen):
    response = sign_in(client, citizen.email, "salah-sekali-123")

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["Email/nomor HP atau kata sandi salah."]
    assert "_auth_user_id" not in client.session
    assert LoginFailure.objects.filter(identifier="warga@example.id").count() == 1
    assert Event.objects.filter(action="auth.login_failed").count() == 1


def test_unknown_account_gets_the_same_message_as_a_wrong_password(client, db):
    response = sign_in(client, "tidak-ada@example.id")

    assert response.context["form"].non_field_errors() == ["Email/nomor HP atau kata sandi salah."]


def test_five_failures_lock_the_account_even_for_the_right_password(client, citizen):
    for _ in range(5):
        sign_in(client, citizen.email, "salah-sekali-123")

    response = sign_in(client, citizen.email)

    assert response.status_code == 429
    assert "Terlalu banyak percobaan masuk" in response.context["form"].non_field_errors()[0]
    assert "_auth_user_id" not in client.session


def test_many_failures_from_one_address_lock_that_address_for_every_account(client, citizen):
    for number in range(20):
        sign_in(client, f"coba{number}@example.id", "salah-sekali-123")

    response = sign_in(client, citizen.email)

    assert response.status_code == 429


def test_a_successful_sign_in_clears_the_failures(client, citizen):
    for _ in range(4):
        sign_in(client, citizen.email, "salah-sekali-123")

    sign_in(client, citizen.email)

    assert LoginFailure.objects.count() == 0


def test_deactivated_account_cannot_sign_in(client, citizen):
    User.objects.filter(pk=citizen.pk).update(is_active=False)

    response = sign_in(client, citizen.email)

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_sign_out_needs_a_post(client, citizen):
    client.force_login(citizen)

    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert "_auth_user_id" not in client.session
