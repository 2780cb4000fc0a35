"""Seed lists: the government units a regency starts with.

``AgencySeed`` is the default for any kabupaten/kota: the standard perangkat daerah, one
kecamatan office per loaded district and one village government per loaded desa/kelurahan.
A regency whose list differs gets a short declarative subclass (see ``Bojonegoro`` at the
end) that names its code and its units file; the subclass registers itself.

Unit codes are stable slugs (``dinas-kesehatan``, ``kecamatan-35-22-15``,
``desa-35-22-15-2001``), so loading again updates rows instead of duplicating them.
"""

import csv
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from pamong.regions.codes import descendants_q
from pamong.regions.models import Region

from .errors import AgencyError
from .models import Agency

DATA_DIR = Path(__file__).resolve().parent / "data"
CODE_MAX_LENGTH = Agency._meta.get_field("code").max_length

UNKNOWN_KIND = _("Jenis '%(kind)s' pada unit '%(name)s' tidak dikenal.")
NAME_TOO_LONG = _("Nama '%(name)s' terlalu panjang untuk dijadikan kode; isi singkatannya.")
DUPLICATE_CODE = _("Kode unit '%(code)s' muncul lebih dari sekali di daftar perangkat daerah.")
MISSING_PARENT = _("Unit induk '%(code)s' tidak ada di daftar perangkat daerah.")
DISTRICT_NOT_LOADED = _(
    "%(name)s tidak ditemukan di wilayah %(regency)s yang sudah dimuat. "
    "Muat wilayah dulu: manage.py load_regions %(regency)s"
)

# "Inspektorat Kabupaten Bojonegoro" and "Inspektorat" get the same code in every regency.
REGENCY_SUFFIX = re.compile(r"\s+(Kabupaten|Kota)\s+.*$")


@dataclass(frozen=True)
class Row:
    """One line of a units list, before it gets a code."""

    name: str
    short_name: str
    kind: str


@dataclass(frozen=True)
class Unit:
    """One agency as the seed wants it. ``parent`` is another unit's code, ``region`` a Region code."""

    code: str
    name: str
    kind: str
    short_name: str = ""
    parent: str | None = None
    region: str | None = None


# Perangkat daerah of a kabupaten/kota with the nomenclature of PP 18/2016 (Perangkat Daerah)
# and the ministries' nomenclature guidelines. Regencies merge and split these; a regency
# with its own list gets a subclass instead of edits here.
DEFAULT_ROWS = (
    Row("Sekretariat Daerah", "Setda", Agency.Kind.SEKRETARIAT),
    Row("Sekretariat DPRD", "Setwan", Agency.Kind.SEKRETARIAT),
    Row("Inspektorat Daerah", "Inspektorat", Agency.Kind.INSPEKTORAT),
    Row("Badan Perencanaan Pembangunan Daerah", "Bappeda", Agency.Kind.BADAN),
    Row("Badan Pengelolaan Keuangan dan Aset Daerah", "BPKAD", Agency.Kind.BADAN),
    Row("Badan Pendapatan Daerah", "Bapenda", Agency.Kind.BADAN),
    Row("Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "BKPSDM", Agency.Kind.BADAN),
    Row("Badan Kesatuan Bangsa dan Politik", "Bakesbangpol", Agency.Kind.BADAN),
    Row("Badan Penanggulangan Bencana Daerah", "BPBD", Agency.Kind.BADAN),
    Row("Badan Riset dan Inovasi Daerah", "BRIDA", Agency.Kind.BADAN),
    Row("Dinas Pendidikan", "Disdik", Agency.Kind.DINAS),
    Row("Dinas Kesehatan", "Dinkes", Agency.Kind.DINAS),
    Row("Dinas Pekerjaan Umum dan Penataan Ruang", "DPUPR", Agency.Kind.DINAS),
    Row("Dinas Perumahan Rakyat dan Kawasan Permukiman", "Disperkim", Agency.Kind.DINAS),
    Row("Dinas Sosial", "Dinsos", Agency.Kind.DINAS),
    Row("Dinas Tenaga Kerja", "Disnaker", Agency.Kind.DINAS),
    Row("Dinas Pemberdayaan Perempuan dan Perlindungan Anak", "DP3A", Agency.Kind.DINAS),
    Row("Dinas Pengendalian Penduduk dan Keluarga Berencana", "DPPKB", Agency.Kind.DINAS),
    Row("Dinas Ketahanan Pangan", "DKP", Agency.Kind.DINAS),
    Row("Dinas Lingkungan Hidup", "DLH", Agency.Kind.DINAS),
    Row("Dinas Kependudukan dan Pencatatan Sipil", "Disdukcapil", Agency.Kind.DINAS),
    Row("Dinas Pemberdayaan Masyarakat dan Desa", "DPMD", Agency.Kind.DINAS),
    Row("Dinas Perhubungan", "Dishub", Agency.Kind.DINAS),
    Row("Dinas Komunikasi dan Informatika", "Diskominfo", Agency.Kind.DINAS),
    Row("Dinas Koperasi, Usaha Kecil dan Menengah", "Diskop UKM", Agency.Kind.DINAS),
    Row("Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "DPMPTSP", Agency.Kind.DINAS),
    Row("Dinas Kepemudaan dan Olahraga", "Dispora", Agency.Kind.DINAS),
    Row("Dinas Pariwisata dan Kebudayaan", "Disparbud", Agency.Kind.DINAS),
    Row("Dinas Perpustakaan dan Kearsipan", "Dispusip", Agency.Kind.DINAS),
    Row("Dinas Pertanian", "Distan", Agency.Kind.DINAS),
    Row("Dinas Perikanan", "Diskan", Agency.Kind.DINAS),
    Row("Dinas Perindustrian dan Perdagangan", "Disperindag", Agency.Kind.DINAS),
    Row("Dinas Pemadam Kebakaran dan Penyelamatan", "Damkarmat", Agency.Kind.DINAS),
    Row("Satuan Polisi Pamong Praja", "Satpol PP", Agency.Kind.SATPOL),
)

# Kinds a units list may contain; kelurahan and desa come from the loaded villages.
LISTED_KINDS = set(Agency.Kind.values) - {Agency.Kind.KELURAHAN, Agency.Kind.DESA}


def unit_code(row: Row) -> str:
    """The stable code of a listed unit.

    The name as a slug without the regency suffix (``inspektorat``, ``dinas-kesehatan``);
    if that does not fit the field, kind plus abbreviation (``dinas-pubmpr``).
    """
    code = slugify(REGENCY_SUFFIX.sub("", row.name))
    if len(code) > CODE_MAX_LENGTH and row.short_name:
        code = slugify(f"{row.kind} {row.short_name}")
    if len(code) > CODE_MAX_LENGTH:
        raise AgencyError(NAME_TOO_LONG, code="bad_seed", params={"name": row.name})
    return code


def region_slug(region: Region) -> str:
    return region.code.replace(".", "-")


class AgencySeed:
    """The default units of any kabupaten/kota. Subclasses declare only what differs.

    ``regency_code`` registers a subclass for one regency. ``units_file`` names a CSV in
    ``agencies/data`` with the columns ``name,abbreviation,type`` that replaces DEFAULT_ROWS;
    its ``kecamatan`` rows are matched to the loaded districts by name.
    """

    regency_code: ClassVar[str | None] = None
    units_file: ClassVar[str | None] = None
    # Every ``bagian`` is a part of this unit.
    bagian_parent: ClassVar[str] = "sekretariat-daerah"

    registry: ClassVar[dict[str, type["AgencySeed"]]] = {}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.regency_code:
            AgencySeed.registry[cls.regency_code] = cls

    def __init__(self, regency: Region):
        self.regency = regency

    def rows(self) -> tuple[Row, ...]:
        return read_rows(self.units_file) if self.units_file else DEFAULT_ROWS

    def units(self) -> list[Unit]:
        """Every unit of the regency; raises AgencyError if the list does not fit the loaded regions."""
        rows = self.rows()
        listed = [self.listed_unit(row) for row in rows if row.kind != Agency.Kind.KECAMATAN]
        offices = self.district_offices([row for row in rows if row.kind == Agency.Kind.KECAMATAN])
        units = [*listed, *offices.values(), *self.village_governments(offices)]
        _check_codes(units)
        return units

    def listed_unit(self, row: Row) -> Unit:
        parent = self.bagian_parent if row.kind == Agency.Kind.BAGIAN else None
        return Unit(unit_code(row), row.name, row.kind, row.short_name, parent=parent)

    def district_offices(self, rows: list[Row]) -> dict[str, Unit]:
        """One kecamatan office per loaded district, keyed by district code.

        A listed kecamatan gives the office its name; a district the list lacks still gets
        an office, so every village government has a parent.
        """
        districts = list(Region.objects.filter(parent=self.regency, level=Region.Level.DISTRICT))
        by_name = {_plain_district_name(district.name): district for district in districts}
        names = {district.code: f"Kecamatan {district.name}" for district in districts}
        short_names = dict.fromkeys(names, "")
        for row in rows:
            district = by_name.get(_plain_district_name(row.name))
            if district is None:
                raise AgencyError(
                    DISTRICT_NOT_LOADED,
                    code="regions_not_loaded",
                    params={"name": row.name, "regency": self.regency.code},
                )
            names[district.code], short_names[district.code] = row.name, row.short_name
        return {
            district.code: Unit(
                code=f"kecamatan-{region_slug(district)}",
                name=names[district.code],
                kind=Agency.Kind.KECAMATAN,
                short_name=short_names[district.code],
                region=district.code,
            )
            for district in districts
        }

    def village_governments(self, offices: dict[str, Unit]) -> list[Unit]:
        """One government unit per loaded desa/kelurahan, under its kecamatan office."""
        villages = Region.objects.filter(descendants_q(self.regency.code), level=Region.Level.VILLAGE)
        return [
            Unit(
                code=f"{village.village_kind}-{region_slug(village)}",
                name=_village_government_name(village),
                kind=village.village_kind,
                parent=offices[village.parent_id].code,
                region=village.code,
            )
            for village in villages
        ]


def seed_for(regency: Region) -> AgencySeed:
    """The regency's own seed if it has one, else the default."""
    return AgencySeed.registry.get(regency.code, AgencySeed)(regency)


@functools.cache
def read_rows(file_name: str) -> tuple[Row, ...]:
    """The rows of a units file in ``agencies/data``, read once per process."""
    with (DATA_DIR / file_name).open(newline="", encoding="utf-8") as file:
        rows = tuple(
            Row(line["name"].strip(), line["abbreviation"].strip(), line["type"].strip())
            for line in csv.DictReader(file)
        )
    for row in rows:
        if row.kind not in LISTED_KINDS:
            raise AgencyError(UNKNOWN_KIND, code="bad_seed", params={"kind": row.kind, "name": row.name})
    return rows


def _check_codes(units: list[Unit]) -> None:
    codes = set()
    for unit in units:
        if unit.code in codes:
            raise AgencyError(DUPLICATE_CODE, code="bad_seed", params={"code": unit.code})
        codes.add(unit.code)
    for unit in units:
        if unit.parent is not None and unit.parent not in codes:
            raise AgencyError(MISSING_PARENT, code="bad_seed", params={"code": unit.parent})


def _plain_district_name(name: str) -> str:
    return name.removeprefix("Kecamatan ").strip().casefold()


def _village_government_name(village: Region) -> str:
    prefix = "Kelurahan" if village.village_kind == Region.VillageKind.KELURAHAN else "Desa"
    # A desa adat is already named "Desa Adat …".
    return village.name if village.name.startswith(f"{prefix} ") else f"{prefix} {village.name}"


class Bojonegoro(AgencySeed):
    """Kabupaten Bojonegoro: 73 units under Perda 13/2016 as amended up to October 2025.

    Sources and how sure they are: data/README.md.
    """

    regency_code = "35.22"
    units_file = "opd-bojonegoro.csv"
