"""The web upload: the worker imports, the operator watches a progress page."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from pamong.conftest import PASSWORD
from pamong.villages import importing
from pamong.villages.importing import running, writing
from pamong.villages.models import ImportBatch, Resident
from pamong.villages.tasks import run_import

from .test_import import ROWS, csv_bytes, nothing_imported, run_queued_tasks


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Uploads wait for the worker in private storage: a fresh folder per test."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def operator_client(client, village_operator):
    client.login(username=village_operator.email, password=PASSWORD)
    return client


def upload(client, village, data, capture, name="siak.csv"):
    with capture(execute=True):
        return client.post(reverse("villages:import", args=[village.code]), {"file": SimpleUploadedFile(name, data)})


def progress_page(client, batch) -> str:
    return client.get(reverse("villages:import_progress", args=[batch.pk])).content.decode()


def stored_uploads(private_media) -> list[str]:
    folder = private_media / "imports"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_an_upload_waits_for_the_worker_and_its_page_refreshes_itself(
    operator_client, village, django_capture_on_commit_callbacks, private_media
):
    response = upload(operator_client, village, csv_bytes(), django_capture_on_commit_callbacks)
    batch = ImportBatch.objects.get()
    assert (response.status_code, response.url) == (302, reverse("villages:import_progress", args=[batch.pk]))
    assert DBTaskResult.objects.get().args_kwargs["args"][0] == batch.pk
    assert len(stored_uploads(private_media)) == 1
    page = progress_page(operator_client, batch)
    assert '<meta http-equiv="refresh" content="2">' in page
    assert "Berkas sedang diperiksa" in page and "<progress id=" in page
    assert nothing_imported()
    assert run_queued_tasks() == [("SUCCESSFUL", "done")]
    page = progress_page(operator_client, batch)
    assert "4 dari 4 baris diproses" in page and "http-equiv" not in page
    assert (Resident.objects.count(), stored_uploads(private_media)) == (4, [])


def test_the_progress_bar_shows_the_rows_written(operator_client, village):
    batch = ImportBatch.objects.create(village=village, file_name="siak.csv", file_hash="a" * 64, total_rows=8)
    batch.processed = 2
    batch.save()
    page = progress_page(operator_client, batch)
    assert '<progress id="import-progress" max="8" value="2">25%</progress>' in page
    assert "Menyimpan: 2 dari 8 baris." in page


def test_a_refused_upload_shows_its_errors_on_the_progress_page(
    operator_client, village, django_capture_on_commit_callbacks
):
    upload(operator_client, village, csv_bytes([*ROWS, ROWS[1]]), django_capture_on_commit_callbacks)
    assert run_queued_tasks() == [("SUCCESSFUL", "failed")]
    batch = ImportBatch.objects.get()
    page = progress_page(operator_client, batch)
    assert "Berkas ditolak: 1 kesalahan" in page and "NIK sama dengan baris 3." in page
    assert reverse("villages:import_errors", args=[batch.pk]) in page
    assert nothing_imported()


def test_an_upload_over_10_mb_is_refused_and_nothing_is_queued(
    operator_client, village, django_capture_on_commit_callbacks, private_media
):
    big = csv_bytes() + b"," * (importing_limit() - len(csv_bytes()) + 1)
    response = upload(operator_client, village, big, django_capture_on_commit_callbacks)
    assert "Berkas lebih dari 10 MB: gunakan perintah import_residents di server." in response.content.decode()
    assert (ImportBatch.objects.count(), DBTaskResult.objects.count(), stored_uploads(private_media)) == (0, 0, [])


def importing_limit() -> int:
    from pamong.villages.staff_views import MAX_UPLOAD_BYTES

    return MAX_UPLOAD_BYTES


def test_a_run_that_fails_leaves_a_note_and_the_same_file_resumes(
    operator_client, village, django_capture_on_commit_callbacks, monkeypatch, private_media
):
    real = writing.write_chunk

    def crash_after_first(writer, chunk, offset):
        if offset:
            raise RuntimeError("listrik padam")
        return real(writer, chunk, offset)

    monkeypatch.setattr(running, "BATCH_SIZE", 2)
    monkeypatch.setattr(writing, "write_chunk", crash_after_first)
    upload(operator_client, village, csv_bytes(), django_capture_on_commit_callbacks)
    assert run_queued_tasks()[0][0] == "FAILED"
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.processed, Resident.objects.count(), stored_uploads(private_media)) == (
        "running", 2, 2, []
    )  # fmt: skip
    page = progress_page(operator_client, batch)
    assert "Impor terhenti" in page and "2 dari 4 baris sudah tersimpan" in page and "http-equiv" not in page
    monkeypatch.setattr(writing, "write_chunk", real)
    response = upload(operator_client, village, csv_bytes(), django_capture_on_commit_callbacks)
    assert response.url == reverse("villages:import_progress", args=[batch.pk])
    page = progress_page(operator_client, batch)
    assert "Menyimpan: 2 dari 4 baris." in page and "http-equiv" in page
    assert run_queued_tasks()[-1] == ("SUCCESSFUL", "done")
    assert Resident.objects.count() == 4


def test_a_late_task_for_a_finished_batch_does_nothing(village, private_media):
    batch = ImportBatch.objects.create(village=village, file_name="x.csv", file_hash="b" * 64, status="done")
    (private_media / "imports").mkdir(parents=True)
    (private_media / "imports" / "late.upload").write_bytes(csv_bytes())
    assert run_import.call(batch.pk, "imports/late.upload", 1) == "skipped"
    assert (nothing_imported(), stored_uploads(private_media)) == (True, [])


def test_only_the_villages_operators_see_an_import(client, village, other_operator, admin_user, village_operator):
    batch = ImportBatch.objects.create(village=village, file_name="x.csv", file_hash="c" * 64)
    url = reverse("villages:import_progress", args=[batch.pk])
    assert client.get(url).status_code == 302  # to the sign-in page
    client.login(username=other_operator.email, password=PASSWORD)
    assert client.get(url).status_code == 404
    client.login(username=admin_user.email, password=PASSWORD)
    assert client.get(url).status_code == 200
    assert client.get(reverse("villages:import_progress", args=[batch.pk + 1])).status_code == 404


def test_the_upload_page_lists_the_villages_recent_imports(operator_client, village, other_village):
    ours = ImportBatch.objects.create(village=village, file_name="desa-kami.csv", file_hash="d" * 64)
    ImportBatch.objects.create(village=other_village, file_name="desa-lain.csv", file_hash="e" * 64)
    page = operator_client.get(reverse("villages:import", args=[village.code])).content.decode()
    assert reverse("villages:import_progress", args=[ours.pk]) in page
    assert "desa-kami.csv" in page and "desa-lain.csv" not in page


def test_two_runs_of_one_batch_never_write_the_same_chunk(village):
    """A second run (a double click, a retried task) finds ``processed`` moved and stops."""
    first = importing.import_file(by=None, village=village, data=csv_bytes(ROWS[:3]), file_name="a.csv")
    batch = first.batch
    ImportBatch.objects.filter(pk=batch.pk).update(status="running", processed=1)
    checker = importing.Checker(target=village, header=["NIK"], start=0)
    writer = importing.Writer(batch=batch, by=None, checker=checker, families={})
    with pytest.raises(importing.ImportTakenOver):
        importing.write_chunk(writer, [], 0)
    assert (ImportBatch.objects.get().processed, Resident.objects.count()) == (1, 3)


def test_the_operator_uploads_and_downloads_the_error_report(
    client, village, village_operator, other_operator, django_capture_on_commit_callbacks
):
    # The upload is imported by the background worker (tasks.run_import); the result shows on
    # the batch's progress page instead of the upload response.
    client.login(username=village_operator.email, password=PASSWORD)
    url = reverse("villages:import", args=[village.code])
    bad = SimpleUploadedFile("siak.csv", csv_bytes([*ROWS, ROWS[1]]), content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"file": bad})
    batch = ImportBatch.objects.get()
    assert response.url == reverse("villages:import_progress", args=[batch.pk])
    run_queued_tasks()
    assert "Berkas ditolak: 1 kesalahan" in client.get(response.url).content.decode()
    report = client.get(reverse("villages:import_errors", args=[batch.pk]))
    assert report.content.decode().splitlines()[1] == "6,NIK,NIK sama dengan baris 3."
    good = SimpleUploadedFile("siak2.csv", csv_bytes(), content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"file": good})
    run_queued_tasks()
    assert "4 dari 4 baris diproses" in client.get(response.url).content.decode()
    assert "4/4 baris" in client.get(reverse("villages:dashboard", args=[village.code])).content.decode()
    client.logout()
    client.login(username=other_operator.email, password=PASSWORD)
    assert client.get(reverse("villages:import_errors", args=[batch.pk])).status_code == 404
    assert client.post(url, {"file": SimpleUploadedFile("x.csv", csv_bytes())}).status_code == 403
    assert Resident.objects.count() == 4


def test_an_import_that_stopped_moving_says_so_and_stops_refreshing(
    operator_client, village, django_capture_on_commit_callbacks
):
    upload(operator_client, village, csv_bytes(), django_capture_on_commit_callbacks)
    batch = ImportBatch.objects.get()
    assert "http-equiv" in progress_page(operator_client, batch)  # queued a moment ago: still waiting
    ImportBatch.objects.filter(pk=batch.pk).update(updated_at=timezone.now() - timedelta(minutes=11))
    page = progress_page(operator_client, batch)
    assert "Impor tidak bergerak" in page and "Unggah berkas yang sama lagi" in page
    assert "http-equiv" not in page
    # The worker was only late: its run moves the batch on and the page shows the result.
    assert run_queued_tasks() == [("SUCCESSFUL", "done")]
    assert "4 dari 4 baris diproses" in progress_page(operator_client, batch)


def test_every_chunk_written_is_a_sign_of_life(village):
    data, long_ago = csv_bytes(), timezone.now() - timedelta(hours=1)
    batch = ImportBatch.objects.create(
        village=village, file_name="a.csv", file_hash=importing.file_hash(data), updated_at=long_ago
    )
    moments = []
    outcome = importing.import_file(
        by=None, village=village, data=data, file_name="a.csv", batch=batch, batch_size=1,
        progress=lambda done, total: moments.append(ImportBatch.objects.get().updated_at),
    )  # fmt: skip
    assert len(set(moments)) == 4 and min(moments) > long_ago and moments == sorted(moments)
    assert ImportBatch.objects.get().updated_at == outcome.batch.finished_at


def test_uploading_a_stalled_import_again_revives_it(operator_client, village, django_capture_on_commit_callbacks):
    upload(operator_client, village, csv_bytes(), django_capture_on_commit_callbacks)
    batch = ImportBatch.objects.get()
    ImportBatch.objects.filter(pk=batch.pk).update(updated_at=timezone.now() - timedelta(minutes=30))
    upload(operator_client, village, csv_bytes(), django_capture_on_commit_callbacks)
    assert ImportBatch.objects.get().pk == batch.pk
    assert "Impor tidak bergerak" not in progress_page(operator_client, batch)
