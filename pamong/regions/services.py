"""Writing regions: loading the shipped Kemendagri list into the database."""

from collections import Counter
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .codes import (
    RegionError,
    ancestor_codes,
    check_code,
    descendants_q,
    level_of,
    parent_code,
    village_kind_of,
)
from .models import Region
from .source import official_list

UNKNOWN_CODE = _("Kode wilayah '%(code)s' tidak ada dalam daftar wilayah Kemendagri 2025.")

# The columns the official list decides; everything else about a region is ours.
SOURCE_FIELDS = ["name", "level", "parent", "village_kind"]
SOURCE_ATTNAMES = ["name", "level", "parent_id", "village_kind"]
STATUSES = ("created", "updated", "unchanged")  # the order of Counts' fields


@dataclass(frozen=True)
class Counts:
    """How many rows a load created, changed and left as they were."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass(frozen=True)
class LoadResult:
    code: str
    name: str
    levels: dict[str, Counts]  # Region.Level → counts, province first; levels present only
    villages_by_kind: dict[str, int]  # Region.VillageKind → villages in the loaded subtree

    @property
    def changed(self) -> bool:
        return any(counts.created or counts.updated for counts in self.levels.values())


@transaction.atomic
def load_regions(*, code: str) -> LoadResult:
    """Load ``code``, its ancestors and all its descendants from the shipped list.

    An upsert in one transaction: a second load with the same list writes nothing, and an
    error leaves the database as it was. Raises RegionError for a malformed code
    (``invalid``) or one the list does not have (``unknown``), before touching the database.
    Regions missing from the list are left alone: other rows may still point at them.
    """
    code = check_code(code)
    source = official_list()
    if code not in source.names:
        raise RegionError(UNKNOWN_CODE, code="unknown", params={"code": code})

    wanted = [_region_from_source(c, source.names[c]) for c in source.lineage(code)]
    rows = Region.objects.filter(Q(code__in=[*ancestor_codes(code), code]) | descendants_q(code)).values_list(
        "code", *SOURCE_ATTNAMES
    )
    stored = {row[0]: row[1:] for row in rows.iterator()}
    tally: Counter[tuple[str, str]] = Counter()
    to_write = []
    for region in wanted:
        status = _status(region, stored.get(region.code))
        tally[region.level, status] += 1
        if status != "unchanged":
            to_write.append(region)

    # Parents come before children in ``wanted``; foreign keys are checked at commit anyway.
    Region.objects.bulk_create(to_write, update_conflicts=True, unique_fields=["code"], update_fields=SOURCE_FIELDS)
    return LoadResult(
        code=code,
        name=source.names[code],
        levels={
            level: Counts(*(tally[level, status] for status in STATUSES))
            for level in Region.Level.values
            if any(tally[level, status] for status in STATUSES)
        },
        villages_by_kind=dict(Counter(str(region.village_kind) for region in wanted if region.village_kind)),
    )


def _region_from_source(code: str, name: str) -> Region:
    return Region(
        code=code,
        name=name,
        level=level_of(code),
        parent_id=parent_code(code),
        village_kind=village_kind_of(code),
    )


def _status(region: Region, stored: tuple | None) -> str:
    if stored is None:
        return "created"
    if stored != tuple(getattr(region, attname) for attname in SOURCE_ATTNAMES):
        return "updated"
    return "unchanged"
