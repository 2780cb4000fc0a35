"""The regency's villages and kecamatan, for the report form and its checks.

Thin wrappers over ``pamong.regions.queries`` so the complaints code has one place that
decides what "a village of this regency" means.
"""

from django.conf import settings
from django.db.models import QuerySet

from pamong.regions.codes import RegionError, is_within
from pamong.regions.models import Region
from pamong.regions.queries import get_village_in_regency
from pamong.regions.queries import regency_districts as regency_districts
from pamong.regions.queries import regency_villages as _regency_villages


def regency_villages() -> QuerySet[Region]:
    return _regency_villages()


def village_in_regency(village: Region | str) -> Region:
    """The village (by instance or code) if it lies in this regency; ValueError otherwise.

    A village read from the database (the report form's clean step already looked it up) is
    checked without a query: its code and level are what the lookup would check.
    """
    if isinstance(village, Region) and not village._state.adding and _is_regency_village(village):
        return village
    code = village.code if isinstance(village, Region) else str(village or "")
    try:
        return get_village_in_regency(code)
    except RegionError as error:
        raise ValueError(str(error)) from None


def _is_regency_village(village: Region) -> bool:
    return (
        village.level == Region.Level.VILLAGE
        and is_within(village.code, settings.PAMONG_REGION)
        and village.parent_id is not None
    )
