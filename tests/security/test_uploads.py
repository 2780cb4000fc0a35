"""Upload attacks against the complaint form and the OPD's answer: each is refused with a
clear Indonesian message and leaves nothing behind (no report, no attachment, no file), or
(the polyglot) is accepted only as a re-encoded copy without the payload for everyone but
the handling staff and the reporter who sent it."""

import pytest
from django.urls import reverse

from pamong.complaints import services
from pamong.complaints.attachments import MAX_FILE_SIZE
from pamong.complaints.models import Attachment, Report

from .conftest import BODY, TITLE, client_as, fingerprint, jpeg_bytes, png_declaring, stored_files, upload

SCRIPT = b"<?php system($_GET['c']); ?><html><script>alert(document.cookie)</script></html>"
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(1)</script><rect width='10' height='10'/></svg>"
)
POLYGLOT_PAYLOAD = b"<script>alert('polyglot')</script><?php echo 'polyglot'; ?>"
NOT_AN_IMAGE = "Berkas {} bukan gambar (JPEG, PNG, WebP, GIF) atau PDF yang sah."
TOO_MANY_PIXELS = "Gambar {} terlalu besar."

# attack → (file name, content, claimed content type, the messages that may refuse it)
SINGLE_FILE_ATTACKS = {
    "skrip-bernama-jpg": ("foto.jpg", lambda: SCRIPT, "image/jpeg", (NOT_AN_IMAGE,)),
    "svg-dengan-skrip": ("peta.svg", lambda: SVG, "image/svg+xml", (NOT_AN_IMAGE,)),
    "svg-bernama-png": ("peta.png", lambda: SVG, "image/png", (NOT_AN_IMAGE,)),
    "html-bernama-pdf": (
        "surat.pdf",
        lambda: b"<html><script>alert(1)</script>%PDF-1.4",
        "application/pdf",
        (NOT_AN_IMAGE,),
    ),
    # 50 megapixels: over the app's own limit (40 MP), under Pillow's bomb guard.
    "gambar-50-megapiksel": ("besar.png", lambda: png_declaring(10000, 5000), "image/png", (TOO_MANY_PIXELS,)),
    # 400 megapixels: Pillow's guard refuses it before the app's own check, with the same message.
    "bom-dekompresi": ("bom.png", lambda: png_declaring(20000, 20000), "image/png", (TOO_MANY_PIXELS,)),
    "berkas-terlalu-besar": (
        "besar.jpg",
        lambda: jpeg_bytes() + b"\0" * MAX_FILE_SIZE,
        "image/jpeg",
        ("Berkas {} terlalu besar (maksimal 5 MB).",),
    ),
}
ATTACKS = [*SINGLE_FILE_ATTACKS, "terlalu-banyak-berkas"]


def hostile(attack: str, prefix: str = "") -> tuple[list, set[str]]:
    """The files of one attack and the messages that may refuse it."""
    if attack == "terlalu-banyak-berkas":
        return [upload(f"{prefix}foto{n}.jpg") for n in range(6)], {"Paling banyak 5 berkas."}
    name, content, content_type, messages = SINGLE_FILE_ATTACKS[attack]
    return [upload(prefix + name, content(), content_type)], {m.format(prefix + name) for m in messages}


def report_form(village, files, **extra):
    return {
        "type": "pengaduan",
        "title": TITLE,
        "body": BODY,
        "village": village.code,
        "idempotency_key": "unggah-1",
        "files": files,
        **extra,
    }


@pytest.mark.parametrize("attack", ATTACKS)
@pytest.mark.parametrize("who", ["warga", "tamu"])
def test_a_hostile_upload_with_a_report_is_refused_and_nothing_is_kept(
    shared_client, citizen, village, private_files, attack, who
):
    files, messages = hostile(attack)
    client = client_as(shared_client, citizen if who == "warga" else None)
    extra = {"contact": "tamu@example.org"} if who == "tamu" else {}

    response = client.post(reverse("complaints:submit"), report_form(village, files, **extra))

    assert response.status_code == 200
    errors = response.context["form"].errors["files"]
    assert len(errors) == 1
    assert errors[0] in messages
    assert errors[0] in response.content.decode()
    assert Report.objects.count() == 0
    assert Attachment.objects.count() == 0
    assert stored_files(private_files) == []


@pytest.mark.parametrize("attack", list(SINGLE_FILE_ATTACKS))
def test_a_hostile_evidence_file_with_an_answer_is_refused_and_the_report_stays(
    shared_client, world, private_files, attack
):
    report = world.reports["public"]
    services.accept(report=report, by=world.users["officer"])
    files_before = stored_files(private_files)
    before = fingerprint()
    client = client_as(shared_client, world.users["officer"])
    (evidence,), messages = hostile(attack, prefix="bukti-")

    response = client.post(
        reverse("complaints:act", args=[report.code, "answer"]),
        {"answer-text": "Lubang sudah ditambal oleh tim UPT hari ini.", "answer-evidence": evidence},
        follow=True,
    )

    assert response.status_code == 200
    shown = [m.message for m in response.context["messages"]]
    assert len(shown) == 1
    assert shown[0] in messages
    assert fingerprint() == before
    assert stored_files(private_files) == files_before
    report.refresh_from_db()
    assert report.status == Report.Status.ACCEPTED


# --- The polyglot: a real JPEG with a script appended ----------------------------------------


@pytest.fixture
def polyglot(shared_client, world):
    """A citizen's report with a JPEG+HTML polyglot, disposed so that it is public."""
    client = client_as(shared_client, world.users["owner"])
    content = jpeg_bytes(size=(80, 60)) + POLYGLOT_PAYLOAD
    client.post(
        reverse("complaints:submit"),
        report_form(world.village, [upload("poliglot.jpg", content, "image/jpeg")], idempotency_key="poli"),
    )
    report = Report.objects.get(idempotency_key="poli")
    services.dispose(report=report, agency=world.agency, by=world.users["coordinator"])
    return report, report.attachments.get(), content


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_polyglot_is_accepted_only_as_a_re_encoded_copy_without_the_payload(polyglot):
    _, attachment, content = polyglot

    with attachment.sanitized.open("rb") as f:
        cleaned = f.read()
    assert cleaned.startswith(b"\xff\xd8")
    assert b"script" not in cleaned
    assert b"<?php" not in cleaned
    with attachment.original.open("rb") as f:
        assert f.read() == content  # kept, privately, as evidence for the handling staff
    assert attachment.content_type == "image/jpeg"


@pytest.mark.parametrize("persona", ["anonymous", "other_citizen", "village_operator", "leadership"])
def test_nobody_outside_the_handling_staff_can_fetch_the_polyglot_payload(shared_client, world, polyglot, persona):
    _, attachment, _ = polyglot
    client = client_as(shared_client, world.users[persona])
    url = reverse("complaints:attachment", args=[attachment.pk])

    for query in ({}, {"asli": "1"}):
        response = client.get(url, query)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        assert POLYGLOT_PAYLOAD not in body(response)


def test_another_opds_officer_gets_no_copy_of_the_polyglot(shared_client, world, polyglot):
    _, attachment, _ = polyglot
    client = client_as(shared_client, world.users["other_officer"])

    response = client.get(reverse("complaints:attachment", args=[attachment.pk]), {"asli": "1"})

    assert response.status_code == 200  # the report is public: the cleaned copy, like anyone
    assert POLYGLOT_PAYLOAD not in body(response)


def test_the_original_goes_to_the_handling_officer_as_an_image_that_browsers_do_not_sniff(
    shared_client, world, polyglot
):
    _, attachment, content = polyglot
    client = client_as(shared_client, world.users["officer"])

    response = client.get(reverse("complaints:attachment", args=[attachment.pk]), {"asli": "1"})

    assert body(response) == content
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "script-src 'self'" in response["Content-Security-Policy"].split("; ")


def test_uploaded_files_are_never_under_the_public_media_root(polyglot, settings):
    _, attachment, _ = polyglot

    assert stored_files(settings.MEDIA_ROOT) == []
    assert attachment.original.storage.base_url is None
