"""Kemendagri region codes: format, level, lineage. Pure functions, no database.

A code is ``PP`` (province), ``PP.KK`` (regency/city), ``PP.KK.CC`` (district) or
``PP.KK.CC.XDDD`` (village); its length fixes the level.
"""

import re

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Region

CODE_FORMAT = re.compile(r"\d{2}(?:\.\d{2}(?:\.\d{2}(?:\.\d{4})?)?)?")

LEVEL_BY_LENGTH = {
    2: Region.Level.PROVINCE,
    5: Region.Level.REGENCY,
    8: Region.Level.DISTRICT,
    13: Region.Level.VILLAGE,
}

# First digit of the village part. 3 is a desa adat (customary village, UU 6/2014), which is
# a desa in law; the 2025 list has 14 of them, all in Kabupaten Jayapura (91.03).
VILLAGE_KIND_BY_DIGIT = {
    "1": Region.VillageKind.KELURAHAN,
    "2": Region.VillageKind.DESA,
    "3": Region.VillageKind.DESA,
}

INVALID_CODE = _("Kode wilayah '%(code)s' tidak valid. Format: 35, 35.22, 35.22.01 atau 35.22.01.2001.")


class RegionError(ValidationError):
    """A region code that is malformed, unknown, not loaded yet or outside the served regency.

    ``code`` tells which: ``invalid``, ``unknown``, ``not_loaded`` or ``outside_regency``.
    A ValidationError, so forms show it on the field; ``str()`` gives the plain message.
    """

    def __str__(self) -> str:
        return " ".join(self.messages)


def check_code(code: str) -> str:
    """The code without surrounding blanks; RegionError(code="invalid") if it is malformed."""
    cleaned = code.strip()
    if not CODE_FORMAT.fullmatch(cleaned):
        raise RegionError(INVALID_CODE, code="invalid", params={"code": code})
    return cleaned


def level_of(code: str) -> str:
    """The level of a well-formed code."""
    return LEVEL_BY_LENGTH[len(code)]


def village_kind_of(code: str) -> str:
    """``desa`` or ``kelurahan`` for a village code, ``""`` for any other level."""
    if len(code) != 13:
        return ""
    return VILLAGE_KIND_BY_DIGIT[code[9]]


def parent_code(code: str) -> str | None:
    return code.rpartition(".")[0] or None


def ancestor_codes(code: str) -> list[str]:
    """Codes above ``code``, province first: ``35.22.15`` → ``["35", "35.22"]``."""
    parts = code.split(".")
    return [".".join(parts[:depth]) for depth in range(1, len(parts))]


def is_within(code: str, ancestor: str) -> bool:
    """True if ``code`` lies below ``ancestor`` (not ``ancestor`` itself)."""
    return code.startswith(f"{ancestor}.")


def descendants_q(code: str) -> Q:
    """Filter for every region below ``code``.

    Written as a range on the primary key instead of ``startswith``: LIKE does not use the
    primary-key index on SQLite (case-insensitive LIKE) and needs a pattern index on
    PostgreSQL, while a range does on both. "/" is the character after "." in ASCII, so
    ``"35.22." < c < "35.22/"`` holds exactly for the codes that start with ``"35.22."``.
    """
    return Q(code__gt=f"{code}.", code__lt=f"{code}/")
