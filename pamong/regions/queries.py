"""Reading regions: the served regency (settings.PAMONG_REGION) and the units inside it.

Every helper that returns regions selects the parent too, so showing "Desa X, Kecamatan Y"
costs no extra query per row.
"""

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from .codes import CODE_FORMAT, RegionError, check_code, descendants_q, is_within
from .models import Region

NOT_LOADED = _("Wilayah %(code)s belum dimuat. Jalankan: manage.py load_regions %(code)s")
REGION_NOT_FOUND = _("Wilayah dengan kode '%(code)s' tidak ditemukan.")
INVALID_VILLAGE_CODE = _("Kode desa/kelurahan '%(code)s' tidak valid. Format: 35.22.01.2001.")
VILLAGE_NOT_FOUND = _("Desa/kelurahan dengan kode '%(code)s' tidak ditemukan.")
VILLAGE_OUTSIDE_REGENCY = _("Desa/kelurahan '%(code)s' berada di luar wilayah kabupaten/kota %(regency)s.")
DISTRICT_OUTSIDE_REGENCY = _("Kecamatan '%(code)s' berada di luar wilayah kabupaten/kota %(regency)s.")


def configured_regency() -> Region:
    """The regency this deployment serves; RegionError(code="not_loaded") before load_regions."""
    code = settings.PAMONG_REGION
    try:
        return Region.objects.select_related("parent").get(code=code, level=Region.Level.REGENCY)
    except Region.DoesNotExist:
        raise RegionError(NOT_LOADED, code="not_loaded", params={"code": code}) from None


def regency_districts() -> QuerySet[Region]:
    """The served regency's kecamatan, by code. Empty before load_regions."""
    return Region.objects.filter(parent_id=settings.PAMONG_REGION, level=Region.Level.DISTRICT).select_related("parent")


def regency_villages(district: Region | str | None = None) -> QuerySet[Region]:
    """The served regency's desa and kelurahan by code, optionally of one kecamatan.

    ``district`` is a Region or a code; one outside the regency raises
    RegionError(code="outside_regency") instead of silently returning nothing.
    """
    villages = Region.objects.filter(level=Region.Level.VILLAGE).select_related("parent")
    if district is None:
        return villages.filter(descendants_q(settings.PAMONG_REGION))
    district_code = district.code if isinstance(district, Region) else check_code(district)
    if not is_within(district_code, settings.PAMONG_REGION) or len(district_code) != 8:
        raise RegionError(
            DISTRICT_OUTSIDE_REGENCY,
            code="outside_regency",
            params={"code": district_code, "regency": settings.PAMONG_REGION},
        )
    return villages.filter(parent_id=district_code)


def get_village_in_regency(code: str) -> Region:
    """The desa/kelurahan with this code, if it lies in the served regency.

    Raises RegionError: ``invalid`` (not a village code), ``outside_regency`` (another
    regency's village, loaded or not) or ``unknown`` (no such village loaded).
    """
    code = code.strip()
    if not (CODE_FORMAT.fullmatch(code) and len(code) == 13):
        raise RegionError(INVALID_VILLAGE_CODE, code="invalid", params={"code": code})
    if not is_within(code, settings.PAMONG_REGION):
        raise RegionError(
            VILLAGE_OUTSIDE_REGENCY,
            code="outside_regency",
            params={"code": code, "regency": settings.PAMONG_REGION},
        )
    try:
        return Region.objects.select_related("parent").get(code=code, level=Region.Level.VILLAGE)
    except Region.DoesNotExist:
        raise RegionError(VILLAGE_NOT_FOUND, code="unknown", params={"code": code}) from None


def get_region(code: str) -> Region:
    """Any loaded region with its parent selected and its children prefetched (by code).

    Raises RegionError: ``invalid`` for a malformed code, ``unknown`` if it is not loaded.
    """
    code = check_code(code)
    try:
        return Region.objects.select_related("parent").prefetch_related("children").get(code=code)
    except Region.DoesNotExist:
        raise RegionError(REGION_NOT_FOUND, code="unknown", params={"code": code}) from None
