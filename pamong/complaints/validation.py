"""Checks of submitted values, shared by the services, forms and the API.

Each raises ComplaintError with a message for the user (and the form field it concerns).
"""

import secrets
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.accounts.phones import normalize_phone

from .errors import ComplaintError
from .models import LAT_MAX, LAT_MIN, LONG_MAX, LONG_MIN, Report

TITLE_MAX, BODY_MAX, TEXT_MAX = 150, 5000, 5000
TITLE_MIN, BODY_MIN = 5, 20
_CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read over the phone


def new_tracking_code(now: datetime | None = None) -> str:
    """``LPR-YYMM-XXXXXX``: 6 random characters from 32 = 10⁹ codes a month, not guessable."""
    now = timezone.localtime(now or timezone.now())
    suffix = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(6))
    return f"LPR-{now:%y%m}-{suffix}"


def check_text(value: str, *, label: str, minimum: int, maximum: int, field: str) -> str:
    value = (value or "").strip()
    if len(value) < minimum:
        raise ComplaintError(
            _("%(label)s wajib diisi, paling sedikit %(n)d karakter.") % {"label": label, "n": minimum}, field=field
        )
    if len(value) > maximum:
        raise ComplaintError(
            _("%(label)s terlalu panjang (paling banyak %(n)d karakter).") % {"label": label, "n": maximum},
            field=field,
        )
    return value


def check_point(latitude, longitude) -> tuple[Decimal | None, Decimal | None]:
    if latitude in (None, "") and longitude in (None, ""):
        return None, None
    try:
        lat, long = Decimal(str(latitude)), Decimal(str(longitude))
    except (ArithmeticError, ValueError):
        raise ComplaintError(_("Koordinat tidak valid."), field="latitude") from None
    if not (lat.is_finite() and long.is_finite()):  # Decimal accepts "NaN" and "Infinity"
        raise ComplaintError(_("Koordinat tidak valid."), field="latitude")
    if not (LAT_MIN <= lat <= LAT_MAX and LONG_MIN <= long <= LONG_MAX):
        raise ComplaintError(_("Koordinat berada di luar wilayah Indonesia."), field="latitude")
    return lat.quantize(Decimal("0.000001")), long.quantize(Decimal("0.000001"))


def guest_contact(raw: str) -> tuple[str, str]:
    """(channel, normalised destination) for a guest's email address or phone number."""
    raw = (raw or "").strip()
    if not raw:
        raise ComplaintError(_("Isi email atau nomor HP agar laporan dapat dikonfirmasi."), field="contact")
    if "@" in raw:
        try:
            validate_email(raw)
        except ValidationError:
            raise ComplaintError(_("Alamat email tidak valid."), field="contact") from None
        return Report.GuestChannel.EMAIL, raw.lower()
    try:
        return Report.GuestChannel.SMS, normalize_phone(raw)
    except ValidationError as exc:
        raise ComplaintError(exc.messages[0], field="contact") from None
