"""Letters and self-service pages in English, for a visitor who chose English (language cookie).

The letters themselves stay Indonesian (official documents); only the pages around them change.
"""

import pytest
from django.conf import settings
from django.urls import reverse

from pamong.letters import pins, services, workflow
from pamong.letters.models import Letter, LetterRequest, ResidentPin
from pamong.notifications.models import Notification

from .conftest import HEAD_NIK, pdf_upload, png_upload


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def letter(skd, head, village_operator, village_head):
    return services.issue_letter(
        letter_type=skd, resident=head, by=village_operator, values={"keperluan": "Melamar pekerjaan"}
    )


def test_the_self_service_sign_in_page_is_in_english(english, db):
    body = english.get(reverse("letters:sign_in")).content.decode()

    assert '<html lang="en">' in body
    for text in (
        "Sign in to Self-Service",
        "Enter your NIK and the 6-digit PIN you received from the village operator.",
        "PIN (6 digits)",
        "Forgot your PIN? Ask your village operator for a new one.",
    ):
        assert text in body, text
    for indonesian in ("Masuk Layanan Mandiri", "Lupa PIN", "PIN (6 digit)"):
        assert indonesian not in body, indonesian


def test_a_malformed_nik_on_sign_in_is_refused_in_english(english, head, signed_pin):
    response = english.post(reverse("letters:sign_in"), {"nik": "35221515", "pin": signed_pin})

    body = response.content.decode()
    assert response.status_code == 200
    assert "The NIK must be 16 digits." in body
    assert "NIK harus 16 digit angka." not in body
    assert ResidentPin.objects.get(resident=head).last_sign_in_at is None


def test_a_wrong_pin_on_sign_in_is_refused_in_english(english, head, signed_pin):
    response = english.post(reverse("letters:sign_in"), {"nik": HEAD_NIK, "pin": "135790"})

    body = response.content.decode()
    assert "Wrong NIK or PIN." in body
    assert "NIK atau PIN salah." not in body
    assert ResidentPin.objects.get(resident=head).failed_attempts == 1


def test_the_self_service_home_is_in_english(english, head, wife, signed_pin):
    english.post(reverse("letters:sign_in"), {"nik": HEAD_NIK, "pin": signed_pin})

    body = english.get(reverse("letters:home")).content.decode()

    for text in ("Welcome, Slamet Riyadi", "Your letter requests", "Request a letter", "Head of family", "Wife"):
        assert text in body, text
    for indonesian in ("Selamat datang", "Permohonan surat Anda", "Kepala Keluarga"):
        assert indonesian not in body, indonesian


def test_the_verification_page_of_a_genuine_letter_is_in_english(english, letter):
    body = english.get(reverse("letters:verify", args=[letter.verification_token])).content.decode()

    for text in ("Letter verification", "Genuine letter", "Authenticity code (SHA-256)", "Issued by", letter.number):
        assert text in body, text
    for indonesian in ("Surat asli", "Diterbitkan oleh", "Kode keaslian"):
        assert indonesian not in body, indonesian


def test_the_verification_page_of_an_unknown_code_is_in_english(english, db):
    response = english.get(reverse("letters:verify", args=["not-a-real-token"]))

    body = response.content.decode()
    assert response.status_code == 404
    assert "Unknown letter" in body
    assert "A letter with this code is not genuine." in body
    assert "Surat tidak dikenal" not in body


def test_the_operators_letter_queue_is_in_english(english, skd, head, village_operator):
    workflow.submit_request(
        resident=head,
        letter_type=skd,
        values={"keperluan": "Mendaftar sekolah"},
        files={"syarat_0": pdf_upload("rt.pdf"), "syarat_1": png_upload("ktp.png")},
    )
    english.force_login(village_operator)

    body = english.get(reverse("letters:queue")).content.decode()

    assert '<span class="badge badge--info">Incomplete</span>' in body
    for text in ("Letter requests", "Applicant", "Submitted", "Being checked", "Issue a letter"):
        assert text in body, text
    for indonesian in ("Permohonan surat", "Pemohon", "Belum Lengkap", "Terbitkan surat"):
        assert indonesian not in body, indonesian


def test_a_letter_issued_from_an_english_page_stays_indonesian(
    english, letter_types, head, village_operator, village_head
):
    english.force_login(village_operator)
    form = {"nik": HEAD_NIK, "paper": "A4", "signer_name": "", "signer_nip": "", "signer_title": "", "keperluan": "x"}

    response = english.post(reverse("letters:issue") + "?jenis=SKTM", form, follow=True)

    letter = Letter.objects.get()
    assert f"Letter {letter.number} has been issued; its PDF is being generated." in response.content.decode()
    for indonesian in ("Laki-laki", "WNI", "Kelurahan Kadipaten"):
        assert indonesian in letter.body_html, indonesian
    for english_word in ("Male", "Indonesian citizen", "Urban village"):
        assert english_word not in letter.body_html, english_word
    assert letter.signer_title == "Lurah"


def test_the_resident_is_told_in_indonesian_when_an_english_operator_returns_a_request(
    english, skd, head, village_operator
):
    pins.issue_demo_pin(head)
    ResidentPin.objects.filter(resident=head).update(phone="081234567890")
    request = workflow.submit_request(
        resident=head,
        letter_type=skd,
        values={"keperluan": "Mendaftar sekolah"},
        files={"syarat_0": pdf_upload("rt.pdf"), "syarat_1": png_upload("ktp.png"), "syarat_2": pdf_upload("kk.pdf")},
    )
    english.force_login(village_operator)

    response = english.post(
        reverse("letters:act", args=[request.pk, "return"]), {"reason": "Foto KTP buram"}, follow=True
    )

    assert "The request status has been updated." in response.content.decode()
    assert LetterRequest.objects.get().status == LetterRequest.Status.INCOMPLETE
    note = Notification.objects.order_by("-id").first()
    assert (note.subject, note.body) == (
        "Permohonan surat: Belum Lengkap",
        f"Permohonan Surat Keterangan Domisili no. {request.pk}: Belum Lengkap. Keterangan: Foto KTP buram",
    )


def test_the_pdf_document_keeps_indonesian_labels_when_english_is_active(letter):
    from django.utils import translation

    from pamong.letters.pdf import document_html

    with translation.override("en"):
        html = document_html(letter)
    assert "Nomor:" in html and "Kode keaslian (SHA-256)" in html
    assert "Number:" not in html
