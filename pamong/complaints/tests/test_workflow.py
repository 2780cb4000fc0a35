"""Every workflow step, and for each refusal: a clear message and nothing changed."""

from datetime import timedelta

import pytest
from django.forms.models import model_to_dict

from pamong.agencies.models import Agency
from pamong.audit.models import Event as AuditEvent
from pamong.complaints import queries, services, sweeps
from pamong.complaints.models import Rating, Report, ReportEvent
from pamong.complaints.transitions import TRANSITIONS, Action

S = Report.Status


def snapshot(report: Report) -> tuple:
    report.refresh_from_db()
    return (
        model_to_dict(report),
        ReportEvent.objects.filter(report=report).count(),
        AuditEvent.objects.filter(object_type="complaints.report", object_id=str(report.pk)).count(),
    )


def refused(call, report, match):
    before = snapshot(report)
    with pytest.raises(services.ComplaintError, match=match):
        call()
    assert snapshot(report) == before


def last_event(report) -> ReportEvent:
    return ReportEvent.objects.filter(report=report).order_by("-at", "-id").first()


def test_coordinator_disposes_to_an_opd_and_the_opd_clock_starts(report, coordinator, agency, category):
    report = services.dispose(report=report, agency=agency, by=coordinator, note="Segera")
    assert report.status == S.DISPOSED
    assert report.agency == agency
    assert report.verified_at is not None
    event = last_event(report)
    assert (event.action, event.from_status, event.to_status, event.actor, event.note, event.agency) == (
        "dispose",
        "submitted",
        "disposed",
        coordinator,
        "Segera",
        agency,
    )
    assert AuditEvent.objects.filter(action="complaints.dispose", object_id=str(report.pk)).count() == 1


def test_coordinator_can_set_anonim_and_rahasia_while_disposing(report, coordinator, agency):
    report = services.dispose(report=report, agency=agency, by=coordinator, is_anonymous=True, is_confidential=True)
    report.refresh_from_db()
    assert (report.is_anonymous, report.is_confidential) == (True, True)


def test_citizen_cannot_dispose_and_nothing_changes(report, citizen, agency):
    refused(lambda: services.dispose(report=report, agency=agency, by=citizen), report, "tidak berwenang")


def test_officer_cannot_dispose(report, officer, agency):
    refused(lambda: services.dispose(report=report, agency=agency, by=officer), report, "tidak berwenang")


def test_leadership_is_read_only(disposed, regent):
    refused(lambda: services.accept(report=disposed, by=regent), disposed, "tidak berwenang")
    refused(lambda: services.add_note(report=disposed, by=regent, text="Catatan"), disposed, "tidak berwenang")


def test_hold_records_the_reason_and_pauses(report, coordinator):
    report = services.hold(report=report, by=coordinator, reason="Menunggu data tambahan dari pelapor")
    assert report.status == S.ON_HOLD
    assert report.paused_from_status == S.SUBMITTED
    assert last_event(report).reason == "Menunggu data tambahan dari pelapor"


def test_hold_without_a_reason_is_refused(report, coordinator):
    refused(lambda: services.hold(report=report, by=coordinator, reason=" "), report, "Alasan penundaan wajib")


def test_resume_returns_to_the_state_before_the_hold(disposed, coordinator):
    services.hold(report=disposed, by=coordinator, reason="Klarifikasi lapangan")
    report = services.resume(report=disposed, by=coordinator)
    assert report.status == S.DISPOSED
    assert (report.paused_at, report.paused_from_status) == (None, "")


def test_reject_uses_a_reason_from_the_managed_list(report, coordinator, rejection_reason):
    report = services.reject(report=report, by=coordinator, reason=rejection_reason, note="Sama dengan LPR lain")
    assert report.status == S.REJECTED
    assert report.due_at is None
    event = last_event(report)
    assert (event.rejection_reason, event.reason) == (rejection_reason, "Duplikat laporan lain")


def test_an_inactive_rejection_reason_is_refused(report, coordinator, rejection_reason):
    rejection_reason.is_active = False
    rejection_reason.save()
    refused(lambda: services.reject(report=report, by=coordinator, reason=rejection_reason), report, "alasan")


def test_a_disposed_report_cannot_be_rejected(disposed, coordinator, rejection_reason):
    refused(
        lambda: services.reject(report=disposed, by=coordinator, reason=rejection_reason),
        disposed,
        "tidak dapat dilakukan pada laporan berstatus",
    )


def test_officer_accepts_starts_and_answers(disposed, officer):
    report = services.accept(report=disposed, by=officer)
    assert (report.status, report.handler) == (S.ACCEPTED, officer)
    report = services.start(report=report, by=officer)
    assert report.status == S.IN_PROGRESS
    report = services.answer(report=report, by=officer, text="Sudah diperbaiki pada hari Selasa.")
    assert report.status == S.ANSWERED
    assert report.answered_at is not None
    assert report.due_at is None
    assert last_event(report).note == "Sudah diperbaiki pada hari Selasa."


def test_an_answer_can_carry_an_evidence_photo(accepted, officer):
    from .conftest import upload

    report = services.answer(report=accepted, by=officer, text="Sudah ditambal, foto terlampir.", evidence=upload())
    evidence = report.attachments.get()
    assert evidence.kind == "evidence"
    assert evidence.event == last_event(report)
    assert evidence.sanitized


def test_an_empty_answer_is_refused(accepted, officer):
    refused(lambda: services.answer(report=accepted, by=officer, text=""), accepted, "Tanggapan wajib")


def test_officer_of_another_agency_cannot_act_on_the_report(disposed, other_officer):
    refused(lambda: services.accept(report=disposed, by=other_officer), disposed, "tidak berwenang")
    refused(
        lambda: services.return_to_coordinator(report=disposed, by=other_officer, reason="Bukan kami"),
        disposed,
        "tidak berwenang",
    )
    refused(lambda: services.add_note(report=disposed, by=other_officer, text="Intip"), disposed, "tidak berwenang")


def test_an_answer_before_acceptance_is_refused(disposed, officer):
    refused(
        lambda: services.answer(report=disposed, by=officer, text="Jawaban terlalu dini untuk laporan ini."),
        disposed,
        "tidak dapat dilakukan",
    )


def test_bukan_wewenang_sends_the_report_back_to_the_coordinator(accepted, officer):
    report = services.return_to_coordinator(report=accepted, by=officer, reason="Jalan provinsi, bukan kabupaten")
    assert report.status == S.RETURNED
    assert (report.agency, report.handler) == (None, None)
    assert report.due_at is not None
    assert last_event(report).reason == "Jalan provinsi, bukan kabupaten"


def test_coordinator_re_disposes_a_returned_report(accepted, officer, coordinator, other_agency):
    services.return_to_coordinator(report=accepted, by=officer, reason="Bukan wewenang kami")
    report = services.dispose(report=accepted, agency=other_agency, by=coordinator)
    assert (report.status, report.agency) == (S.DISPOSED, other_agency)


def test_coordinator_can_re_dispose_while_the_opd_works(accepted, coordinator, other_agency):
    report = services.dispose(report=accepted, agency=other_agency, by=coordinator)
    assert (report.status, report.agency, report.handler) == (S.DISPOSED, other_agency, None)


def test_coordinator_can_dispose_a_held_report_and_the_pause_ends(report, coordinator, agency):
    services.hold(report=report, by=coordinator, reason="Menunggu foto tambahan")
    report = services.dispose(report=report, agency=agency, by=coordinator)
    assert (report.status, report.paused_at, report.paused_from_status) == (S.DISPOSED, None, "")


def test_officer_forwards_to_a_sub_unit_keeping_the_deadline(accepted, officer, sub_unit):
    due = accepted.due_at
    report = services.forward(report=accepted, by=officer, unit=sub_unit)
    assert (report.status, report.agency, report.due_at) == (S.DISPOSED, sub_unit, due)


def test_forwarding_to_a_unit_of_another_agency_is_refused(accepted, officer, other_agency):
    refused(lambda: services.forward(report=accepted, by=officer, unit=other_agency), accepted, "unit kerja")


def test_parent_agency_officer_still_works_a_forwarded_report(accepted, officer, sub_unit):
    services.forward(report=accepted, by=officer, unit=sub_unit)
    report = services.accept(report=accepted, by=officer)
    assert report.status == S.ACCEPTED


def test_reporter_accepts_the_answer_and_rates_it(answered, citizen, agency):
    report = services.close_with_rating(report=answered, by=citizen, score=3, comment="Terima kasih")
    assert report.status == S.CLOSED
    rating = Rating.objects.get(report=report)
    assert (rating.score, rating.get_score_display(), rating.agency) == (3, "Puas", agency)


def test_a_guest_rates_through_the_private_link_token(answered):
    report = services.close_with_rating(report=answered, by=None, token=answered.access_token, score=1)
    assert report.status == S.CLOSED


def test_someone_else_cannot_rate_the_report(answered, other_citizen):
    refused(lambda: services.close_with_rating(report=answered, by=other_citizen, score=4), answered, "tidak berwenang")
    refused(lambda: services.close_with_rating(report=answered, by=None, token="x" * 43, score=4), answered, "tidak")
    assert Rating.objects.count() == 0


def test_an_invalid_score_is_refused(answered, citizen):
    refused(lambda: services.close_with_rating(report=answered, by=citizen, score=5), answered, "Pilih penilaian")


def test_reporter_reply_reopens_the_report_with_a_new_deadline(answered, citizen, clock):
    from .conftest import MONDAY

    clock(MONDAY + timedelta(days=1))
    report = services.reply(report=answered, by=citizen, text="Lubangnya masih ada di sisi utara jalan.")
    assert report.status == S.IN_PROGRESS
    assert report.due_at == MONDAY + timedelta(days=8)  # Tuesday + 5 working days = next Tuesday


def test_a_reply_after_the_reaction_window_is_refused(answered, citizen, clock):
    from .conftest import MONDAY

    clock(MONDAY + timedelta(days=11))
    refused(
        lambda: services.reply(report=answered, by=citizen, text="Masih rusak, mohon dicek kembali."),
        answered,
        "sudah lewat",
    )


def test_answered_reports_close_by_themselves_after_the_reaction_window(answered, clock):
    from .conftest import MONDAY

    clock(MONDAY + timedelta(days=9))
    assert sweeps.close_stale_reports() == 0
    clock(MONDAY + timedelta(days=11))
    assert sweeps.close_stale_reports() == 1
    assert sweeps.close_stale_reports() == 0
    answered.refresh_from_db()
    assert answered.status == S.CLOSED
    assert last_event(answered).action == "auto_close"
    assert last_event(answered).actor is None


def test_internal_notes_are_internal_and_keep_the_status(disposed, officer):
    report = services.add_note(report=disposed, by=officer, text="Cek anggaran pemeliharaan")
    event = last_event(report)
    assert (report.status, event.action, event.is_internal) == (S.DISPOSED, "note", True)


def test_coordinator_escalates_by_hand(disposed, coordinator):
    report = services.escalate(report=disposed, by=coordinator, note="Sorotan media")
    assert (report.status, last_event(report).action, last_event(report).is_internal) == (S.DISPOSED, "escalate", True)


def test_closed_reports_accept_no_more_steps(answered, citizen, coordinator, agency, officer):
    services.close_with_rating(report=answered, by=citizen, score=4)
    refused(lambda: services.dispose(report=answered, agency=agency, by=coordinator), answered, "tidak dapat")
    refused(lambda: services.escalate(report=answered, by=coordinator), answered, "tidak dapat")
    refused(lambda: services.reply(report=answered, by=citizen, text="Sebenarnya belum selesai."), answered, "tidak")


def test_report_events_are_append_only(report):
    event = ReportEvent.objects.get(report=report)
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        ReportEvent.objects.filter(pk=event.pk).update(note="x")
    with pytest.raises(TypeError):
        ReportEvent.objects.filter(pk=event.pk).delete()


def test_every_transition_names_known_states_and_actors():
    states = set(S.values)
    for (state, action), step in TRANSITIONS.items():
        assert state in states
        assert step.to is None or step.to in states
        assert step.actors <= {"reporter", "coordinator", "officer", "system"}
        assert action in vars(Action).values()


def test_a_report_forwarded_two_levels_down_stays_in_the_dinas_inbox(accepted, officer, sub_unit):
    section = Agency.objects.create(code="seksi-jembatan", name="Seksi Jembatan", kind=Agency.Kind.UPT, parent=sub_unit)
    services.forward(report=accepted, by=officer, unit=sub_unit)
    services.forward(report=Report.objects.get(pk=accepted.pk), by=officer, unit=section)

    assert list(queries.agency_inbox(officer.agency).values_list("pk", flat=True)) == [accepted.pk]
    assert list(queries.agency_inbox(section).values_list("pk", flat=True)) == [accepted.pk]
    assert list(queries.agency_inbox(sub_unit).values_list("pk", flat=True)) == [accepted.pk]
