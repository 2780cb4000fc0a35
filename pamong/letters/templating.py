"""Filling letter templates: ``[placeholder]`` codes in a type's body and number format.

A placeholder is ``[name]`` or ``[name, N]`` (N: zero-padded width, used by ``[nomor_surat, 3]``).
Values are escaped before they go into the HTML body, so a name like ``<b>Siti</b>`` prints
as text. A code nobody knows is left as it stands, so the admin preview shows the typo.
"""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.translation import gettext as _

PLACEHOLDER = re.compile(r"\[([a-z][a-z0-9_]*)(?:\s*,\s*(\d{1,2}))?\]")
FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")

# The codes every letter knows, with what they mean (listed in the admin's help).
STANDARD_PLACEHOLDERS = {
    "nama": "Nama lengkap",
    "nik": "NIK",
    "no_kk": "Nomor KK",
    "jenis_kelamin": "Jenis kelamin",
    "tempat_lahir": "Tempat lahir",
    "tanggal_lahir": "Tanggal lahir",
    "tempat_tanggal_lahir": "Tempat, tanggal lahir",
    "agama": "Agama",
    "pekerjaan": "Pekerjaan",
    "status_perkawinan": "Status perkawinan",
    "kewarganegaraan": "Kewarganegaraan",
    "alamat": "Alamat lengkap",
    "nama_desa": "Nama desa/kelurahan",
    "nama_kecamatan": "Nama kecamatan",
    "nama_kabupaten": "Nama kabupaten",
    "sebutan_desa": "Desa atau Kelurahan",
    "format_nomor_surat": "Nomor surat",
    "tanggal_surat": "Tanggal surat",
    "berlaku_sampai": "Tanggal akhir masa berlaku",
    "nama_penandatangan": "Nama penandatangan",
    "jabatan_penandatangan": "Jabatan penandatangan",
}
NUMBER_PLACEHOLDERS = {"kode_surat", "nomor_surat", "kode_desa", "bulan_romawi", "bulan", "tahun"}


def render(template: str, values: dict[str, str], *, html: bool = True) -> str:
    """``template`` with every known placeholder replaced by its value (escaped when ``html``)."""

    def fill(match: re.Match) -> str:
        name, width = match.group(1), match.group(2)
        if name not in values:
            return match.group(0)
        value = str(values[name])
        if width and value.isdigit():
            value = value.zfill(int(width))
        return escape(value) if html else value

    return PLACEHOLDER.sub(fill, template)


def format_number(number_format: str, *, code: str, sequence: int, village_code: str, on: date) -> str:
    values = {
        "kode_surat": code,
        "nomor_surat": str(sequence),
        "kode_desa": village_code.replace(".", ""),
        "bulan_romawi": ROMAN[on.month - 1],
        "bulan": f"{on.month:02d}",
        "tahun": str(on.year),
    }
    return render(number_format, values, html=False)


def indonesian_date(value: date | None) -> str:
    if value is None:
        return ""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def placeholders_in(template: str) -> set[str]:
    return {match.group(1) for match in PLACEHOLDER.finditer(template)}


def check_number_format(number_format: str) -> None:
    """Every number must contain the sequence, and only number codes are allowed."""
    used = placeholders_in(number_format)
    if "nomor_surat" not in used:
        raise ValidationError(_("Format nomor harus memuat [nomor_surat]."), code="number_format")
    unknown = sorted(used - NUMBER_PLACEHOLDERS)
    if unknown:
        raise ValidationError(
            _("Kode tidak dikenal dalam format nomor: %(codes)s.") % {"codes": ", ".join(unknown)},
            code="number_format",
        )


def check_field_spec(spec) -> list[dict]:
    """The requester's fields as a clean list of {name, label, required}; ValidationError otherwise."""
    if not isinstance(spec, list):
        raise ValidationError(_("Isian pemohon harus berupa daftar."), code="fields")
    clean, seen = [], set()
    for item in spec:
        if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item.get("label"):
            raise ValidationError(_("Setiap isian butuh 'name' dan 'label'."), code="fields")
        name = item["name"]
        if not FIELD_NAME.match(name) or name in STANDARD_PLACEHOLDERS or name in seen:
            raise ValidationError(
                _("Nama isian '%(name)s' tidak sah atau sudah dipakai.") % {"name": name}, code="fields"
            )
        seen.add(name)
        clean.append({"name": name, "label": str(item["label"]), "required": bool(item.get("required", False))})
    return clean


def resident_values(resident) -> dict[str, str]:
    """The resident's placeholders as printed on a letter (the full NIK: it is their own letter)."""
    family = resident.family
    village = resident.village
    district = village.parent
    address = ", ".join(
        part
        for part in [
            family.address,
            _cluster_text(family.cluster),
            f"{village.get_village_kind_display()} {village.name}",
            f"Kecamatan {district.name}" if district else "",
        ]
        if part
    )
    return {
        "nama": resident.name,
        "nik": resident.nik,
        "no_kk": family.number,
        "jenis_kelamin": resident.get_sex_display(),
        "tempat_lahir": resident.birth_place,
        "tanggal_lahir": indonesian_date(resident.birth_date),
        "tempat_tanggal_lahir": f"{resident.birth_place}, {indonesian_date(resident.birth_date)}",
        "agama": str(resident.religion),
        "pekerjaan": str(resident.occupation or "-"),
        "status_perkawinan": str(resident.marital_status),
        "kewarganegaraan": resident.get_citizenship_display(),
        "alamat": address,
    }


def village_values(village) -> dict[str, str]:
    district = village.parent
    regency = district.parent if district else None
    return {
        "nama_desa": village.name,
        "sebutan_desa": village.get_village_kind_display(),
        "nama_kecamatan": district.name if district else "",
        "nama_kabupaten": regency.name.removeprefix("Kabupaten ").removeprefix("Kota ") if regency else "",
    }


def _cluster_text(cluster) -> str:
    if cluster is None:
        return ""
    parts = [
        cluster.rt and f"RT {cluster.rt}",
        cluster.rw and f"RW {cluster.rw}",
        cluster.dusun and f"Dusun {cluster.dusun}",
    ]
    return " ".join(p for p in parts if p)


# What the admin preview fills in: a made-up person, never a real one.
SAMPLE_VALUES = {
    "nama": "Siti Contoh",
    "nik": "3522155501900001",
    "no_kk": "3522150101200001",
    "jenis_kelamin": "Perempuan",
    "tempat_lahir": "Bojonegoro",
    "tanggal_lahir": "15 Januari 1990",
    "tempat_tanggal_lahir": "Bojonegoro, 15 Januari 1990",
    "agama": "Islam",
    "pekerjaan": "Wiraswasta",
    "status_perkawinan": "Kawin",
    "kewarganegaraan": "WNI",
    "alamat": "Jl. Contoh No. 1, RT 001 RW 002, Kelurahan Kadipaten, Kecamatan Bojonegoro",
    "nama_desa": "Kadipaten",
    "sebutan_desa": "Kelurahan",
    "nama_kecamatan": "Bojonegoro",
    "nama_kabupaten": "Bojonegoro",
    "tanggal_surat": "1 Maret 2026",
    "berlaku_sampai": "31 Maret 2026",
    "nama_penandatangan": "Nama Kepala Desa",
    "jabatan_penandatangan": "Kepala Desa",
}
