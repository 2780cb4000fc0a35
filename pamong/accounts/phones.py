"""Indonesian mobile numbers, normalised to the international form +62…."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_SEPARATORS = re.compile(r"[\s\-().]")


def normalize_phone(raw: str) -> str:
    """Return ``+628…`` for 08…, 628… or +628… input; raise ValidationError otherwise."""
    number = _SEPARATORS.sub("", raw or "")
    if number.startswith("+62"):
        number = number[3:]
    elif number.startswith("62"):
        number = number[2:]
    elif number.startswith("0"):
        number = number[1:]
    else:
        raise ValidationError(_("Nomor HP harus diawali 08, 62, atau +62."), code="phone_prefix")
    if not number.isdigit() or not number.startswith("8") or not 9 <= len(number) <= 12:
        raise ValidationError(_("Nomor HP tidak valid. Contoh yang benar: 0812 3456 7890."), code="phone_invalid")
    return "+62" + number


def looks_like_phone(identifier: str) -> bool:
    return "@" not in identifier and any(ch.isdigit() for ch in identifier)
