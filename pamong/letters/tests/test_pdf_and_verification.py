import io

import pytest
import zxingcpp
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from pamong.letters import services
from pamong.letters.models import Letter
from pamong.letters.tasks import render_letter_pdf


@pytest.fixture
def letter(skd, head, village_operator, village_head):
    return services.issue_letter(
        letter_type=skd, resident=head, by=village_operator, values={"keperluan": "Melamar pekerjaan"}
    )


def rendered(letter) -> tuple[Letter, bytes]:
    assert render_letter_pdf.call(letter.pk) == "rendered"
    letter.refresh_from_db()
    with letter.pdf.open("rb") as f:
        return letter, f.read()


def test_issuing_enqueues_the_pdf_after_commit(
    skd, head, village_operator, village_head, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True):
        letter = services.issue_letter(letter_type=skd, resident=head, by=village_operator, values={"keperluan": "x"})
    task = DBTaskResult.objects.get()
    assert task.task_path == "pamong.letters.tasks.render_letter_pdf"
    assert task.args_kwargs == {"args": [letter.pk], "kwargs": {}}


def test_the_pdf_is_a_real_pdf_with_the_number_letterhead_and_signer(letter, private_files):
    letter, content = rendered(letter)
    assert content.startswith(b"%PDF-")
    assert letter.pdf.path.startswith(str(private_files / "private"))
    text = PdfReader(io.BytesIO(content)).pages[0].extract_text()
    for expected in [
        "PEMERINTAH KABUPATEN BOJONEGORO",
        "KECAMATAN BOJONEGORO",
        "KELURAHAN KADIPATEN",
        "Nomor: SKD/001/3522151011/",
        "Slamet Riyadi",
        "Melamar pekerjaan",
        "Drs. Bambang Sutejo",
        "NIP. 197001011990031001",
        letter.content_hash,
    ]:
        assert expected in text, expected


def test_rendering_twice_keeps_the_first_file(letter):
    letter, _ = rendered(letter)
    first = letter.pdf.name
    assert render_letter_pdf.call(letter.pk) == "exists"
    letter.refresh_from_db()
    assert letter.pdf.name == first


@pytest.mark.parametrize(("paper", "size_mm"), [("A4", (210, 297)), ("F4", (215, 330))])
def test_paper_sizes(skd, head, village_operator, village_head, paper, size_mm):
    letter = services.issue_letter(
        letter_type=skd, resident=head, by=village_operator, values={"keperluan": "x"}, paper=paper
    )
    _, content = rendered(letter)
    box = PdfReader(io.BytesIO(content)).pages[0].mediabox
    points_per_mm = 72 / 25.4
    assert (round(float(box.width) / points_per_mm), round(float(box.height) / points_per_mm)) == size_mm


def test_the_qr_code_in_the_pdf_decodes_to_the_verification_page(letter):
    letter, content = rendered(letter)
    images = PdfReader(io.BytesIO(content)).pages[0].images
    assert len(images) == 1
    image = Image.open(io.BytesIO(images[0].data)).convert("L")
    decoded = zxingcpp.read_barcodes(image)
    assert [d.text for d in decoded] == [f"https://layanan.example.id/surat/verifikasi/{letter.verification_token}/"]


def test_the_verification_page_shows_authenticity_without_personal_data(client, letter):
    response = client.get(reverse("letters:verify", args=[letter.verification_token]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Surat asli" in html
    for shown in [letter.number, "Surat Keterangan Domisili", "Slamet Riyadi", letter.content_hash, "Kadipaten"]:
        assert shown in html
    for hidden in ["3522151501800001", "3522150101200001", "Melamar pekerjaan", "Panglima Sudirman", "1980"]:
        assert hidden not in html


def test_an_unknown_token_is_not_authentic(client, letter):
    response = client.get(reverse("letters:verify", args=["tidak-ada"]))
    assert response.status_code == 404
    assert "Surat tidak dikenal" in response.content.decode()


def test_a_revoked_letter_is_reported_not_valid(client, letter, village_operator):
    assert services.revoke_letter(letter=letter, by=village_operator, reason="Salah ketik") is True
    assert services.revoke_letter(letter=letter, by=village_operator, reason="lagi") is False
    html = client.get(reverse("letters:verify", args=[letter.verification_token])).content.decode()
    assert "Surat sudah dibatalkan" in html and "Surat asli" not in html
