import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from pamong.audit.models import Event
from pamong.conftest import PASSWORD
from pamong.villages import importing
from pamong.villages.models import Family, ImportBatch, Resident

HEADER = "NIK,NO_KK,NAMA_LGKP,JENIS_KLMIN,TMPT_LHR,TGL_LHR,AGAMA,PDDK_AKH,JENIS_PKRJN,STAT_KWN,STAT_HBKEL,GOL_DRH,NAMA_LGKP_AYAH,NAMA_LGKP_IBU,ALAMAT,NO_RT,NO_RW,DUSUN"  # noqa: E501
ROWS = [
    "3522151705800001,3522150101200001,SUTRISNO,LAKI-LAKI,BOJONEGORO,17-05-1980,ISLAM,SLTA/SEDERAJAT,PETANI/PEKEBUN,KAWIN,KEPALA KELUARGA,O,KASMIN,SUMIATI,JL. KARTINI 1,1,2,KRAJAN",  # noqa: E501
    "3522154302840002,3522150101200001,SITI RAHAYU,PEREMPUAN,TUBAN,03-02-1984,ISLAM,TAMAT SD/SEDERAJAT,MENGURUS RUMAH TANGGA,KAWIN,ISTRI,TIDAK TAHU,,,JL. KARTINI 1,1,2,KRAJAN",  # noqa: E501
    "3522150101100003,3522150101200001,ANDI,LAKI-LAKI,BOJONEGORO,01-01-2010,ISLAM,BELUM TAMAT SD/SEDERAJAT,PELAJAR/MAHASISWA,BELUM KAWIN,ANAK,,SUTRISNO,SITI RAHAYU,JL. KARTINI 1,1,2,KRAJAN",  # noqa: E501
    "3522152512700004,3522150101200002,DARMAJI,1,BOJONEGORO,1970-12-25,KATHOLIK,STRATA I,GURU,CERAI MATI,1,A+,,,JL. PANGLIMA SUDIRMAN 3,4,1,",  # noqa: E501
]


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
    real = importing._write_chunk
    calls = []

    def crash_on_second(batch, village, chunk, *args):
        calls.append(len(chunk))
        if len(calls) == 2:
            raise RuntimeError("listrik padam")
        return real(batch, village, chunk, *args)

    monkeypatch.setattr(importing, "_write_chunk", crash_on_second)
    with pytest.raises(RuntimeError):
        run(village, csv_bytes(), batch_size=2)
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.processed, Resident.objects.count()) == ("running", 2, 2)
    monkeypatch.setattr(importing, "_write_chunk", real)
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


def test_the_operator_uploads_and_downloads_the_error_report(client, village, village_operator, other_operator):
    client.login(username=village_operator.email, password=PASSWORD)
    url = reverse("villages:import", args=[village.code])
    bad = SimpleUploadedFile("siak.csv", csv_bytes([*ROWS, ROWS[1]]), content_type="text/csv")
    response = client.post(url, {"file": bad})
    assert "Berkas ditolak: 1 kesalahan" in response.content.decode()
    batch = ImportBatch.objects.get()
    report = client.get(reverse("villages:import_errors", args=[batch.pk]))
    assert report.content.decode().splitlines()[1] == "6,NIK,NIK sama dengan baris 3."
    good = SimpleUploadedFile("siak2.csv", csv_bytes(), content_type="text/csv")
    assert "4 dari 4 baris diproses" in client.post(url, {"file": good}).content.decode()
    assert "4/4 baris" in client.get(reverse("villages:dashboard", args=[village.code])).content.decode()
    client.logout()
    client.login(username=other_operator.email, password=PASSWORD)
    assert client.get(reverse("villages:import_errors", args=[batch.pk])).status_code == 404
    assert client.post(url, {"file": SimpleUploadedFile("x.csv", csv_bytes())}).status_code == 403
    assert Resident.objects.count() == 4
