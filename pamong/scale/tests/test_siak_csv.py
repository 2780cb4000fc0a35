"""write_siak_csv: the same living residents generate_regency writes, in SIAK's shape, importable
village by village with villages.importing; bad options refused in Indonesian."""

import csv
import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from pamong.regions.models import Region
from pamong.regions.services import load_regions
from pamong.scale.siak import SIAK_COLUMNS
from pamong.villages import importing
from pamong.villages.models import Family, Resident

RESIDENTS, SEED = 1200, 2026


def write(path, **options) -> list[dict]:
    options = {"residents": RESIDENTS, "seed": SEED, "until": "2026-11-20", **options}
    call_command("write_siak_csv", out=str(path), **options)
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture
def regions(db):
    load_regions(code="35.22")


def test_the_csv_lists_the_living_residents_generate_regency_writes(db, settings, tmp_path):
    settings.DEBUG = True
    call_command("generate_regency", reports=0, residents=RESIDENTS, seed=SEED, until="2026-11-20")
    rows = write(tmp_path / "siak.csv")
    living = Resident.objects.filter(status=Resident.Status.ALIVE).select_related(
        "family__cluster", "religion", "marital_status", "education", "occupation", "blood_type", "disability"
    )
    expected = [
        {
            "NO_PROP": r.village_id[:2], "NO_KAB": r.village_id[3:5], "NO_KEC": r.village_id[6:8],
            "NO_KEL": r.village_id[9:], "NIK": r.nik, "NO_KK": r.family.number, "NAMA_LGKP": r.name,
            "JENIS_KLMIN": {"L": "LAKI-LAKI", "P": "PEREMPUAN"}[r.sex], "TMPT_LHR": r.birth_place,
            "TGL_LHR": r.birth_date.strftime("%d-%m-%Y"), "AGAMA": r.religion.name, "STAT_KWN": r.marital_status.name,
            "STAT_HBKEL": r.get_relation_display().upper(), "PDDK_AKH": r.education.name,
            "JENIS_PKRJN": r.occupation.name, "GOL_DRH": r.blood_type.name,
            "PNYDNG_CCT": r.disability.name if r.disability else "", "NAMA_LGKP_AYAH": r.father_name,
            "NAMA_LGKP_IBU": r.mother_name, "ALAMAT": r.family.address, "DUSUN": r.family.cluster.dusun,
            "NO_RW": r.family.cluster.rw, "NO_RT": r.family.cluster.rt, "KEWARGANEGARAAN": r.citizenship,
        }
        for r in living.order_by("pk")
    ]  # fmt: skip
    assert rows == expected
    assert list(rows[0]) == SIAK_COLUMNS


def test_one_villages_rows_import_with_the_registry_importer(regions, tmp_path):
    rows = write(tmp_path / "siak.csv")
    assert len(rows) == RESIDENTS
    counts: dict[tuple, int] = {}
    for row in rows:
        key = (row["NO_PROP"], row["NO_KAB"], row["NO_KEC"], row["NO_KEL"])
        counts[key] = counts.get(key, 0) + 1
    busiest = max(sorted(counts), key=counts.get)
    mine = [r for r in rows if (r["NO_PROP"], r["NO_KAB"], r["NO_KEC"], r["NO_KEL"]) == busiest]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=SIAK_COLUMNS)
    writer.writeheader()
    writer.writerows(mine)
    village = Region.objects.get(pk=".".join(busiest))
    outcome = importing.import_file(by=None, village=village, data=out.getvalue().encode(), file_name="siak.csv")
    assert (outcome.errors, outcome.created) == ([], len(mine))
    stored = Resident.objects.filter(village=village).values_list(
        "nik", "family__number", "name", "birth_date", "relation", "is_head", "religion__name", "occupation__name"
    )
    heads = {"KEPALA KELUARGA"}
    relations = {name: str(code) for code, name in enumerate(importing.SHDK_NAMES, 1)}
    assert sorted(stored) == sorted(
        (
            r["NIK"], r["NO_KK"], r["NAMA_LGKP"], date(*map(int, reversed(r["TGL_LHR"].split("-")))),
            relations[r["STAT_HBKEL"]], r["STAT_HBKEL"] in heads, r["AGAMA"], r["JENIS_PKRJN"],
        )
        for r in mine
    )  # fmt: skip
    assert Family.objects.filter(village=village).count() == len({r["NO_KK"] for r in mine})


def test_the_same_options_write_the_same_file(regions, tmp_path):
    assert write(tmp_path / "a.csv") == write(tmp_path / "b.csv")
    assert write(tmp_path / "c.csv", seed=SEED + 1) != write(tmp_path / "a.csv")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"residents": -5}, "--residents tidak boleh negatif"),
        ({"residents": 0}, "--residents minimal 1"),
        ({"until": "20-11-2026"}, "--until harus berformat YYYY-MM-DD"),
        ({"until": "2999-01-01"}, "--until tidak boleh sesudah hari ini"),
    ],
)
def test_bad_options_are_refused_and_no_file_is_written(regions, tmp_path, options, message):
    target = tmp_path / "siak.csv"
    with pytest.raises(CommandError, match=message):
        write(target, **options)
    assert not target.exists()


def test_a_missing_folder_or_a_folder_as_target_is_refused(regions, tmp_path):
    with pytest.raises(CommandError, match=r"Folder .* tidak ada"):
        write(tmp_path / "nowhere" / "siak.csv")
    with pytest.raises(CommandError, match="adalah folder"):
        write(tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_database_without_regions_is_refused(db, tmp_path):
    with pytest.raises(CommandError, match="belum dimuat: jalankan load_regions"):
        write(tmp_path / "siak.csv")
    assert list(tmp_path.iterdir()) == []
