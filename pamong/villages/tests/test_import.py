import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django_tasks_db.models import DBTaskResult

from pamong.audit.models import Event
from pamong.villages import importing
from pamong.villages.importing import checking, writing
from pamong.villages.models import Family, ImportBatch, Resident

HEADER = "NIK,NO_KK,NAMA_LGKP,JENIS_KLMIN,TMPT_LHR,TGL_LHR,AGAMA,PDDK_AKH,JENIS_PKRJN,STAT_KWN,STAT_HBKEL,GOL_DRH,NAMA_LGKP_AYAH,NAMA_LGKP_IBU,ALAMAT,NO_RT,NO_RW,DUSUN"  # noqa: E501
ROWS = [
    "3522151705800001,3522150101200001,SUTRISNO,LAKI-LAKI,BOJONEGORO,17-05-1980,ISLAM,SLTA/SEDERAJAT,PETANI/PEKEBUN,KAWIN,KEPALA KELUARGA,O,KASMIN,SUMIATI,JL. KARTINI 1,1,2,KRAJAN",  # noqa: E501
    "3522154302840002,3522150101200001,SITI RAHAYU,PEREMPUAN,TUBAN,03-02-1984,ISLAM,TAMAT SD/SEDERAJAT,MENGURUS RUMAH TANGGA,KAWIN,ISTRI,TIDAK TAHU,,,JL. KARTINI 1,1,2,KRAJAN",  # noqa: E501
    "3522150101100003,3522150101200001,ANDI,LAKI-LAKI,BOJONEGORO,01-01-2010,ISLAM,BELUM TAMAT SD/SEDERAJAT,PELAJAR/MAHASISWA,BELUM KAWIN,ANAK,,SUTRISNO,SITI RAHAYU,JL. KARTINI 1,1,2,KRAJAN",  # noqa: E501
    "3522152512700004,3522150101200002,DARMAJI,1,BOJONEGORO,1970-12-25,KATHOLIK,STRATA I,GURU,CERAI MATI,1,A+,,,JL. PANGLIMA SUDIRMAN 3,4,1,",  # noqa: E501
]


def run_queued_tasks() -> list:
    """Run the waiting import tasks as ``db_worker`` does, and record how each ended.

    Not ``call_command("db_worker", "--batch")``: the worker closes the database connection
    after a task, which would end the test's transaction on PostgreSQL."""
    from pamong.villages.tasks import run_import

    for result in DBTaskResult.objects.filter(task_path=RUN_IMPORT, status="READY").order_by("enqueued_at"):
        try:
            value, status = run_import.call(*result.args_kwargs["args"], **result.args_kwargs["kwargs"]), "SUCCESSFUL"
        except Exception:  # the worker records any failure the same way
            value, status = None, "FAILED"
        DBTaskResult.objects.filter(pk=result.pk).update(status=status, return_value=value)
    results = DBTaskResult.objects.filter(task_path=RUN_IMPORT).order_by("enqueued_at")
    return list(results.values_list("status", "return_value"))


RUN_IMPORT = "pamong.villages.tasks.run_import"


def csv_bytes(rows=ROWS, header=HEADER, encoding="utf-8") -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode(encoding)


def run(village, data, **kwargs):
    return importing.import_file(by=None, village=village, data=data, file_name="siak.csv", **kwargs)


def nothing_imported():
    return Resident.objects.count() == 0 and Family.objects.count() == 0


def test_a_siak_export_imports_families_clusters_and_heads(village):
    outcome = run(village, csv_bytes())
    assert (outcome.errors, outcome.created, outcome.batch.status, outcome.batch.processed) == ([], 4, "done", 4)
    first = Family.objects.get(number="3522150101200001")
    assert (str(first.cluster), first.address) == ("Dusun KRAJAN / RW 002 / RT 001", "JL. KARTINI 1")
    assert [(r.name, r.relation, r.is_head) for r in first.members.order_by("pk")] == [
        ("SUTRISNO", "1", True),
        ("SITI RAHAYU", "3", False),
        ("ANDI", "4", False),
    ]
    darmaji = Resident.objects.get(name="DARMAJI")
    assert (darmaji.religion.name, darmaji.education.code, darmaji.blood_type.name, darmaji.is_head) == (
        "Katolik", 8, "A+", True
    )  # fmt: skip
    assert Resident.objects.get(name="SITI RAHAYU").blood_type.name == "Tidak Tahu"
    assert Event.objects.filter(action="villages.import_done").count() == 1


def test_semicolons_and_latin1_are_read(village):
    rows = [r.replace("SITI RAHAYU", "SITI RAHAYÚ") for r in ROWS]
    data = csv_bytes([r.replace(",", ";") for r in rows], HEADER.replace(",", ";"), encoding="latin-1")
    assert run(village, data).errors == []
    assert Resident.objects.filter(name="SITI RAHAYÚ").count() == 1


def test_a_file_in_a_wrong_encoding_is_refused_and_nothing_is_imported(village):
    outcome = run(village, csv_bytes(encoding="utf-16"))
    assert outcome.errors == [(0, "", "Encoding berkas tidak dikenali: simpan ulang sebagai CSV UTF-8 (atau Latin-1).")]
    assert outcome.batch.status == "failed"
    assert nothing_imported()


def test_missing_columns_are_named_and_nothing_is_imported(village):
    header = HEADER.replace("AGAMA,", "").replace("STAT_HBKEL,", "")
    outcome = run(village, csv_bytes([], header))
    assert outcome.errors == [(1, "AGAMA", "Kolom wajib tidak ada."), (1, "STAT_HBKEL", "Kolom wajib tidak ada.")]
    assert nothing_imported()


def test_duplicate_niks_in_the_file_are_refused_naming_both_rows(village):
    outcome = run(village, csv_bytes([*ROWS, ROWS[2].replace("ANDI", "ANDI KEMBAR")]))
    assert outcome.errors == [(6, "NIK", "NIK sama dengan baris 4.")]
    assert nothing_imported()


def test_niks_already_in_the_registry_are_refused(village, other_village):
    run(other_village, csv_bytes([ROWS[3]]))
    before = Resident.objects.count()
    outcome = run(village, csv_bytes([ROWS[3].replace("3522150101200002", "3522150101200003")]))
    assert outcome.errors == [(2, "NIK", "NIK 3522********0004 sudah terdaftar.")]
    assert Resident.objects.count() == before


def test_a_bad_value_is_reported_with_row_and_column(village):
    rows = [ROWS[0], ROWS[1].replace("PEREMPUAN", "LAKI-LAKI"), ROWS[2].replace("01-01-2010", "31-02-2010")]
    rows.append(ROWS[3].replace("GURU", "ASTRONOT"))
    outcome = run(village, csv_bytes(rows))
    assert outcome.errors == [
        (3, "NIK", "NIK menunjukkan jenis kelamin perempuan, tidak cocok dengan jenis kelamin yang diisi."),
        (4, "TGL_LHR", "Tanggal tidak dikenali; gunakan DD-MM-YYYY."),
        (5, "JENIS_PKRJN", "Nilai 'ASTRONOT' tidak ada di daftar rujukan."),
    ]
    assert nothing_imported()


def test_a_family_with_two_heads_or_none_is_refused(village):
    two = ROWS[1].replace(",ISTRI,", ",KEPALA KELUARGA,")
    none = ROWS[3].replace(",1,A+,", ",ANAK,A+,")
    outcome = run(village, csv_bytes([ROWS[0], two, none]))
    assert outcome.errors == [
        (3, "STAT_HBKEL", "Keluarga ini sudah punya kepala keluarga di baris 2."),
        (4, "STAT_HBKEL", "Keluarga No. KK 3522********0002 tidak punya kepala keluarga."),
    ]
    assert nothing_imported()


def test_an_xlsx_file_imports(village):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    for row in ROWS:
        sheet.append(row.split(","))
    out = io.BytesIO()
    book.save(out)
    outcome = importing.import_file(by=None, village=village, data=out.getvalue(), file_name="siak.xlsx")
    assert (outcome.errors, outcome.created) == ([], 4)


def test_an_interrupted_import_resumes_after_the_committed_batches(village, monkeypatch):
    # Runs the COPY path on PostgreSQL (DATABASE_URL) and bulk_create on SQLite.
    real = writing.write_chunk
    calls = []

    def crash_on_second(writer, chunk, offset):
        calls.append(len(chunk))
        if len(calls) == 2:
            raise RuntimeError("listrik padam")
        return real(writer, chunk, offset)

    monkeypatch.setattr(writing, "write_chunk", crash_on_second)
    with pytest.raises(RuntimeError):
        run(village, csv_bytes(), batch_size=2)
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.processed, Resident.objects.count()) == ("running", 2, 2)
    monkeypatch.setattr(writing, "write_chunk", real)
    outcome = run(village, csv_bytes(), batch_size=2)
    assert (outcome.batch.pk, outcome.created, outcome.skipped, outcome.batch.status) == (batch.pk, 2, 2, "done")
    assert Resident.objects.count() == 4
    assert Family.objects.get(number="3522150101200001").members.count() == 3


def test_the_command_shows_progress_and_imports(village, tmp_path):
    path = tmp_path / "siak.csv"
    path.write_bytes(csv_bytes())
    out = io.StringIO()
    call_command("import_residents", village.code, str(path), "--batch-size", "2", stdout=out)
    assert "[###############...............] 2/4" in out.getvalue()
    assert "4/4 baris, 4 penduduk baru, 0 dilewati" in out.getvalue()


def test_the_command_refuses_a_bad_file_and_writes_the_error_report(village, tmp_path):
    path = tmp_path / "siak.csv"
    path.write_bytes(csv_bytes([*ROWS, ROWS[1]]))
    report = tmp_path / "galat.csv"
    with pytest.raises(CommandError, match="1 kesalahan"):
        call_command("import_residents", village.code, str(path), "--errors", str(report), stderr=io.StringIO())
    assert report.read_text().splitlines() == ["baris,kolom,pesan", "6,NIK,NIK sama dengan baris 3."]
    assert nothing_imported()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", [(0, "", "Berkas kosong.")]),
        (b"\n \n\n", [(0, "", "Berkas kosong.")]),
        (
            csv_bytes().replace(b"SITI", b"SI\x00TI"),
            [
                (
                    0,
                    "",
                    ENCODING_MESSAGE := (
                        "Encoding berkas tidak dikenali: simpan ulang sebagai CSV UTF-8 (atau Latin-1)."
                    ),
                )
            ],
        ),
        (
            csv_bytes([ROWS[0].replace("KASMIN", "K" * 200_000)]),
            [(2, "", "Baris ini tidak dapat dibaca sebagai CSV: periksa tanda kutip dan panjang isi selnya.")],
        ),
    ],
    ids=["empty", "blank-lines", "nul-byte", "cell-too-long-for-csv"],
)
def test_unreadable_files_are_refused_with_a_message(village, data, expected):
    outcome = run(village, data)
    assert (outcome.errors, outcome.batch.status) == (expected, "failed")
    assert nothing_imported()


def test_each_kind_of_bad_value_names_its_row_and_column(village):
    rows = [
        ROWS[0].replace("SUTRISNO", "S" * 151).replace(",1,2,KRAJAN", ",1A,2,KRAJAN"),
        ROWS[1].replace("03-02-1984", "04-02-1984").replace(",TUBAN,", ",,"),
        ROWS[2].replace("3522150101100003", "352215010110003").replace(",BELUM KAWIN,", ",JOMBLO,"),
        ROWS[3].replace("3522152512700004", "3521152512700004").replace(",1970-12-25,", ",25-12-2030,") + ",WNX",
    ]
    outcome = run(village, csv_bytes(rows, HEADER + ",KEWARGANEGARAAN"))
    assert outcome.errors == [
        (2, "NAMA_LGKP", "Terlalu panjang: paling banyak 150 karakter."),
        (2, "NO_RT", "Isi nomor RT, paling banyak 3 angka."),
        (3, "NIK", "NIK memuat tanggal lahir 03-02-..84, tidak cocok dengan tanggal lahir 04-02-1984."),
        (3, "TMPT_LHR", "Wajib diisi."),
        (4, "NIK", "NIK harus 16 angka (terisi 15 karakter)."),
        (4, "STAT_KWN", "Nilai 'JOMBLO' tidak ada di daftar rujukan."),
        (5, "KEWARGANEGARAAN", "Isi WNI, WNA atau DUA."),
        (5, "NIK", "NIK: 4 angka pertama harus 3522 (kode kabupaten), bukan 3521."),
        (5, "TGL_LHR", "Tanggal lahir sesudah hari ini."),
    ]
    assert nothing_imported()


def test_checking_stops_after_too_many_errors(village, monkeypatch):
    monkeypatch.setattr(checking, "MAX_ERRORS", 2)
    rows = [row.replace(",ISLAM,", ",ATEIS,").replace(",KATHOLIK,", ",ATEIS,") for row in ROWS]
    outcome = run(village, csv_bytes(rows))
    assert outcome.errors == [
        (2, "AGAMA", "Nilai 'ATEIS' tidak ada di daftar rujukan."),
        (3, "", "Terlalu banyak kesalahan: pemeriksaan berhenti di baris ini."),
        (3, "AGAMA", "Nilai 'ATEIS' tidak ada di daftar rujukan."),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("17-05-1980", date(1980, 5, 17)),
        ("17/05/1980", date(1980, 5, 17)),
        ("1980-05-17", date(1980, 5, 17)),
        ("17-05-80", date(1980, 5, 17)),
        ("7-5-1980", date(1980, 5, 7)),
        (" 17-05-1980 ", date(1980, 5, 17)),
        ("31-02-1980", None),
        ("17.05.1980", None),
        ("", None),
    ],
)
def test_birth_dates_are_read_in_the_siak_shapes(text, expected):
    assert importing.parse_date(text) == expected


def test_a_member_joins_a_family_already_in_the_village(village):
    assert run(village, csv_bytes(ROWS[:1])).errors == []
    outcome = run(village, csv_bytes(ROWS[1:3]))
    assert (outcome.errors, Family.objects.get().members.count()) == ([], 3)
