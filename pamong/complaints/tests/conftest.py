"""Fixtures for the complaints tests: reference data, files, a clock, reports in each state."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from pamong.agencies.models import Agency
from pamong.complaints import services
from pamong.complaints.models import Category, RejectionReason, Report

WIB = ZoneInfo("Asia/Jakarta")
# A Monday with no holiday around it.
MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=WIB)


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return tmp_path


@pytest.fixture
def clock(monkeypatch):
    """``clock(dt)`` freezes timezone.now() at dt (services read it at call time)."""

    def freeze(moment: datetime) -> datetime:
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    freeze(MONDAY)
    return freeze


@pytest.fixture
def category(agency):
    return Category.objects.create(name="Jalan berlubang", default_agency=agency)


@pytest.fixture
def rejection_reason(db):
    return RejectionReason.objects.create(code="duplikat", label="Duplikat laporan lain")


@pytest.fixture
def sub_unit(agency):
    return Agency.objects.create(
        code="pubmpr-bina-marga", name="Bidang Bina Marga", short_name="Bina Marga", kind=Agency.Kind.UPT, parent=agency
    )


def jpeg_bytes(*, size=(64, 48), gps=True) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    out = io.BytesIO()
    exif = Image.Exif()
    if gps:
        exif[0x010F] = "KameraUji"  # Make
        exif[0x8825] = {1: "S", 2: (7.0, 9.0, 3.0), 3: "E", 4: (111.0, 52.0, 50.0)}  # GPS IFD
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def upload(name="foto.jpg", content=None, content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_bytes() if content is None else content, content_type=content_type)


def make_report(*, by, village, **fields) -> Report:
    values = dict(
        type=Report.Type.COMPLAINT,
        title="Jalan berlubang di Jl. Veteran",
        body="Lubang besar di tengah jalan dekat pasar, sudah dua motor jatuh minggu ini.",
    )
    values.update(fields)
    return services.submit_report(by=by, village=village, **values)


@pytest.fixture
def report(citizen, village, category, clock):
    return make_report(by=citizen, village=village, category=category)


@pytest.fixture
def disposed(report, coordinator, agency):
    return services.dispose(report=report, agency=agency, by=coordinator)


@pytest.fixture
def accepted(disposed, officer):
    return services.accept(report=disposed, by=officer)


@pytest.fixture
def answered(accepted, officer):
    return services.answer(report=accepted, by=officer, text="Lubang sudah ditambal oleh tim UPT hari ini.")
