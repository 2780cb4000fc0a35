"""Turning an issued letter into a PDF (WeasyPrint) with a QR code to its verification page.

Runs in the background worker (tasks.render_letter_pdf), never inside a request. The letter's
``body_html`` is already filled and escaped; the document around it (letterhead, number,
signature, QR, hash) comes from ``letters/pdf/letter.html``, which a regency may override.
"""

import logging
from functools import cache

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe

from . import templating
from .models import Letter, Paper

logger = logging.getLogger(__name__)

PAGE_SIZES = {Paper.A4: "210mm 297mm", Paper.F4: "215mm 330mm"}
FALLBACK_SITE_URL = "http://localhost:8000"


def verification_url(letter: Letter) -> str:
    """The absolute address the QR code carries (PAMONG_SITE_URL + /surat/verifikasi/<token>/)."""
    site = settings.PAMONG_SITE_URL.rstrip("/")
    if not site:
        logger.warning("PAMONG_SITE_URL is empty: the QR code of letter %s points to %s.", letter.pk, FALLBACK_SITE_URL)
        site = FALLBACK_SITE_URL
    return site + reverse("letters:verify", args=[letter.verification_token])


def qr_data_uri(url: str) -> str:
    # A PNG (not SVG) so that a scanner and the tests can read it back from the PDF as an image.
    return segno.make(url, error="m").png_data_uri(scale=6, border=2)


def document_html(letter: Letter) -> str:
    village = letter.village
    district = village.parent
    regency = district.parent if district else None
    url = verification_url(letter)
    context = {
        "letter": letter,
        "body": mark_safe(letter.body_html),  # noqa: S308 - admin-written template, values escaped by templating.render
        "page_size": PAGE_SIZES[letter.paper],
        "regency_name": regency.name if regency else "",
        "district_name": district.name if district else "",
        "village": village,
        "issued_on": templating.indonesian_date(letter.issued_at.date()),
        "valid_until": templating.indonesian_date(letter.valid_until),
        "qr": qr_data_uri(url),
        "verify_url": url,
    }
    # An official document: its labels are in the regency's language whoever triggers the render.
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string("letters/pdf/letter.html", context)


@cache
def _font_config():
    """One font configuration per worker process.

    Building it initialises fontconfig and Pango's font map, a third of a letter's rendering
    time when done per letter (measured: median 165 → 110 ms). The worker renders one letter at
    a time, so sharing it within the process is safe.
    """
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def render_pdf(letter: Letter) -> bytes:
    # Imported here: WeasyPrint takes a moment to load and only the worker needs it.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # Only data: URIs (the QR code). An admin-written body must not make the worker fetch
    # internal addresses or local files.
    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=document_html(letter), url_fetcher=fetcher).write_pdf(font_config=_font_config())
