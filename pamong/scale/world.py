"""The reference data a generated regency builds on, read once from the database.

``load_world`` reads villages, categories, agencies and rejection reasons (after the
regions, agencies and complaints reference data have been loaded) into plain tuples, so the
generator in ``plan.py`` runs without touching the database and is a pure function of the
world, the seed and the sizes. ``load_registry_world`` does the same for the village registry
(``people.py``): villages, kecamatan names and the reference lists (``villages.Lookup``, after
``villages.services.seed_lookups``), plus the first free ids of the registry tables.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Max

from pamong.accounts.models import User
from pamong.agencies.models import Agency
from pamong.complaints.models import Category, RejectionReason, Report
from pamong.regions.models import Region
from pamong.villages.models import Cluster, Family, Lookup, Resident

# Reports per LAPOR top-level category in the July 2025 lapor.go.id sample (n = 3,278;
# shared/data/README-sources.md). Categories a regency seeds that the table lacks get 10.
TOP_LEVEL_COUNTS = {
    "topik lainnya": 746,
    "pekerjaan umum dan penataan ruang": 546,
    "ketenagakerjaan": 262,
    "sosial dan kesejahteraan": 212,
    "pendidikan dan kebudayaan": 203,
    "ketenteraman, ketertiban umum, dan pelindungan masyarakat": 194,
    "perhubungan": 175,
    "lingkungan hidup dan kehutanan": 161,
    "teknologi informasi dan komunikasi": 154,
    "kesehatan": 98,
    "kependudukan": 93,
    "pembangunan desa, daerah tertinggal, dan transmigrasi": 19,
    "pertanian dan peternakan": 19,
}
UNLISTED_COUNT = 10


@dataclass(frozen=True)
class Village:
    code: str
    name: str
    district: str
    is_kelurahan: bool


@dataclass(frozen=True)
class CategoryInfo:
    id: int
    top: str  # the LAPOR top-level name, lower case
    agency_id: int | None
    follow_up_days: int | None
    follow_up_unit: str
    extension_days: int | None


@dataclass
class World:
    villages: list[Village]
    categories: list[CategoryInfo]  # leaves (or tops without children), in id order
    category_weights: list[float]
    district_offices: dict[str, int]  # district code → kecamatan office agency id
    fallback_agency_id: int  # Setda: topics without a default OPD outside any kecamatan
    rejection_reasons: list[tuple[int, str]]
    first_user_id: int  # ids handed out by the generator start here
    first_report_id: int
    existing_codes: set[str] = field(default_factory=set)


@dataclass
class RegistryWorld:
    villages: list[Village]  # in code order, so each kecamatan's villages come together
    district_names: dict[str, str]  # kecamatan code → name
    lookups: dict[tuple[str, int], int]  # (kind, code) → Lookup id
    lookup_names: dict[tuple[str, int], str]  # (kind, code) → name as the reference list spells it
    first_cluster_id: int = 1
    first_family_id: int = 1
    first_resident_id: int = 1


def _villages() -> list[Village]:
    region = settings.PAMONG_REGION
    return [
        Village(code=v.code, name=v.name, district=v.parent_id, is_kelurahan=v.village_kind == "kelurahan")
        for v in Region.objects.filter(level=Region.Level.VILLAGE, code__startswith=region + ".").order_by("code")
    ]


def load_world() -> World:
    """Read the regency's reference data; raises ValueError when a prerequisite is missing."""
    region = settings.PAMONG_REGION
    villages = _villages()
    if not villages:
        raise ValueError(f"Region {region} has no villages: load_regions first.")
    categories = _categories()
    if not categories:
        raise ValueError("No report categories: run complaints.seed.seed_reference_data() first.")
    top_weight = {}
    for c in categories:
        top_weight[c.top] = TOP_LEVEL_COUNTS.get(c.top, UNLISTED_COUNT)
    per_top = {top: sum(1 for c in categories if c.top == top) for top in top_weight}
    weights = [top_weight[c.top] / per_top[c.top] for c in categories]
    offices = dict(
        Agency.objects.filter(kind=Agency.Kind.KECAMATAN, is_active=True, region__isnull=False).values_list(
            "region_id", "pk"
        )
    )
    fallback = (
        Agency.objects.filter(is_active=True, kind=Agency.Kind.SEKRETARIAT).order_by("pk").values_list("pk", flat=True)
    ).first() or Agency.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True).first()
    if fallback is None:
        raise ValueError("No agencies: load_agencies first.")
    reasons = list(RejectionReason.objects.filter(is_active=True).order_by("pk").values_list("pk", "label"))
    return World(
        villages=villages,
        categories=categories,
        category_weights=weights,
        district_offices=offices,
        fallback_agency_id=fallback,
        rejection_reasons=reasons,
        first_user_id=(User.objects.aggregate(m=Max("pk"))["m"] or 0) + 1,
        first_report_id=(Report.objects.aggregate(m=Max("pk"))["m"] or 0) + 1,
        existing_codes=set(Report.objects.values_list("code", flat=True)),
    )


def _categories() -> list[CategoryInfo]:
    rows = list(Category.objects.filter(is_active=True).select_related("parent").order_by("pk"))
    with_children = {c.parent_id for c in rows if c.parent_id}
    leaves = []
    for c in rows:
        if c.pk in with_children:
            continue  # reports get the most specific label, as on lapor.go.id
        top = (c.parent.name if c.parent_id else c.name).lower()
        leaves.append(
            CategoryInfo(
                id=c.pk,
                top=top,
                agency_id=c.default_agency_id,
                follow_up_days=c.follow_up_days,
                follow_up_unit=c.follow_up_unit,
                extension_days=c.extension_days,
            )
        )
    return leaves


def load_registry_world() -> RegistryWorld:
    """Villages, kecamatan and reference lists for the registry plan. Raises ValueError (Indonesian,
    shown by the commands) when the regions or the reference lists are not loaded yet."""
    region = settings.PAMONG_REGION
    villages = _villages()
    if not villages:
        raise ValueError(f"Wilayah {region} belum dimuat: jalankan load_regions --code {region} dulu.")
    districts = dict(Region.objects.filter(level=Region.Level.DISTRICT, parent_id=region).values_list("code", "name"))
    rows = list(Lookup.objects.filter(is_active=True).values_list("kind", "code", "pk", "name"))
    if not rows:
        raise ValueError("Daftar rujukan penduduk kosong: jalankan seed_lookups dulu.")
    return RegistryWorld(
        villages=villages,
        district_names=districts,
        lookups={(kind, code): pk for kind, code, pk, _name in rows},
        lookup_names={(kind, code): name for kind, code, _pk, name in rows},
        first_cluster_id=(Cluster.objects.aggregate(m=Max("pk"))["m"] or 0) + 1,
        first_family_id=(Family.objects.aggregate(m=Max("pk"))["m"] or 0) + 1,
        first_resident_id=(Resident.objects.aggregate(m=Max("pk"))["m"] or 0) + 1,
    )
