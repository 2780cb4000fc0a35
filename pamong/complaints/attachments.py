"""Checking and cleaning uploaded files.

The real type comes from the content, never from the name or the browser's content type:
images must decode with Pillow, PDFs must start with the PDF magic bytes. Every image gets
a re-encoded copy (resized, EXIF/GPS gone) that is all anyone but the handling staff sees.
"""

import io
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_FILES = 5
MAX_FILE_SIZE = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # refuses decompression bombs before decoding
MAX_DIMENSION = 1600
_IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}


@dataclass
class CheckedFile:
    name: str
    content: bytes
    content_type: str
    sanitized: bytes | None  # JPEG bytes for images; None for PDFs


def check_files(files: list) -> list[CheckedFile]:
    """Validate uploaded files (count, size, real type); raise ValidationError in Indonesian."""
    if len(files) > MAX_FILES:
        raise ValidationError(_("Paling banyak %(n)d berkas.") % {"n": MAX_FILES}, code="too_many_files")
    return [check_file(f) for f in files]


def check_file(upload) -> CheckedFile:
    name = (getattr(upload, "name", "") or "berkas")[-150:]
    if upload.size > MAX_FILE_SIZE:
        raise ValidationError(
            _("Berkas %(name)s terlalu besar (maksimal %(mb)d MB).")
            % {"name": name, "mb": MAX_FILE_SIZE // (1024 * 1024)},
            code="file_too_large",
        )
    upload.seek(0)
    content = upload.read()
    if content.startswith(b"%PDF-"):
        return CheckedFile(name=name, content=content, content_type="application/pdf", sanitized=None)
    content_type, sanitized = _sanitize_image(content, name)
    return CheckedFile(name=name, content=content, content_type=content_type, sanitized=sanitized)


def _sanitize_image(content: bytes, name: str) -> tuple[str, bytes]:
    refused = ValidationError(
        _("Berkas %(name)s bukan gambar (JPEG, PNG, WebP, GIF) atau PDF yang sah.") % {"name": name},
        code="file_type",
    )
    too_big = ValidationError(_("Gambar %(name)s terlalu besar.") % {"name": name}, code="image_pixels")
    try:
        with Image.open(io.BytesIO(content)) as probe:
            if probe.format not in _IMAGE_FORMATS:
                raise refused
            if probe.width * probe.height > MAX_PIXELS:
                raise too_big
            probe.verify()
        with Image.open(io.BytesIO(content)) as image:
            content_type = _IMAGE_FORMATS[image.format]
            image = ImageOps.exif_transpose(image)  # keep the orientation the EXIF data gave
            image = image.convert("RGB")
            image.thumbnail((MAX_DIMENSION, MAX_DIMENSION))
            out = io.BytesIO()
            # Pillow carries info (a JPEG/GIF comment, ICC profile, …) into the saved file: a
            # comment can hold a script or personal details, so the public copy keeps none of it.
            image.info.clear()
            image.save(out, format="JPEG", quality=82, optimize=True)
    except ValidationError:
        raise
    except Image.DecompressionBombError:
        # Pillow refuses to even open images past twice its pixel limit.
        raise too_big from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise refused from None
    return content_type, out.getvalue()


def store(checked: CheckedFile, *, report, by, kind: str = "report", event=None):
    """Save a checked file (original and cleaned copy) as an Attachment of ``report``."""
    from .models import Attachment

    original, sanitized = as_django_files(checked)
    attachment = Attachment(
        report=report,
        event=event,
        kind=kind,
        original_name=checked.name,
        content_type=checked.content_type,
        size=len(checked.content),
        uploaded_by=by,
    )
    attachment.original.save(original.name, original, save=False)
    if sanitized is not None:
        attachment.sanitized.save(sanitized.name, sanitized, save=False)
    attachment.save()
    return attachment


def as_django_files(checked: CheckedFile) -> tuple[ContentFile, ContentFile | None]:
    """Content files with random names (the original name is kept in the row, not the path)."""
    stem = secrets.token_hex(12)
    extension = "pdf" if checked.content_type == "application/pdf" else checked.content_type.split("/")[1]
    original = ContentFile(checked.content, name=f"{stem}.{extension}")
    sanitized = ContentFile(checked.sanitized, name=f"{stem}.jpg") if checked.sanitized is not None else None
    return original, sanitized
