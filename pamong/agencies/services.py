"""Writing agencies: loading a regency's seed list, creating and changing units (audited)."""

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from pamong.audit.services import changes, record
from pamong.regions.codes import CODE_FORMAT
from pamong.regions.models import Region
from pamong.regions.services import Counts

from .errors import AgencyError
from .models import Agency
from .seeds import Unit, seed_for

if TYPE_CHECKING:
    from pamong.accounts.models import User

INVALID_REGENCY_CODE = _("Kode kabupaten/kota '%(code)s' tidak valid. Format: 35.22.")
REGIONS_NOT_LOADED = _("Wilayah %(code)s belum dimuat. Muat wilayah dulu: manage.py load_regions %(code)s")
OTHER_REGENCY = _(
    "Instalasi ini melayani wilayah %(served)s (PAMONG_REGION), bukan %(code)s: "
    "satu instalasi hanya memuat perangkat daerah satu kabupaten/kota."
)
PARENT_CYCLE = _("Induk tidak boleh unit ini sendiri atau salah satu unit di bawahnya.")

# The fields a seed decides, as model fields and as columns. Contact details, the head and
# is_active are the regency's own and survive a reload.
SEED_FIELDS = {"name": "name", "short_name": "short_name", "kind": "kind", "parent": "parent_id", "region": "region_id"}
# What an administrator may change; the code is the seed's key and stays as it is.
EDITABLE_FIELDS = (
    "name",
    "short_name",
    "kind",
    "parent",
    "region",
    "address",
    "phone",
    "email",
    "head_name",
    "head_nip",
    "is_active",
)


@dataclass(frozen=True)
class AgencyLoadResult:
    regency_code: str
    seed: str  # name of the seed class used, e.g. "Bojonegoro" or "AgencySeed" (the default)
    counts: Counts
    by_kind: dict[str, int]  # Agency.Kind → units in the seed


@transaction.atomic
def load_agencies(*, regency_code: str, by: "User | None" = None) -> AgencyLoadResult:
    """Create or update the regency's units from its seed (see seeds.py); a reload is a no-op.

    ``regency_code`` must be the served regency (settings.PAMONG_REGION), else AgencyError
    ``other_regency``; a malformed code raises ``invalid_regency``. Needs the regency's
    regions (load_regions first), otherwise ``regions_not_loaded``. Nothing is written
    when it raises. Each changed unit gets an ``agency.update`` audit event, and a load that
    creates units one ``agency.load`` event; ``by`` is the user, None for the system.
    """
    regency = _loaded_regency(regency_code)
    seed = seed_for(regency)
    units = seed.units()
    stored = {agency.code: agency for agency in Agency.objects.filter(code__in=[u.code for u in units])}
    ids = {code: agency.pk for code, agency in stored.items()}
    tally: Counter[str] = Counter()
    for tier in _tiers(units):
        to_write = []
        for unit in tier:
            values = _seed_values(unit, ids)
            current = stored.get(unit.code)
            if current is None:
                tally["created"] += 1
                to_write.append(Agency(code=unit.code, **values))
                continue
            before, after = changes(current, list(values), values)
            if not after:
                tally["unchanged"] += 1
                continue
            tally["updated"] += 1
            to_write.append(Agency(code=unit.code, **values))
            record(actor=by, action="agency.update", obj=current, before=_named(before), after=_named(after))
        Agency.objects.bulk_create(
            to_write, update_conflicts=True, unique_fields=["code"], update_fields=list(SEED_FIELDS)
        )
        # The next tier's parents need the ids of the units this tier created.
        ids.update(Agency.objects.filter(code__in=[u.code for u in tier]).values_list("code", "id"))

    counts = Counts(tally["created"], tally["updated"], tally["unchanged"])
    if counts.created:
        record(actor=by, action="agency.load", after={"regency": regency.code, "created": counts.created})
    return AgencyLoadResult(regency.code, type(seed).__name__, counts, dict(Counter(u.kind for u in units)))


@transaction.atomic
def create_agency(*, by: "User", request: HttpRequest | None = None, code: str, **fields: Any) -> Agency:
    """Add one unit and record an ``agency.create`` event with its fields.

    ``fields`` are any of EDITABLE_FIELDS. Raises ValidationError (field errors, a taken
    code, a broken constraint) with nothing written.
    """
    _check_editable(fields)
    agency = Agency(code=code, **fields)
    agency.full_clean()
    agency.save()
    record(actor=by, action="agency.create", obj=agency, after=_snapshot(agency), request=request)
    return agency


@transaction.atomic
def update_agency(*, agency: Agency, by: "User", request: HttpRequest | None = None, **fields: Any) -> Agency:
    """Change ``fields`` (any of EDITABLE_FIELDS) and record one ``agency.update`` event.

    Locks the agency's row and compares against the stored values, so ``agency`` may be an
    instance a form has already modified. Returns the stored agency; a call that changes
    nothing writes nothing. Raises ValidationError (field errors, constraints, a parent
    that is the unit itself or below it) with nothing written.
    """
    _check_editable(fields)
    locked = Agency.objects.select_for_update().get(pk=agency.pk)
    before, after = changes(locked, list(fields), fields)
    if not after:
        return locked
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.full_clean()
    _check_parent(locked)
    locked.save(update_fields=list(after))
    record(actor=by, action="agency.update", obj=locked, before=before, after=after, request=request)
    return locked


def _loaded_regency(code: str) -> Region:
    code = code.strip()
    if not (CODE_FORMAT.fullmatch(code) and len(code) == 5):
        raise AgencyError(INVALID_REGENCY_CODE, code="invalid_regency", params={"code": code})
    # Unit codes (``dinas-kesehatan``) are unique per deployment, so a second regency's seed
    # would overwrite the first one's units.
    if code != settings.PAMONG_REGION:
        raise AgencyError(OTHER_REGENCY, code="other_regency", params={"code": code, "served": settings.PAMONG_REGION})
    regency = Region.objects.filter(code=code, level=Region.Level.REGENCY).first()
    if regency is None or not regency.children.exists():
        raise AgencyError(REGIONS_NOT_LOADED, code="regions_not_loaded", params={"code": code})
    return regency


def _tiers(units: list[Unit]) -> list[list[Unit]]:
    """Units grouped by depth (top units first), so every parent is written before its children."""
    parents = {unit.code: unit.parent for unit in units}

    def depth(code: str) -> int:
        return 0 if parents[code] is None else 1 + depth(parents[code])

    tiers: dict[int, list[Unit]] = {}
    for unit in units:
        tiers.setdefault(depth(unit.code), []).append(unit)
    return [tiers[level] for level in sorted(tiers)]


def _seed_values(unit: Unit, ids: dict[str, int]) -> dict[str, Any]:
    return {
        "name": unit.name,
        "short_name": unit.short_name,
        "kind": unit.kind,
        "parent_id": ids[unit.parent] if unit.parent else None,
        "region_id": unit.region,
    }


def _named(values: dict[str, Any]) -> dict[str, Any]:
    """Column names to field names (``parent_id`` → ``parent``), as update_agency records them."""
    field_by_column = {column: field for field, column in SEED_FIELDS.items()}
    return {field_by_column[column]: value for column, value in values.items()}


def _snapshot(agency: Agency) -> dict[str, Any]:
    names = ["code", *EDITABLE_FIELDS]
    return {name: getattr(agency, Agency._meta.get_field(name).attname) for name in names}


def _check_editable(fields: dict[str, Any]) -> None:
    unknown = sorted(set(fields) - set(EDITABLE_FIELDS))
    if unknown:
        raise TypeError(f"Agency fields that cannot be set here: {', '.join(unknown)}")


def _check_parent(agency: Agency) -> None:
    # Walk up through the stored rows: the instances a caller holds may be stale.
    parent_id, seen = agency.parent_id, set()
    while parent_id is not None and parent_id not in seen:
        if parent_id == agency.pk:
            raise ValidationError({"parent": PARENT_CYCLE})
        seen.add(parent_id)
        parent_id = Agency.objects.filter(pk=parent_id).values_list("parent_id", flat=True).first()
