"""Regency-wide files (each row names its village in NO_PROP/NO_KAB/NO_KEC/NO_KEL), the village
columns in a one-village import, and the set-based registry checks."""

import io
import tempfile
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from pamong.regions.models import Region
from pamong.villages import importing, services
from pamong.villages.importing import checking, writing
from pamong.villages.models import Family, ImportBatch, Resident, TemporaryNikCounter
from pamong.villages.nik import build_nik

from .conftest import person
from .test_import import HEADER, ROWS, csv_bytes, nothing_imported

REGION_HEADER = HEADER + ",NO_PROP,NO_KAB,NO_KEC,NO_KEL"
KADIPATEN = ",35,22,15,1011"
CAMPUREJO = ",35,22,15,2015"


def regency_rows(first=KADIPATEN, second=CAMPUREJO) -> list[str]:
    """The Sutrisno family (3 rows) in ``first``, Darmaji (1 row) in ``second``."""
    return [ROWS[0] + first, ROWS[1] + first, ROWS[2] + first, ROWS[3] + second]


def run(target, rows, header=REGION_HEADER, **kwargs):
    data = csv_bytes(rows, header)
    return importing.import_file(by=None, village=target, data=data, file_name="siak.csv", **kwargs)


@pytest.fixture
def margomulyo(regency):
    """A village whose kecamatan code (01) has a leading zero that SIAK exports often drop."""
    district = Region.objects.create(code="35.22.01", name="Margomulyo", level=Region.Level.DISTRICT, parent=regency)
    return Region.objects.create(
        code="35.22.01.2001", name="Geneng", level=Region.Level.VILLAGE, parent=district, village_kind="desa"
    )


def test_a_regency_file_puts_each_row_in_the_village_it_names(regency, village, other_village):
    outcome = run(regency, regency_rows())
    assert (outcome.errors, outcome.created, outcome.batch.village_id, outcome.batch.status) == ([], 4, "35.22", "done")
    assert sorted(Resident.objects.values_list("name", "village_id")) == [
        ("ANDI", village.code),
        ("DARMAJI", other_village.code),
        ("SITI RAHAYU", village.code),
        ("SUTRISNO", village.code),
    ]
    assert dict(Family.objects.values_list("number", "village_id")) == {
        "3522150101200001": village.code,
        "3522150101200002": other_village.code,
    }
    assert str(Family.objects.get(number="3522150101200002").cluster) == "RW 001 / RT 004"


def test_region_codes_may_drop_their_leading_zeros(regency, village, margomulyo):
    outcome = run(regency, regency_rows(",035,22,15,1011", ",35,22,1,2001"))
    assert outcome.errors == []
    assert Resident.objects.get(name="DARMAJI").village_id == "35.22.01.2001"


def test_rows_naming_a_village_outside_the_regency_or_not_loaded_are_refused(regency, village, other_village):
    rows = regency_rows()
    rows[1] = ROWS[1] + ",35,21,15,1011"
    rows[2] = ROWS[2] + ",35,22,15,9999"
    rows[3] = ROWS[3] + ",35,22,15,2O15"
    outcome = run(regency, [*rows, ROWS[3].replace("DARMAJI", "DARMAJI JR") + ",35,22,15,"])
    assert outcome.errors == [
        (3, "NO_KAB", "Desa 35.21.15.1011 berada di luar kabupaten/kota ini (35.22)."),
        (4, "NO_KEL", "Desa/kelurahan 35.22.15.9999 tidak ada di tabel wilayah."),
        (5, "NO_KEL", "Isi kode wilayah 4 angka (nol di depan boleh dihilangkan)."),
        (6, "NO_KEL", "Wajib diisi."),
    ]
    assert (outcome.batch.status, nothing_imported()) == ("failed", True)


def test_a_regency_file_needs_the_region_columns(regency, village):
    outcome = run(regency, [r + ",35,22,15" for r in ROWS], header=HEADER + ",NO_PROP,NO_KAB,NO_KEC")
    assert outcome.errors == [(1, "NO_KEL", "Kolom wajib tidak ada.")]
    assert nothing_imported()


def test_one_family_card_in_two_villages_is_refused(regency, village, other_village):
    rows = regency_rows()
    rows[2] = ROWS[2] + CAMPUREJO
    outcome = run(regency, rows)
    assert outcome.errors == [(4, "NO_KK", "No. KK ini dipakai untuk desa lain di baris 2.")]
    assert nothing_imported()


def test_a_family_card_registered_in_another_village_is_refused_in_both_modes(regency, village, other_village):
    assert run(other_village, [ROWS[3]], header=HEADER).errors == []
    moved = ROWS[3].replace("3522152512700004", "3522152512700005").replace(",1,A+,", ",4,A+,")
    expected = [(2, "NO_KK", "No. KK ini terdaftar di desa lain.")]
    assert run(regency, [moved + KADIPATEN]).errors == expected
    assert run(village, [moved], header=HEADER).errors == expected
    assert Resident.objects.count() == 1


def test_a_village_file_refuses_rows_of_another_village(village, other_village):
    rows = regency_rows()
    outcome = run(village, rows)
    assert outcome.errors == [
        (
            5,
            "NO_KEL",
            "Baris ini untuk desa 35.22.15.2015, bukan Kadipaten (35.22.15.1011): impor per desa hanya menerima "
            "baris desa itu.",
        )
    ]
    assert nothing_imported()
    # The village's own code, padded or not, and empty cells are fine.
    assert run(village, regency_rows(KADIPATEN, ",,,,1011")).errors == []
    assert Resident.objects.filter(village=village).count() == 4


def test_rows_without_nik_get_temporary_niks_of_their_own_village(regency, village, other_village):
    rows = regency_rows()
    rows[2] = rows[2].replace("3522150101100003", "")
    rows[3] = rows[3].replace("3522152512700004", "")
    assert run(regency, rows).errors == []
    assert Resident.objects.get(name="ANDI").nik == "0352215101100001"
    assert Resident.objects.get(name="DARMAJI").nik == "0352215201500001"


def test_an_interrupted_regency_import_resumes(regency, village, other_village, other_operator, monkeypatch):
    # A registry that holds someone already: a regency file is then written in committed chunks
    # (the first load of an empty registry is one transaction: test_import_initial).
    services.create_family(
        by=other_operator, village=other_village, number="3522150101200009", head=person(name="WARGA LAMA", seq=9)
    )
    real = writing.write_chunk

    def crash_after_first(writer, chunk, offset):
        if offset:
            raise RuntimeError("listrik padam")
        return real(writer, chunk, offset)

    monkeypatch.setattr(writing, "write_chunk", crash_after_first)
    with pytest.raises(RuntimeError):
        run(regency, regency_rows(), batch_size=3)
    assert (ImportBatch.objects.get().processed, Resident.objects.count()) == (3, 1 + 3)
    monkeypatch.setattr(writing, "write_chunk", real)
    outcome = run(regency, regency_rows(), batch_size=3)
    assert (outcome.created, outcome.skipped, outcome.batch.status, Resident.objects.count()) == (1, 3, "done", 1 + 4)


def test_only_an_admin_imports_a_regency_file(regency, village, village_operator, admin_user):
    data = csv_bytes(regency_rows(KADIPATEN, KADIPATEN), REGION_HEADER)
    with pytest.raises(PermissionDenied):
        importing.import_file(by=village_operator, village=regency, data=data, file_name="siak.csv")
    assert not ImportBatch.objects.exists()
    assert importing.import_file(by=admin_user, village=regency, data=data, file_name="siak.csv").created == 4


def test_the_command_imports_a_regency_file(regency, village, other_village, tmp_path):
    path = tmp_path / "kabupaten.csv"
    path.write_bytes(csv_bytes(regency_rows(), REGION_HEADER))
    out = io.StringIO()
    call_command("import_residents", "--regency", str(path), stdout=out)
    assert "Impor #" in out.getvalue() and "4/4 baris, 4 penduduk baru" in out.getvalue()
    assert ImportBatch.objects.get().village_id == "35.22"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["35.22.15.1011", "--regency", "x.csv"], "Dengan --regency, jangan sebut kode desa"),
        ([], "Sebut KODE_DESA dan BERKAS"),
        (["--regency", "tidak-ada.csv"], "Berkas tidak-ada.csv tidak ditemukan."),
        (["35.21.01.2001", "x.csv"], "berada di luar wilayah kabupaten/kota"),
    ],
)
def test_the_command_refuses_wrong_arguments(regency, village, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("import_residents", *args)
    assert not ImportBatch.objects.exists()


def family_rows(count: int, *, district="35.22.15") -> list[str]:
    """``count`` families of a head and a wife, each with valid NIKs."""
    rows = []
    for n in range(1, count + 1):
        kk = f"352215{n:010d}"
        head = build_nik(district_code=district, birth_date=date(1980, 1, 1), sex="L", seq=n)
        wife = build_nik(district_code=district, birth_date=date(1982, 2, 2), sex="P", seq=n)
        rows.append(f"{head},{kk},KEPALA {n},L,BOJONEGORO,01-01-1980,1,,,2,1,,,,,,,")
        rows.append(f"{wife},{kk},ISTRI {n},P,BOJONEGORO,02-02-1982,1,,,2,3,,,,,,,")
    return rows


def checked(target, rows, header=HEADER) -> importing.Checker:
    """A Checker that has read ``rows`` (what import_file does before the registry checks)."""
    opener = importing.opener_for(data=csv_bytes(rows, header))
    with importing.open_table(opener, encoding="utf-8-sig") as (columns, cells), tempfile.TemporaryFile() as spool:
        checker = importing.Checker(target=target, header=columns, start=0)
        importing.check_file(cells, checker, spool, batch_size=1000)
    assert checker.errors == []
    return checker


def test_registry_checks_cost_one_query_per_chunk_of_keys(village, monkeypatch, django_assert_num_queries):
    checker = checked(village, family_rows(20))  # 40 NIKs, 20 family cards
    monkeypatch.setattr(checking, "REGISTRY_CHUNK", 10)
    with django_assert_num_queries(4 + 2):
        importing.check_registry(checker)
    monkeypatch.setattr(checking, "REGISTRY_CHUNK", 1000)
    with django_assert_num_queries(1 + 1):
        importing.check_registry(checker)
    assert checker.later == []


def test_existing_families_cost_one_more_query_per_chunk_and_keep_their_head(
    village, monkeypatch, django_assert_num_queries
):
    assert run(village, family_rows(3), header=HEADER).errors == []
    newcomers = [
        f"{build_nik(district_code='35.22.15', birth_date=date(2010, 3, 3), sex='L', seq=n)},352215{n:010d},"
        f"ANAK {n},L,BOJONEGORO,03-03-2010,1,,,1,4,,,,,,,"
        for n in (1, 2, 3)
    ]
    checker = checked(village, [*newcomers, family_rows(1)[0]])  # the last: a head already registered
    monkeypatch.setattr(checking, "REGISTRY_CHUNK", 2)
    with django_assert_num_queries(2 + 2 + 2):  # NIKs, family cards, heads of the 3 existing families
        families = importing.check_registry(checker)
    assert set(families) == {f"352215{n:010d}" for n in (1, 2, 3)}
    assert checker.later == [
        (5, "NIK", "NIK 3522********0001 sudah terdaftar."),
        (5, "STAT_HBKEL", "Keluarga ini sudah punya kepala keluarga di data desa."),
    ]


def test_rows_without_nik_are_refused_when_the_village_has_no_temporary_numbers_left(village):
    TemporaryNikCounter.objects.create(village=village, last=99_999)
    rows = [ROWS[0], ROWS[1].replace("3522154302840002", "")]
    outcome = run(village, rows, header=HEADER)
    assert outcome.errors == [
        (0, "NIK", "Nomor NIK sementara desa 35.22.15.1011 tidak cukup untuk 1 penduduk tanpa NIK.")
    ]
    assert nothing_imported()


def test_a_row_without_nik_never_gets_a_number_a_later_row_of_the_file_holds(regency, village, other_village):
    # Kadipaten's first temporary NIK is 0352215101100001; the file gives it to Siti, after Andi
    # (who has none) — a batch of one row each, so Andi's row is written before Siti's is read.
    sutrisno, siti, andi, darmaji = regency_rows()
    andi = andi.replace("3522150101100003", "")
    siti = siti.replace("3522154302840002", "0352215101100001")
    assert run(regency, [sutrisno, andi, siti, darmaji], batch_size=1).errors == []
    assert Resident.objects.get(name="SITI RAHAYU").nik == "0352215101100001"
    assert Resident.objects.get(name="ANDI").nik == "0352215101100002"
