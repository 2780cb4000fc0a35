"""The regency's villages, for the report form and its checks.

Temporary local helper until ``pamong.regions.queries.get_village_in_regency`` lands; then
these two functions become thin calls to it (one place to switch).
"""

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from pamong.regions.models import Region


def regency_villages() -> QuerySet[Region]:
    return Region.objects.filter(level=Region.Level.VILLAGE, code__startswith=settings.PAMONG_REGION + ".")


def regency_districts() -> QuerySet[Region]:
    return Region.objects.filter(level=Region.Level.DISTRICT, code__startswith=settings.PAMONG_REGION + ".")


def village_in_regency(village: Region | str) -> Region:
    """The village (by instance or code) if it lies in this regency; ValueError otherwise."""
    code = village.code if isinstance(village, Region) else str(village or "").strip()
    found = regency_villages().filter(code=code).first() if code else None
    if found is None:
        raise ValueError(_("Desa/kelurahan tidak ditemukan di wilayah kabupaten ini."))
    return found
