"""Submitting reports: signed-in and guest, idempotency, and every kind of bad input."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from pamong.accounts.models import OneTimeCode
from pamong.accounts.services import _hash_code
from pamong.audit.models import Event as AuditEvent
from pamong.complaints import attachments, services
from pamong.complaints.models import Attachment, Report, ReportEvent
from pamong.regions.models import Region

from .conftest import MONDAY, jpeg_bytes, make_report, upload


def test_signed_in_citizen_submission_enters_the_queue_with_a_three_working_day_deadline(report, citizen):
    assert report.status == Report.Status.SUBMITTED
    assert report.reporter == citizen
    assert re.fullmatch(r"LPR-2603-[2-9A-HJ-NP-Z]{6}", report.code)
    assert report.due_at == MONDAY.replace(day=5)  # Thursday, same time
    assert report.district.code == "35.22.15"
    event = ReportEvent.objects.get(report=report)
    assert (event.action, event.from_status, event.to_status, event.actor) == ("submit", "", "submitted", citizen)
    assert AuditEvent.objects.filter(action="complaints.submit", object_id=str(report.pk)).count() == 1


def test_guest_report_waits_for_the_one_time_code_then_enters_the_queue(village, clock, monkeypatch):
    monkeypatch.setattr("pamong.accounts.services.secrets.randbelow", lambda n: 123456)
    report = make_report(by=None, village=village, contact="0812-3456-7890", guest_name="Pak Darmo")
    assert report.status == Report.Status.AWAITING_CONFIRMATION
    assert report.due_at is None
    assert (report.guest_contact, report.guest_channel) == ("+6281234567890", "sms")
    code = OneTimeCode.objects.get(destination="+6281234567890", purpose=OneTimeCode.Purpose.GUEST_REPORT)
    assert code.code_hash == _hash_code("+6281234567890", "123456")

    services.confirm_guest_report(report=report, code="123456")

    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED
    assert report.due_at == MONDAY.replace(day=5)
    assert list(report.events.values_list("action", flat=True)) == ["submit", "confirm"]


def test_a_wrong_code_is_refused_and_counted_and_the_report_stays_unconfirmed(village, clock, monkeypatch):
    monkeypatch.setattr("pamong.accounts.services.secrets.randbelow", lambda n: 123456)
    report = make_report(by=None, village=village, contact="warga@example.org")
    with pytest.raises(services.ComplaintError, match="Kode salah"):
        services.confirm_guest_report(report=report, code="654321")
    report.refresh_from_db()
    assert report.status == Report.Status.AWAITING_CONFIRMATION
    assert OneTimeCode.objects.get(destination="warga@example.org").attempts == 1
    assert report.events.count() == 1


def test_guest_without_contact_is_refused_and_nothing_is_saved(village, clock):
    with pytest.raises(services.ComplaintError, match="email atau nomor HP"):
        make_report(by=None, village=village, contact="")
    assert Report.objects.count() == 0


def test_double_submission_with_the_same_idempotency_key_creates_one_report(citizen, village, clock):
    first = make_report(by=citizen, village=village, idempotency_key="abc123")
    second = make_report(by=citizen, village=village, idempotency_key="abc123")
    assert second.pk == first.pk
    assert Report.objects.count() == 1
    assert ReportEvent.objects.count() == 1


def test_the_same_idempotency_key_from_two_reporters_makes_two_reports(citizen, other_citizen, village, clock):
    make_report(by=citizen, village=village, idempotency_key="same")
    make_report(by=other_citizen, village=village, idempotency_key="same")
    assert Report.objects.count() == 2


def test_a_tracking_code_collision_is_retried_with_a_new_code(citizen, village, clock, monkeypatch):
    existing = make_report(by=citizen, village=village)
    codes = iter([existing.code, "LPR-2603-ZZZZZZ"])
    monkeypatch.setattr(services, "new_tracking_code", lambda now=None: next(codes))
    second = make_report(by=citizen, village=village)
    assert second.code == "LPR-2603-ZZZZZZ"
    assert Report.objects.count() == 2


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": ""}, "Judul wajib diisi"),
        ({"title": "   "}, "Judul wajib diisi"),
        ({"title": "x" * 151}, "Judul terlalu panjang"),
        ({"body": ""}, "Isi laporan wajib diisi"),
        ({"body": "y" * 5001}, "Isi laporan terlalu panjang"),
        ({"type": "keluhan"}, "Pilih jenis laporan"),
        ({"latitude": "40.7", "longitude": "-74.0"}, "di luar wilayah Indonesia"),
        ({"latitude": "-7.15", "longitude": "150.0"}, "di luar wilayah Indonesia"),
        ({"latitude": "abc", "longitude": "111"}, "Koordinat tidak valid"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_saved(citizen, village, clock, fields, message):
    with pytest.raises(services.ComplaintError, match=message):
        make_report(by=citizen, village=village, **fields)
    assert Report.objects.count() == 0
    assert ReportEvent.objects.count() == 0


def test_a_village_outside_the_regency_is_refused(citizen, regency, clock):
    tuban = Region.objects.create(
        code="35.23", name="Kabupaten Tuban", level=Region.Level.REGENCY, parent=regency.parent
    )
    district = Region.objects.create(code="35.23.01", name="Kenduruan", level=Region.Level.DISTRICT, parent=tuban)
    outside = Region.objects.create(
        code="35.23.01.2001", name="Jamprong", level=Region.Level.VILLAGE, parent=district, village_kind="desa"
    )
    with pytest.raises(services.ComplaintError, match=r"'35\.23\.01\.2001' berada di luar wilayah kabupaten"):
        make_report(by=citizen, village=outside)
    with pytest.raises(services.ComplaintError, match=r"'35\.22\.99\.9999' tidak ditemukan"):
        make_report(by=citizen, village="35.22.99.9999")
    with pytest.raises(services.ComplaintError, match="tidak valid"):
        make_report(by=citizen, village="bukan-kode")
    assert Report.objects.count() == 0


def test_coordinates_inside_indonesia_are_kept(citizen, village, clock):
    report = make_report(by=citizen, village=village, latitude="-7.150975", longitude="111.881860")
    report.refresh_from_db()
    assert (str(report.latitude), str(report.longitude)) == ("-7.150975", "111.881860")


def test_an_image_is_kept_privately_and_gets_a_copy_without_exif_or_gps(citizen, village, clock):
    big = SimpleUploadedFile("foto.jpg", jpeg_bytes(size=(3000, 2000)), content_type="image/jpeg")
    report = make_report(by=citizen, village=village, files=[big])
    attachment = Attachment.objects.get(report=report)
    assert attachment.content_type == "image/jpeg"
    assert attachment.original_name == "foto.jpg"
    with attachment.original.open("rb") as f:
        assert Image.open(f).getexif().get(0x8825) is not None  # the original keeps its GPS data
    with attachment.sanitized.open("rb") as f:
        clean = Image.open(f)
        clean.load()
        assert clean.size == (1600, 1067)
        assert dict(clean.getexif()) == {}
        assert "exif" not in clean.info


def test_a_pdf_is_accepted_by_its_magic_bytes_and_gets_no_public_copy(citizen, village, clock):
    pdf = SimpleUploadedFile("surat.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF", content_type="application/pdf")
    report = make_report(by=citizen, village=village, files=[pdf])
    attachment = Attachment.objects.get(report=report)
    assert attachment.content_type == "application/pdf"
    assert not attachment.sanitized


def test_a_file_lying_about_its_type_is_refused_and_nothing_saved(citizen, village, clock):
    fake = SimpleUploadedFile("foto.jpg", b"MZ\x90\x00 this is an executable", content_type="image/jpeg")
    with pytest.raises(services.ComplaintError, match="bukan gambar"):
        make_report(by=citizen, village=village, files=[fake])
    assert Report.objects.count() == 0
    assert Attachment.objects.count() == 0


def test_an_oversized_file_is_refused(citizen, village, clock, monkeypatch):
    monkeypatch.setattr(attachments, "MAX_FILE_SIZE", 100)
    with pytest.raises(services.ComplaintError, match="terlalu besar"):
        make_report(by=citizen, village=village, files=[upload()])
    assert Report.objects.count() == 0


def test_too_many_files_are_refused(citizen, village, clock):
    with pytest.raises(services.ComplaintError, match="Paling banyak 5 berkas"):
        make_report(by=citizen, village=village, files=[upload(f"f{i}.jpg") for i in range(6)])
    assert Report.objects.count() == 0
