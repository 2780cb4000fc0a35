"""Upload bugs found by the security tests, now fixed; these tests keep them fixed.

1. The "cleaned" copy keeps the comment of a JPEG or GIF. Pillow's JPEG writer copies
   ``im.info["comment"]`` into the new file unless told otherwise, and ``convert()`` /
   ``thumbnail()`` keep ``info``; so a comment (a script, or the reporter's own notes, a
   name, an address) reaches every copy the public and leadership fetch.
   Fix: in ``pamong/complaints/attachments.py`` ``_sanitize_image``, clear the metadata
   before saving: ``image.info.clear()`` right before ``image.save(out, format="JPEG", …)``.

2. A 20000 x 20000 PNG is refused as "bukan gambar … yang sah": Pillow raises
   ``DecompressionBombError`` in ``Image.open`` (over twice MAX_IMAGE_PIXELS), which the
   generic ``except`` turns into the wrong message. The citizen sent a real photo that is too
   big and should be told so. Fix: in ``_sanitize_image`` catch
   ``Image.DecompressionBombError`` before the generic clause and raise the
   ``"Gambar %(name)s terlalu besar."`` error (code ``image_pixels``).
"""

import io

import pytest
from django.urls import reverse
from PIL import Image

from pamong.complaints.models import Report

from .conftest import client_as, jpeg_bytes, png_declaring, stored_files, upload
from .test_uploads import report_form

COMMENT = b"<script>alert('komentar')</script> Rumah Bu Siti, RT 02 RW 05, -7.1510 111.8812"


def gif_bytes(comment: bytes) -> bytes:
    out = io.BytesIO()
    Image.new("P", (16, 16)).save(out, format="GIF", comment=comment)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [("foto.jpg", jpeg_bytes(comment=COMMENT)), ("animasi.gif", gif_bytes(COMMENT))],
    ids=["jpeg", "gif"],
)
def test_the_comment_of_an_uploaded_image_does_not_reach_the_cleaned_copy(
    shared_client, citizen, village, name, content
):
    client = client_as(shared_client, citizen)

    client.post(reverse("complaints:submit"), report_form(village, [upload(name, content, "image/jpeg")]))

    attachment = Report.objects.get().attachments.get()
    with attachment.sanitized.open("rb") as f:
        cleaned = f.read()
    assert b"komentar" not in cleaned
    assert b"Bu Siti" not in cleaned
    with Image.open(io.BytesIO(cleaned)) as image:
        assert "comment" not in image.info


def test_a_decompression_bomb_is_refused_as_too_big_not_as_a_broken_file(
    shared_client, citizen, village, private_files
):
    client = client_as(shared_client, citizen)
    bomb = upload("bom.png", png_declaring(20000, 20000), "image/png")

    response = client.post(reverse("complaints:submit"), report_form(village, [bomb]))

    assert response.context["form"].errors["files"] == ["Gambar bom.png terlalu besar."]
    assert Report.objects.count() == 0
    assert stored_files(private_files) == []
