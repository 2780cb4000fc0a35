"""End to end in headless Chromium: a resident signs in to self-service with the PIN from the
operator, changes it, requests a letter with its requirement files; the operator approves and
signs; the resident downloads the PDF, and the QR code in it opens the verification page."""

import io
from pathlib import Path

import pytest
import zxingcpp
from django.core.management import call_command
from PIL import Image
from pypdf import PdfReader

from pamong.conftest import PASSWORD
from pamong.letters import pins
from pamong.letters.models import Letter, LetterRequest

from .conftest import HEAD_NIK, pdf_upload, png_upload

pytestmark = pytest.mark.e2e


def upload_file(tmp_path: Path, upload) -> str:
    path = tmp_path / upload.name
    path.write_bytes(upload.read())
    return str(path)


def test_a_resident_requests_a_letter_and_verifies_the_downloaded_pdf(
    transactional_db,
    live_server,
    settings,
    browser,
    page,
    screenshot,
    tmp_path,
    skd,
    head,
    village_operator,
    village_head,
):
    settings.PAMONG_SITE_URL = live_server.url
    pin = pins.issue_demo_pin(head)

    # The resident: first sign-in, forced PIN change.
    page.goto(f"{live_server.url}/surat/mandiri/masuk/")
    page.get_by_label("NIK").fill(HEAD_NIK)
    page.get_by_label("PIN (6 digit)").fill(pin)
    with page.expect_navigation():
        page.get_by_role("button", name="Masuk").click()
    page.locator("#id_current_pin").fill(pin)
    page.locator("#id_new_pin").fill("246813")
    page.locator("#id_new_pin_again").fill("246813")
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan PIN baru").click()
    assert "Selamat datang, Slamet Riyadi" in page.inner_text("main")

    # The request, with every requirement file.
    page.get_by_role("link", name="Surat Keterangan Domisili", exact=True).click()
    page.get_by_label("Keperluan").fill("Mendaftar sekolah anak")
    page.get_by_label("Surat pengantar RT/RW").set_input_files(upload_file(tmp_path, pdf_upload("rt.pdf")))
    page.get_by_label("Fotokopi KTP").set_input_files(upload_file(tmp_path, png_upload("ktp.png")))
    page.get_by_label("Fotokopi Kartu Keluarga").set_input_files(upload_file(tmp_path, pdf_upload("kk.pdf")))
    screenshot("letters-request")
    with page.expect_navigation():
        page.get_by_role("button", name="Kirim permohonan").click()
    assert "Sedang Diperiksa" in page.inner_text("main")
    request = LetterRequest.objects.get()

    # The operator approves (the letter is issued) and records the signature.
    operator_context = browser.new_context(locale="id-ID")
    operator = operator_context.new_page()
    operator.goto(f"{live_server.url}/akun/masuk/?next=/surat/operator/")
    operator.get_by_label("Email atau nomor HP").fill(village_operator.email)
    operator.get_by_label("Kata sandi").fill(PASSWORD)
    with operator.expect_navigation():
        operator.get_by_role("button", name="Masuk").click()
    operator.get_by_role("link", name=f"#{request.pk}").click()
    for step in ["Disetujui, surat diterbitkan", "Ditandatangani, siap diambil"]:
        operator.get_by_text(step, exact=True).first.click()
        with operator.expect_navigation():
            operator.get_by_role("button", name=step).click()
    operator_context.close()
    assert LetterRequest.objects.get().status == LetterRequest.Status.READY
    # The worker's job, done here: render the PDFs still missing.
    call_command("render_letter_pdfs", "--now", stdout=io.StringIO())

    # The resident downloads the PDF …
    page.reload()
    assert "Surat Anda sudah terbit" in page.inner_text("main")
    screenshot("letters-ready")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Unduh surat (PDF)").click()
    content = Path(download_info.value.path()).read_bytes()
    letter = Letter.objects.get()
    assert content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(content))
    assert letter.number in reader.pages[0].extract_text()

    # … and its QR code leads to the page that says it is authentic.
    image = Image.open(io.BytesIO(reader.pages[0].images[0].data)).convert("L")
    (url,) = [code.text for code in zxingcpp.read_barcodes(image)]
    assert url == f"{live_server.url}/surat/verifikasi/{letter.verification_token}/"
    page.goto(url)
    text = page.inner_text("main")
    screenshot("letters-verified")
    assert "Surat asli" in text and letter.number in text and "Slamet Riyadi" in text
    assert HEAD_NIK not in text
