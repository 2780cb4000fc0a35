from django.urls import reverse
from django.utils import timezone

from pamong.accounts.models import User
from pamong.audit.models import Event


def post_profile(client, **values):
    data = {"full_name": "Siti Aminah", "email": "warga@example.id", "phone": "", "language": "id"}
    data.update(values)
    return client.post(reverse("accounts:profile"), data)


def test_changing_the_email_drops_its_verification_and_is_audited(client, citizen):
    User.objects.filter(pk=citizen.pk).update(email_verified_at=timezone.now())
    client.force_login(citizen)

    response = post_profile(client, email="baru@example.id")

    assert response.status_code == 302
    citizen.refresh_from_db()
    assert (citizen.email, citizen.email_verified_at) == ("baru@example.id", None)
    event = Event.objects.get(action="account.update_profile")
    assert (event.before, event.after) == ({"email": "warga@example.id"}, {"email": "baru@example.id"})


def test_taking_someone_elses_email_is_refused(client, citizen, other_citizen):
    client.force_login(citizen)

    response = post_profile(client, email=other_citizen.email)

    assert response.status_code == 200
    assert "Email ini sudah terdaftar" in response.context["form"].errors["email"][0]
    citizen.refresh_from_db()
    assert citizen.email == "warga@example.id"
    assert Event.objects.count() == 0


def test_removing_every_contact_is_refused(client, citizen):
    client.force_login(citizen)

    response = post_profile(client, email="", phone="")

    assert response.context["form"].non_field_errors() == ["Isi email atau nomor HP (salah satu wajib)."]
    citizen.refresh_from_db()
    assert citizen.email == "warga@example.id"


def test_choosing_english_switches_the_pages_to_english(client, citizen):
    client.force_login(citizen)

    response = post_profile(client, language="en")

    assert response.cookies["django_language"].value == "en"
    page = client.get(reverse("accounts:profile"))
    assert '<html lang="en">' in page.content.decode()


def test_saving_an_unchanged_profile_writes_no_event(client, citizen):
    client.force_login(citizen)

    post_profile(client)

    assert Event.objects.count() == 0
