"""The pages: citizen journey, staff workspace, and the privacy rules by every URL."""

import pytest
from django.urls import reverse

from pamong.complaints import services
from pamong.complaints.models import Attachment, Report
from pamong.notifications.models import Notification

from .conftest import make_report, upload

S = Report.Status


def form_data(village, **extra):
    data = {
        "type": "pengaduan",
        "title": "Jalan berlubang di Jl. Veteran",
        "body": "Lubang besar di tengah jalan dekat pasar, sudah dua motor jatuh minggu ini.",
        "village": village.code,
        "idempotency_key": "k-1",
    }
    data.update(extra)
    return data


def test_the_submit_form_renders_for_guests_and_citizens(client, citizen, village):
    response = client.get(reverse("complaints:submit"))
    assert response.status_code == 200
    assert 'name="contact"' in response.content.decode()
    client.force_login(citizen)
    response = client.get(reverse("complaints:submit"))
    assert 'name="contact"' not in response.content.decode()
    assert 'name="idempotency_key"' in response.content.decode()


def test_a_citizen_submits_and_sees_the_tracking_code(client, citizen, village, clock):
    client.force_login(citizen)
    response = client.post(reverse("complaints:submit"), form_data(village), follow=True)
    report = Report.objects.get()
    assert response.redirect_chain == [(reverse("complaints:submitted", args=[report.access_token]), 302)]
    assert report.code in response.content.decode()


def test_a_double_click_creates_one_report(client, citizen, village, clock):
    client.force_login(citizen)
    first = client.post(reverse("complaints:submit"), form_data(village))
    second = client.post(reverse("complaints:submit"), form_data(village))
    assert first["Location"] == second["Location"]
    assert Report.objects.count() == 1


def test_a_guest_submits_confirms_with_the_code_and_gets_the_tracking_code(client, village, clock, monkeypatch):
    monkeypatch.setattr("pamong.accounts.services.secrets.randbelow", lambda n: 111222)
    response = client.post(reverse("complaints:submit"), form_data(village, contact="tamu@example.org"))
    report = Report.objects.get()
    assert response["Location"] == reverse("complaints:confirm", args=[report.access_token])
    response = client.post(response["Location"], {"code": "000000"})
    assert "Kode salah" in response.content.decode()
    response = client.post(reverse("complaints:confirm", args=[report.access_token]), {"code": "111222"}, follow=True)
    assert report.code in response.content.decode()
    report.refresh_from_db()
    assert report.status == S.SUBMITTED


def test_a_coordinator_records_a_face_to_face_report_for_a_citizen(client, coordinator, village, clock):
    client.force_login(coordinator)
    data = form_data(village, channel="face_to_face", guest_name="Mbah Sarmin", contact="081298765432")
    response = client.post(reverse("complaints:submit"), data)
    report = Report.objects.get()
    assert response["Location"] == reverse("complaints:workspace", args=[report.code])
    assert (report.status, report.channel, report.reporter, report.guest_name, report.guest_contact) == (
        S.SUBMITTED,
        "face_to_face",
        None,
        "Mbah Sarmin",
        "+6281298765432",
    )
    assert report.events.get().actor == coordinator


def test_only_coordinators_record_reports_on_behalf_of_citizens(citizen, village, clock):
    with pytest.raises(services.ComplaintError, match="Hanya koordinator"):
        make_report(by=citizen, village=village, on_behalf=True, contact="081298765432")
    assert Report.objects.count() == 0


def test_the_form_shows_service_refusals_and_saves_nothing(client, citizen, village, clock):
    client.force_login(citizen)
    fake = upload("foto.jpg", content=b"not an image at all", content_type="image/jpeg")
    response = client.post(reverse("complaints:submit"), {**form_data(village), "files": [fake]})
    assert response.status_code == 200
    assert "bukan gambar" in response.content.decode()
    response = client.post(reverse("complaints:submit"), {**form_data(village), "village": "35.23.01.2001"})
    assert response.status_code == 200
    assert 'id="id_village_error"' in response.content.decode()
    response = client.post(reverse("complaints:submit"), form_data(village, latitude="51.5", longitude="0.1"))
    assert "di luar wilayah Indonesia" in response.content.decode()
    assert Report.objects.count() == 0


# --- Public visibility ----------------------------------------------------------------------


@pytest.fixture
def public_and_hidden(citizen, village, coordinator, agency, clock):
    public = make_report(by=citizen, village=village, title="Lampu jalan mati di Kadipaten", is_anonymous=True)
    services.dispose(report=public, agency=agency, by=coordinator)
    secret = make_report(by=citizen, village=village, title="Pungutan liar di kantor desa", is_confidential=True)
    services.dispose(report=secret, agency=agency, by=coordinator)
    unverified = make_report(by=citizen, village=village, title="Belum diverifikasi koordinator")
    return public, secret, unverified


def test_the_public_list_shows_only_verified_non_rahasia_reports(client, public_and_hidden):
    public, secret, unverified = public_and_hidden
    html = client.get(reverse("complaints:list")).content.decode()
    assert public.code in html
    assert secret.code not in html
    assert unverified.code not in html
    assert "Siti" not in html


def test_rahasia_and_unverified_reports_are_not_found_by_url(client, other_citizen, public_and_hidden):
    public, secret, unverified = public_and_hidden
    assert client.get(reverse("complaints:detail", args=[public.code])).status_code == 200
    assert client.get(reverse("complaints:detail", args=[secret.code])).status_code == 404
    assert client.get(reverse("complaints:detail", args=[unverified.code])).status_code == 404
    client.force_login(other_citizen)
    assert client.get(reverse("complaints:detail", args=[secret.code])).status_code == 404


def test_the_reporter_sees_their_own_rahasia_report(client, citizen, public_and_hidden):
    _, secret, _ = public_and_hidden
    client.force_login(citizen)
    response = client.get(reverse("complaints:detail", args=[secret.code]))
    assert "Pungutan liar di kantor desa" in response.content.decode()


def test_tracking_a_rahasia_report_by_code_shows_its_status_but_not_its_content(client, public_and_hidden):
    _, secret, _ = public_and_hidden
    response = client.get(reverse("complaints:track"), {"code": secret.code.lower()})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Diteruskan ke OPD" in html
    assert "Pungutan liar" not in html


def test_an_anonim_reporter_is_never_shown_publicly(client, public_and_hidden):
    public, _, _ = public_and_hidden
    for url in [
        reverse("complaints:detail", args=[public.code]),
        reverse("complaints:list"),
        reverse("complaints:list") + "?q=lampu",
        reverse("complaints:track") + f"?code={public.code}",
    ]:
        html = client.get(url).content.decode()
        assert "Siti" not in html and "warga@example.id" not in html, url


def test_the_officer_does_not_see_an_anonim_reporter_but_the_coordinator_does(
    client, officer, coordinator, public_and_hidden
):
    public, _, _ = public_and_hidden
    client.force_login(officer)
    html = client.get(reverse("complaints:workspace", args=[public.code])).content.decode()
    assert "Siti" not in html and "Anonim (identitas dirahasiakan)" in html
    client.force_login(coordinator)
    html = client.get(reverse("complaints:workspace", args=[public.code])).content.decode()
    assert "Siti Aminah" in html


def test_showing_the_reporter_to_the_coordinator_is_audited(client, coordinator, report):
    from pamong.audit.models import Event as AuditEvent

    client.force_login(coordinator)
    html = client.get(reverse("complaints:workspace", args=[report.code])).content.decode()
    assert "warga@example.id" in html
    (event,) = AuditEvent.objects.filter(action="complaints.view_reporter")
    assert (event.actor, event.object_id) == (coordinator, str(report.pk))


def test_internal_notes_never_reach_the_public_page(client, officer, public_and_hidden):
    public, _, _ = public_and_hidden
    services.add_note(report=public, by=officer, text="Anggaran habis, tunda ke APBD-P")
    assert "Anggaran habis" not in client.get(reverse("complaints:detail", args=[public.code])).content.decode()
    client.force_login(officer)
    assert "Anggaran habis" in client.get(reverse("complaints:workspace", args=[public.code])).content.decode()


def test_public_search_ignores_indonesian_stopwords(client, public_and_hidden):
    public, _, _ = public_and_hidden
    html = client.get(reverse("complaints:list"), {"q": "lampu di jalan"}).content.decode()
    assert public.code in html
    html = client.get(reverse("complaints:list"), {"q": "pungutan"}).content.decode()
    assert "Pungutan" not in html


def test_public_list_filters(client, public_and_hidden, agency, district):
    public, _, _ = public_and_hidden
    assert (
        public.code
        in client.get(reverse("complaints:list"), {"agency": agency.pk, "district": district.pk}).content.decode()
    )
    assert public.code not in client.get(reverse("complaints:list"), {"type": "aspirasi"}).content.decode()


# --- Staff scope ----------------------------------------------------------------------------


def test_an_officer_cannot_see_or_act_on_another_agencys_report_by_any_url(client, other_officer, disposed):
    client.force_login(other_officer)
    assert client.get(reverse("complaints:workspace", args=[disposed.code])).status_code == 404
    assert client.post(reverse("complaints:act", args=[disposed.code, "accept"])).status_code == 404
    assert client.post(reverse("complaints:act", args=[disposed.code, "note"]), {"note-text": "x"}).status_code == 404
    assert disposed.code not in client.get(reverse("complaints:inbox")).content.decode()
    assert disposed.code not in client.get(reverse("complaints:overdue")).content.decode()
    disposed.refresh_from_db()
    assert disposed.status == S.DISPOSED
    assert disposed.events.count() == 2


def test_the_officer_of_a_rahasia_report_sees_it_in_the_inbox(
    client, officer, citizen, village, coordinator, agency, clock
):
    report = make_report(by=citizen, village=village, is_confidential=True)
    services.dispose(report=report, agency=agency, by=coordinator)
    client.force_login(officer)
    assert report.code in client.get(reverse("complaints:inbox")).content.decode()


def test_citizens_and_officers_cannot_open_the_coordinator_queue(client, citizen, officer):
    client.force_login(citizen)
    assert client.get(reverse("complaints:queue")).status_code == 403
    client.force_login(officer)
    assert client.get(reverse("complaints:queue")).status_code == 403


def test_the_coordinator_disposes_from_the_workspace(client, coordinator, report, agency):
    client.force_login(coordinator)
    assert report.code in client.get(reverse("complaints:queue")).content.decode()
    response = client.post(
        reverse("complaints:act", args=[report.code, "dispose"]),
        {"dispose-agency": agency.pk, "dispose-note": "Mohon segera"},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.agency) == (S.DISPOSED, agency)


def test_the_officer_works_the_report_from_the_workspace(client, officer, disposed):
    client.force_login(officer)
    assert client.post(reverse("complaints:act", args=[disposed.code, "accept"])).status_code == 302
    response = client.post(
        reverse("complaints:act", args=[disposed.code, "answer"]),
        {"answer-text": "Sudah ditambal oleh tim lapangan.", "answer-evidence": upload()},
    )
    assert response.status_code == 302
    disposed.refresh_from_db()
    assert disposed.status == S.ANSWERED


def test_a_disallowed_action_from_the_workspace_changes_nothing(client, officer, disposed):
    client.force_login(officer)
    response = client.post(
        reverse("complaints:act", args=[disposed.code, "answer"]),
        {"answer-text": "Terlalu dini menjawab."},
        follow=True,
    )
    assert "tidak dapat dilakukan" in response.content.decode()
    disposed.refresh_from_db()
    assert disposed.status == S.DISPOSED


def test_the_reporter_rates_through_the_private_link(client, answered):
    url = reverse("complaints:react", args=[answered.access_token, "nilai"])
    response = client.post(url, {"score": "4", "comment": "Mantap"})
    assert response.status_code == 302
    answered.refresh_from_db()
    assert answered.status == S.CLOSED
    assert answered.rating.score == 4


def test_the_reporter_reopens_through_the_private_link(client, answered):
    url = reverse("complaints:react", args=[answered.access_token, "balas"])
    client.post(url, {"text": "Masih ada lubang di sisi utara jalan."})
    answered.refresh_from_db()
    assert answered.status == S.IN_PROGRESS


# --- Attachments ----------------------------------------------------------------------------


@pytest.fixture
def with_photo(citizen, village, coordinator, agency, clock):
    report = make_report(by=citizen, village=village, files=[upload()])
    services.dispose(report=report, agency=agency, by=coordinator)
    return report, Attachment.objects.get(report=report)


def read(response) -> bytes:
    return b"".join(response.streaming_content)


def test_the_public_gets_only_the_cleaned_copy(client, with_photo):
    _, attachment = with_photo
    response = client.get(reverse("complaints:attachment", args=[attachment.pk]))
    assert response.status_code == 200
    with attachment.sanitized.open("rb") as f:
        assert read(response) == f.read()
    response = client.get(reverse("complaints:attachment", args=[attachment.pk]), {"asli": "1"})
    with attachment.sanitized.open("rb") as f:
        assert read(response) == f.read()


def test_the_handling_officer_gets_the_original(client, officer, other_officer, with_photo):
    _, attachment = with_photo
    client.force_login(officer)
    response = client.get(reverse("complaints:attachment", args=[attachment.pk]), {"asli": "1"})
    with attachment.original.open("rb") as f:
        assert read(response) == f.read()


def test_the_reporter_gets_the_cleaned_copy_even_when_asking_for_the_original(client, citizen, with_photo):
    _, attachment = with_photo
    client.force_login(citizen)
    response = client.get(reverse("complaints:attachment", args=[attachment.pk]), {"asli": "1"})
    with attachment.sanitized.open("rb") as f:
        assert read(response) == f.read()
    assert response["Content-Type"] == "image/jpeg"


def test_files_of_a_rahasia_report_are_not_found_by_the_public_or_another_officer(
    client, other_officer, with_photo, coordinator
):
    report, attachment = with_photo
    Report.objects.filter(pk=report.pk).update(is_confidential=True)
    assert client.get(reverse("complaints:attachment", args=[attachment.pk])).status_code == 404
    client.force_login(other_officer)
    assert client.get(reverse("complaints:attachment", args=[attachment.pk])).status_code == 404


# --- Leadership -----------------------------------------------------------------------------


def test_leadership_view_counts_from_events_and_computes_the_on_time_rate(client, regent, answered, citizen):
    client.force_login(regent)
    response = client.get(reverse("complaints:leadership"), {"start": "2026-03-01", "end": "2026-03-31"})
    assert response.status_code == 200
    row = response.context["per_agency"][0]
    assert (row["disposed"], row["answered"], row["on_time"], row["rate"]) == (1, 1, 1, 100)
    assert ("Pengaduan", 1) in response.context["by_type"]


def test_leadership_view_counts_open_reports_now_and_closed_or_rejected_ones_in_the_period(
    client, regent, answered, citizen, village, coordinator, rejection_reason, clock
):
    services.close_with_rating(report=answered, by=citizen, score=4)
    services.reject(report=make_report(by=citizen, village=village), by=coordinator, reason=rejection_reason)
    make_report(by=citizen, village=village)  # waiting for verification
    client.force_login(regent)
    response = client.get(reverse("complaints:leadership"), {"start": "2026-03-01", "end": "2026-03-31"})
    assert (response.context["closed"], response.context["rejected"]) == (1, 1)
    by_status = dict(response.context["by_status"])
    assert by_status["Menunggu verifikasi"] == 1
    assert sum(by_status.values()) == 1  # closed and rejected reports are not "open" ones
    assert "Selesai" not in by_status and "Ditolak/diarsipkan" not in by_status
    html = response.content.decode()
    assert "Laporan berjalan saat ini" in html and "Diselesaikan dalam periode" in html
    assert response.context["by_district"] == [("Bojonegoro", 3)]

    response = client.get(reverse("complaints:leadership"), {"start": "2026-04-01", "end": "2026-04-30"})
    assert (response.context["closed"], response.context["rejected"]) == (0, 0)
    assert dict(response.context["by_status"])["Menunggu verifikasi"] == 1  # "now" whatever the period


def test_citizens_cannot_open_the_leadership_view(client, citizen):
    client.force_login(citizen)
    assert client.get(reverse("complaints:leadership")).status_code == 403


def test_pages_send_no_notifications_on_get(client, public_and_hidden):
    before = Notification.objects.count()
    client.get(reverse("complaints:list"))
    assert Notification.objects.count() == before


def test_every_page_of_the_journey_renders(client, citizen, officer, coordinator, regent, accepted):
    assert client.get(reverse("complaints:track")).status_code == 200
    assert client.get(reverse("complaints:private", args=[accepted.access_token])).status_code == 200
    assert client.get(reverse("complaints:submitted", args=[accepted.access_token])).status_code == 200
    assert client.get(reverse("complaints:private", args=["x" * 43])).status_code == 404
    client.force_login(citizen)
    assert accepted.code in client.get(reverse("complaints:mine")).content.decode()
    client.force_login(officer)
    assert accepted.code in client.get(reverse("complaints:my_work")).content.decode()
    client.force_login(regent)
    assert client.get(reverse("complaints:workspace", args=[accepted.code])).status_code == 200
    assert client.get(reverse("complaints:overdue")).status_code == 200


def test_a_guest_can_ask_for_a_new_code_but_not_twice_in_a_minute(client, village, clock):
    client.post(reverse("complaints:submit"), form_data(village, contact="tamu@example.org"))
    report = Report.objects.get()
    url = reverse("complaints:confirm", args=[report.access_token])
    assert client.get(url).status_code == 200
    response = client.post(url, {"resend": "1"}, follow=True)
    assert "Tunggu satu menit" in response.content.decode()
    assert Notification.objects.filter(key__startswith="otc:").count() == 1


def test_the_open311_list_uses_the_same_number_of_queries_for_2_and_10_reports(
    client, citizen, village, coordinator, agency, clock
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def publish(n):
        for _ in range(n):
            report = make_report(by=citizen, village=village, files=[upload()])
            services.dispose(report=report, agency=agency, by=coordinator)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/api/complaints/open311/requests.json").status_code == 200
        return len(ctx.captured_queries)

    publish(2)
    few = count()
    publish(8)
    assert count() == few


def test_a_pdf_stays_with_staff_and_the_reporter(client, citizen, officer, regent, village, coordinator, agency, clock):
    pdf = upload("surat.pdf", content=b"%PDF-1.4\n%%EOF", content_type="application/pdf")
    report = make_report(by=citizen, village=village, files=[pdf])
    services.dispose(report=report, agency=agency, by=coordinator)
    url = reverse("complaints:attachment", args=[report.attachments.get().pk])
    assert client.get(url).status_code == 404
    assert client.get(url, {"t": report.access_token})["Content-Type"] == "application/pdf"
    client.force_login(regent)
    assert client.get(url).status_code == 404
    client.force_login(officer)
    assert client.get(url)["Content-Type"] == "application/pdf"


def test_leadership_sees_the_cleaned_copy_of_a_rahasia_reports_photo(client, regent, with_photo):
    report, attachment = with_photo
    Report.objects.filter(pk=report.pk).update(is_confidential=True)
    client.force_login(regent)
    response = client.get(reverse("complaints:attachment", args=[attachment.pk]), {"asli": "1"})
    with attachment.sanitized.open("rb") as f:
        assert read(response) == f.read()


def test_the_admin_manages_reference_data_and_only_reads_reports(client, admin_user, report, category):
    client.force_login(admin_user)
    assert client.get("/admin/complaints/category/").status_code == 200
    assert client.get(f"/admin/complaints/category/{category.pk}/change/").status_code == 200
    assert client.get("/admin/complaints/rejectionreason/add/").status_code == 200
    assert client.get(f"/admin/complaints/report/{report.pk}/change/").status_code == 200
    assert client.get("/admin/complaints/report/add/").status_code == 403
