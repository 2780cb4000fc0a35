"""Fixtures for the security tests: the shared personas, files and a small world of reports.

The personas come from ``pamong/conftest.py`` (imported so that they register here too: that
conftest only applies below ``pamong/``). Everything else is built here, through the
services, so the security tests do not depend on another app's test fixtures.
"""

import io
import os
import struct
import zlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from pamong import conftest as shared
from pamong.accounts.models import OneTimeCode, User
from pamong.audit.models import Event as AuditEvent
from pamong.complaints import services
from pamong.complaints.models import Attachment, Category, Rating, RejectionReason, Report, ReportEvent
from pamong.letters import pins
from pamong.letters import services as letter_services
from pamong.letters import workflow as letter_workflow
from pamong.letters.models import (
    Letter,
    LetterCounter,
    LetterRequest,
    LetterType,
    RequestEvent,
    RequestFile,
    ResidentPin,
)
from pamong.letters.seed import seed_letter_types
from pamong.notifications.models import Notification
from pamong.scale.models import Probe
from pamong.villages.models import Cluster, Family, ImportBatch, Lookup, PopulationEvent, Resident

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
    # Letters (layanan surat): residents by name, requests, issued letters.
    residents: dict = field(default_factory=dict)
    requests: dict = field(default_factory=dict)
    letters: dict = field(default_factory=dict)
    # Villages (the registry): import batches by village ("own", "other").
    batches: dict = field(default_factory=dict)


@pytest.fixture
def world(users, village, other_village, agency, other_agency) -> World:
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
    residents, letter_requests, letters = letters_world(users, village, other_village)
    return World(
        users=users,
        reports=reports,
        files=files,
        category=category,
        rejection_reason=reason,
        agency=agency,
        other_agency=other_agency,
        village=village,
        residents=residents,
        requests=letter_requests,
        letters=letters,
        batches={
            "own": make_batch(village, users["village_operator"]),
            "other": make_batch(other_village, users["admin"]),
        },
    )


# --- Letters (layanan surat) ---------------------------------------------------------------

HEAD_NIK = "3522151501800001"  # the head of a family in the operator's village (Kadipaten)
WIFE_NIK = "3522155203850002"  # his wife, same family
OUTSIDER_NIK = "3522152002900004"  # a resident of the other village (Campurejo)
LETTER_TYPE = "SKD"  # Surat Keterangan Domisili: self-service, three requirements, "keperluan"
SIGNER = {"signer_name": "Drs. Bambang Sutejo", "signer_nip": "197001011990031001"}


def lookups() -> dict:
    def get(kind, code, name):
        # The villages migrations may already ship the reference lists.
        return Lookup.objects.get_or_create(kind=kind, code=code, defaults={"name": name})[0]

    return {
        "religion": get(Lookup.Kind.RELIGION, 1, "Islam"),
        "marital_status": get(Lookup.Kind.MARITAL_STATUS, 2, "Kawin"),
        "occupation": get(Lookup.Kind.OCCUPATION, 9, "Petani/Pekebun"),
    }


def make_family(*, village, number, address="Jl. Panglima Sudirman 12") -> Family:
    cluster, _ = Cluster.objects.get_or_create(village=village, dusun="Krajan", rw="002", rt="001")
    return Family.objects.create(number=number, village=village, cluster=cluster, address=address)


def make_resident(*, family, nik, name, sex="L", relation="1", born=date(1980, 1, 15)) -> Resident:
    return Resident.objects.create(
        nik=nik,
        family=family,
        village=family.village,
        is_head=relation == "1",
        relation=relation,
        name=name,
        sex=sex,
        birth_place="Bojonegoro",
        birth_date=born,
        **lookups(),
    )


def give_pin(resident: Resident) -> ResidentPin:
    """A PIN the resident already changed to their own (so self-service pages open)."""
    pin = pins.issue_demo_pin(resident)
    return pins.change_pin(pin_row=resident.pin, current=pin, new="246813")


def requirement_files() -> dict:
    return {f"syarat_{i}": upload(f"syarat{i}.pdf", PDF, "application/pdf") for i in range(3)}


def submit_letter_request(resident, letter_type) -> LetterRequest:
    """A complete request: every requirement has its file, so it waits in Sedang Diperiksa."""
    return letter_workflow.submit_request(
        resident=resident, letter_type=letter_type, values={"keperluan": "Melamar kerja"}, files=requirement_files()
    )


def with_pdf(letter: Letter) -> Letter:
    """Store a stand-in PDF (the background worker would render the real one)."""
    storage = Letter._meta.get_field("pdf").storage
    name = storage.save(f"letters/{letter.year}/uji-{letter.pk}.pdf", ContentFile(PDF))
    Letter.objects.filter(pk=letter.pk).update(pdf=name)
    letter.refresh_from_db()
    return letter


def letters_world(users, village, other_village) -> tuple[dict, dict, dict]:
    """Residents, requests and letters the ``letters:*`` rows of the matrix need.

    Residents: ``head`` and ``wife`` (one family in the village ``village_operator`` operates,
    both with a self-service PIN) and ``outsider`` (the other village, with a PIN).
    Requests: ``checking`` (the wife's, Sedang Diperiksa, with files), ``awaiting`` (the wife's,
    approved: letter issued, waiting for the signature), ``ready`` (the wife's, Siap Diambil)
    and ``other_village`` (the outsider's, Sedang Diperiksa, with files).
    Letters: ``awaiting`` and ``ready`` (the wife's, with a PDF) and ``other_village`` (issued to
    the outsider at the counter, with a PDF).
    """
    seed_letter_types()
    letter_type = LetterType.objects.get(code=LETTER_TYPE)
    operator, admin = users["village_operator"], users["admin"]
    family = make_family(village=village, number="3522150101200001")
    head = make_resident(family=family, nik=HEAD_NIK, name="Slamet Riyadi")
    wife = make_resident(family=family, nik=WIFE_NIK, name="Siti Aminah", sex="P", relation="3", born=date(1985, 3, 12))
    other_family = make_family(village=other_village, number="3522152001200009", address="Dusun Campurejo")
    outsider = make_resident(family=other_family, nik=OUTSIDER_NIK, name="Joko Susilo", born=date(1990, 2, 20))
    for resident in (head, wife, outsider):
        give_pin(resident)

    checking = submit_letter_request(wife, letter_type)
    awaiting = submit_letter_request(wife, letter_type)
    letter_workflow.act(letter_request=awaiting, action="approve", by=operator, **SIGNER)
    ready = submit_letter_request(wife, letter_type)
    letter_workflow.act(letter_request=ready, action="approve", by=operator, **SIGNER)
    letter_workflow.act(letter_request=ready, action="sign", by=operator)
    other = submit_letter_request(outsider, letter_type)
    counter_letter = letter_services.issue_letter(
        letter_type=letter_type, resident=outsider, by=admin, values={"keperluan": "Pindah kerja"}, **SIGNER
    )
    letter_requests = {"checking": checking, "awaiting": awaiting, "ready": ready, "other_village": other}
    for letter_request in letter_requests.values():
        letter_request.refresh_from_db()
    assert ready.status == LetterRequest.Status.READY and awaiting.status == LetterRequest.Status.AWAITING_SIGNATURE
    letters = {
        "awaiting": with_pdf(awaiting.letter),
        "ready": with_pdf(ready.letter),
        "other_village": with_pdf(counter_letter),
    }
    residents = {"head": head, "wife": wife, "outsider": outsider}
    return residents, letter_requests, letters


PIN_FIELDS = (
    "resident_id",
    "pin_hash",
    "generation",
    "must_change",
    "failed_attempts",
    "locked_until",
    "phone",
    "email",
)


def make_batch(village, by) -> ImportBatch:
    """A finished import with one rejected row (its error report is what villages:import_errors serves)."""
    return ImportBatch.objects.create(
        village=village,
        file_name="siak.csv",
        file_hash="0" * 64,
        total_rows=2,
        processed=2,
        status=ImportBatch.Status.DONE,
        error_count=1,
        error_report="baris,kolom,pesan\n2,NIK,NIK harus 16 digit angka\n",
        created_by=by,
    )


RESIDENT_FIELDS = ("pk", "nik", "name", "status", "is_head", "relation", "family_id", "village_id", "birth_date")


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
        # Letters: requests and their history and files, letters and numbers, PINs.
        "letter_requests": sorted(LetterRequest.objects.values_list("pk", "status", "letter_id", "values")),
        "request_events": RequestEvent.objects.count(),
        "request_files": RequestFile.objects.count(),
        "letters": sorted(Letter.objects.values_list("pk", "number", "revoked_at", "pdf")),
        "letter_counters": sorted(LetterCounter.objects.values_list("village_id", "year", "last")),
        "pins": sorted(ResidentPin.objects.values_list(*PIN_FIELDS)),
        # Villages: the registry, its history and imports.
        "residents": sorted(Resident.objects.values_list(*RESIDENT_FIELDS)),
        "families": sorted(Family.objects.values_list("pk", "number", "address", "cluster_id")),
        "clusters": sorted(Cluster.objects.values_list("pk", "village_id", "dusun", "rw", "rt")),
        "population_events": PopulationEvent.objects.count(),
        "imports": ImportBatch.objects.count(),
        "bench_probes": Probe.objects.count(),
    }
