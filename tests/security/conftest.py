"""Fixtures for the security tests: the shared personas, files and a small world of reports.

The personas come from ``pamong/conftest.py`` (imported so that they register here too: that
conftest only applies below ``pamong/``). Everything else is built here, through the
services, so the security tests do not depend on another app's test fixtures.
"""

import io
import os
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from pamong import conftest as shared
from pamong.accounts.models import OneTimeCode, User
from pamong.audit.models import Event as AuditEvent
from pamong.complaints import services
from pamong.complaints.models import Attachment, Category, Rating, RejectionReason, Report, ReportEvent
from pamong.notifications.models import Notification

# The shared personas and places: pamong/conftest.py only applies to tests below pamong/,
# so its fixtures are registered here again under their own names.
PASSWORD = shared.PASSWORD
regency, district, village, other_village = shared.regency, shared.district, shared.village, shared.other_village
agency, other_agency = shared.agency, shared.other_agency
citizen, other_citizen, village_operator = shared.citizen, shared.other_citizen, shared.village_operator
officer, other_officer, coordinator = shared.officer, shared.other_officer, shared.coordinator
regent, admin_user = shared.regent, shared.admin_user

# The roles of issue 4, in the order of the matrix columns; the value is the persona fixture.
PERSONAS = {
    "anonymous": None,
    "owner": "citizen",
    "other_citizen": "other_citizen",
    "village_operator": "village_operator",
    "officer": "officer",
    "other_officer": "other_officer",
    "coordinator": "coordinator",
    "leadership": "regent",
    "admin": "admin_user",
}

TITLE = "Jalan berlubang di Jl. Veteran"
BODY = "Lubang besar di tengah jalan dekat pasar, sudah dua motor jatuh minggu ini."
GUEST_CONTACT = "tamu@example.org"


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    """Uploaded files go to this test's own folders, so a test can list what was written."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return tmp_path


def stored_files(root: Path) -> list[str]:
    """Every file under the test's media folders (public MEDIA_ROOT and private storage)."""
    return sorted(str(Path(d) / f) for d, _, files in os.walk(root) for f in files)


@pytest.fixture(scope="session")
def shared_client():
    """One test client for the whole run: each new Client rebuilds the middleware chain, and
    WhiteNoise's start-up scan of the static files is most of a small request's time."""
    return Client()


def client_as(client: Client, user: User | None) -> Client:
    """``client`` with fresh cookies, signed in as ``user`` (or anonymous for None)."""
    client.cookies.clear()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def users(request) -> dict[str, User | None]:
    """Persona name → user (None for the anonymous visitor)."""
    return {name: request.getfixturevalue(fixture) if fixture else None for name, fixture in PERSONAS.items()}


# --- Files ---------------------------------------------------------------------------------


def jpeg_bytes(*, size=(64, 48), **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format="JPEG", **save)
    return out.getvalue()


def png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG made by Pillow whose header claims ``width`` x ``height`` pixels (a bomb)."""
    out = io.BytesIO()
    Image.new("1", (1, 1)).save(out, format="PNG")
    data = bytearray(out.getvalue())
    # The IHDR chunk follows the 8-byte signature: length(4) type(4) width(4) height(4) …, CRC.
    data[16:24] = struct.pack(">II", width, height)
    ihdr = bytes(data[12:29])
    data[29:33] = struct.pack(">I", zlib.crc32(ihdr))
    return bytes(data)


def upload(name="foto.jpg", content=None, content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_bytes() if content is None else content, content_type=content_type)


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


# --- Reports -------------------------------------------------------------------------------


def make_report(*, by, village, **fields) -> Report:
    values = {"type": Report.Type.COMPLAINT, "title": TITLE, "body": BODY}
    values.update(fields)
    return services.submit_report(by=by, village=village, **values)


@dataclass
class World:
    users: dict
    reports: dict
    files: dict
    category: Category
    rejection_reason: RejectionReason
    agency: object
    other_agency: object
    village: object


@pytest.fixture
def world(users, village, agency, other_agency) -> World:
    """Reports of the persona ``owner`` in the states the matrix needs, with their files.

    - ``public``: verified and disposed to ``agency`` (the owning OPD), with a photo;
    - ``rahasia``: the same but rahasia, with a photo and a PDF;
    - ``unverified``: submitted, not yet disposed, with a photo;
    - ``answered``: answered by the OPD, waiting for the reporter's reaction;
    - ``guest``: a guest's report still waiting for its one-time code.
    """
    owner, coordinator, officer = users["owner"], users["coordinator"], users["officer"]
    category = Category.objects.create(name="Jalan berlubang", default_agency=agency)
    reason = RejectionReason.objects.create(code="duplikat", label="Duplikat laporan lain")
    public = make_report(by=owner, village=village, category=category, files=[upload()])
    services.dispose(report=public, agency=agency, by=coordinator)
    rahasia = make_report(
        by=owner,
        village=village,
        category=category,
        is_confidential=True,
        files=[upload(), upload("surat.pdf", PDF, "application/pdf")],
    )
    services.dispose(report=rahasia, agency=agency, by=coordinator)
    unverified = make_report(by=owner, village=village, files=[upload()])
    answered = make_report(by=owner, village=village, category=category)
    services.dispose(report=answered, agency=agency, by=coordinator)
    services.accept(report=answered, by=officer)
    services.answer(report=answered, by=officer, text="Lubang sudah ditambal oleh tim UPT hari ini.")
    guest = make_report(by=None, village=village, contact=GUEST_CONTACT, guest_name="Pak Tamu")
    reports = {
        "public": public,
        "rahasia": rahasia,
        "unverified": unverified,
        "answered": answered,
        "guest": guest,
    }
    files = {
        "public_photo": public.attachments.get(),
        "rahasia_photo": rahasia.attachments.get(content_type="image/jpeg"),
        "rahasia_pdf": rahasia.attachments.get(content_type="application/pdf"),
        "unverified_photo": unverified.attachments.get(),
    }
    return World(
        users=users,
        reports=reports,
        files=files,
        category=category,
        rejection_reason=reason,
        agency=agency,
        other_agency=other_agency,
        village=village,
    )


def fingerprint() -> dict:
    """What a refused request must leave as it was: reports, their history, files, codes, users."""
    return {
        "reports": sorted(
            Report.objects.values_list(
                "code", "status", "is_confidential", "is_anonymous", "agency_id", "handler_id", "due_at"
            )
        ),
        "events": ReportEvent.objects.count(),
        "attachments": Attachment.objects.count(),
        "ratings": Rating.objects.count(),
        "codes": OneTimeCode.objects.count(),
        "notifications": Notification.objects.count(),
        "audit": AuditEvent.objects.count(),
        "users": sorted(User.objects.values_list("pk", "full_name", "email", "phone", "role", "is_active", "language")),
    }
