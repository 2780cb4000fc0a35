"""Regions as JSON: one region with its parent and children (public reference data)."""

from typing import Literal

from ninja import Router, Schema
from ninja.errors import HttpError

from .codes import RegionError
from .models import Region
from .queries import get_region

router = Router(tags=["regions"])

# Inline enums: classes named "Level" or "VillageKind" could clash with other apps' in the
# OpenAPI components.
RegionLevel = Literal[tuple(Region.Level.values)]
VillageKind = Literal[tuple(Region.VillageKind.values)]


class RegionRef(Schema):
    code: str
    name: str
    level: RegionLevel
    village_kind: VillageKind | None  # null above the village level

    @staticmethod
    def resolve_village_kind(region: Region) -> str | None:
        return region.village_kind or None


class RegionOut(RegionRef):
    parent: RegionRef | None
    children: list[RegionRef]


class ErrorOut(Schema):
    detail: str


@router.get("/{code}", response={200: RegionOut, 404: ErrorOut}, summary="Satu wilayah dengan turunan langsungnya")
def region_detail(request, code: str):
    try:
        return get_region(code)
    except RegionError as error:
        raise HttpError(404, str(error)) from error
