"""Checking requirement files a resident uploads: real type from the content, size capped.

Images are re-encoded as JPEG (no EXIF/GPS survives); PDFs must start with the PDF magic bytes.
"""

import io
import secrets
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from .errors import LetterError

MAX_FILE_SIZE = 2 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_DIMENSION = 2000
IMAGE_FORMATS = {"JPEG", "PNG", "WEBP"}


@dataclass(frozen=True)
class CheckedUpload:
    name: str
    content: ContentFile
    content_type: str


def check_upload(upload, *, field: str) -> CheckedUpload:
    name = (getattr(upload, "name", "") or _("berkas"))[-150:]
    if upload.size > MAX_FILE_SIZE:
        raise LetterError(
            _("Berkas %(name)s terlalu besar (maksimal %(mb)d MB).") % {"name": name, "mb": MAX_FILE_SIZE // 2**20},
            code="file_too_large",
            field=field,
        )
    upload.seek(0)
    data = upload.read()
    stem = secrets.token_hex(12)
    if data.startswith(b"%PDF-"):
        return CheckedUpload(name, ContentFile(data, name=f"{stem}.pdf"), "application/pdf")
    refused = LetterError(
        _("Berkas %(name)s harus berupa gambar (JPEG, PNG, WebP) atau PDF.") % {"name": name},
        code="file_type",
        field=field,
    )
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in IMAGE_FORMATS or probe.width * probe.height > MAX_PIXELS:
                raise refused
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image = ImageOps.exif_transpose(image).convert("RGB")
            image.thumbnail((MAX_DIMENSION, MAX_DIMENSION))
            out = io.BytesIO()
            image.save(out, format="JPEG", quality=85)
    except LetterError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise refused from None
    return CheckedUpload(name, ContentFile(out.getvalue(), name=f"{stem}.jpg"), "image/jpeg")
