import pytest
from django.urls import reverse

from pamong.letters import pins, services, workflow
from pamong.letters.models import LetterRequest
from pamong.letters.tasks import render_letter_pdf

from .conftest import CHILD_NIK, HEAD_NIK, WIFE_NIK, pdf_upload, png_upload

S = LetterRequest.Status


@pytest.fixture
def letter(skd, wife, village_operator, village_head):
    """A letter for the wife, issued from her request and rendered."""
    request = workflow.submit_request(
        resident=wife,
        letter_type=skd,
        values={"keperluan": "x"},
        files={"syarat_0": pdf_upload(), "syarat_1": png_upload(), "syarat_2": pdf_upload()},
    )
    workflow.act(letter_request=request, action="approve", by=village_operator)
    request.refresh_from_db()
    render_letter_pdf.call(request.letter.pk)
    request.letter.refresh_from_db()
    return request.letter


def signed_in(client, resident, nik):
    pin = pins.issue_demo_pin(resident)
    pins.change_pin(pin_row=resident.pin, current=pin, new="246813")
    client.post(reverse("letters:sign_in"), {"nik": nik, "pin": "246813"})
    return client


def ready(letter):
    LetterRequest.objects.filter(letter=letter).update(status=S.READY)


def download(client, letter):
    return client.get(reverse("letters:pdf", args=[letter.pk]))


def test_the_holder_downloads_the_pdf_once_it_is_ready(client, letter, wife):
    signed_in(client, wife, WIFE_NIK)
    assert download(client, letter).status_code == 404  # still awaiting signature
    ready(letter)
    response = download(client, letter)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_the_family_head_downloads_a_family_members_pdf(client, letter, head):
    ready(letter)
    signed_in(client, head, HEAD_NIK)
    assert download(client, letter).status_code == 200


def test_another_family_member_who_is_not_the_head_cannot(client, letter, child):
    ready(letter)
    signed_in(client, child, CHILD_NIK)
    assert download(client, letter).status_code == 404


def test_the_village_operator_downloads_any_time(client, letter, village_operator):
    client.force_login(village_operator)
    assert download(client, letter).status_code == 200


@pytest.mark.parametrize("persona", ["other_operator", "citizen", "officer", "regent"])
def test_other_staff_and_citizen_accounts_cannot(client, letter, persona, request):
    ready(letter)
    client.force_login(request.getfixturevalue(persona))
    assert download(client, letter).status_code == 404


def test_anonymous_visitors_cannot(client, letter):
    ready(letter)
    assert download(client, letter).status_code == 404


def test_a_revoked_letter_is_no_longer_served_to_the_resident(client, letter, wife, village_operator):
    ready(letter)
    services.revoke_letter(letter=letter, by=village_operator, reason="x")
    signed_in(client, wife, WIFE_NIK)
    assert download(client, letter).status_code == 404


def test_the_request_page_offers_the_download_when_ready(client, letter, wife):
    signed_in(client, wife, WIFE_NIK)
    url = reverse("letters:request_detail", args=[letter.request.pk])
    assert reverse("letters:pdf", args=[letter.pk]) not in client.get(url).content.decode()
    ready(letter)
    assert reverse("letters:pdf", args=[letter.pk]) in client.get(url).content.decode()


def test_public_pages_render(client, letter_types):
    html = client.get(reverse("letters:index")).content.decode()
    assert "Surat Keterangan Domisili" in html and "Surat pengantar RT/RW" in html
    assert client.get(reverse("letters:sign_in")).status_code == 200


def test_pdfs_are_not_under_the_public_media_root(letter, settings):
    assert not letter.pdf.path.startswith(str(settings.MEDIA_ROOT))
