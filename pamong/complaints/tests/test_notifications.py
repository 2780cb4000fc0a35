"""Notifications: the right people, exactly once per event, never naming an anonim reporter."""

import pytest

from pamong.accounts.models import Role
from pamong.complaints import services
from pamong.complaints.models import ReportEvent
from pamong.complaints.notifying import notify_about_event
from pamong.conftest import make_user
from pamong.notifications.models import Notification

from .conftest import make_report


def rows(event_or_prefix) -> list[tuple[str, str]]:
    prefix = event_or_prefix
    if isinstance(event_or_prefix, ReportEvent):
        prefix = f"complaint:{event_or_prefix.report_id}:event:{event_or_prefix.pk}:"
    return sorted(Notification.objects.filter(key__startswith=prefix).values_list("destination", "channel"))


def test_submission_tells_the_reporter_and_the_coordinators(coordinator, report):
    event = report.events.get()
    assert rows(event) == [("koordinator@example.id", "email"), ("warga@example.id", "email")]
    body = Notification.objects.get(key__startswith=f"complaint:{report.pk}:event:{event.pk}:reporter").body
    assert report.code in body
    assert f"/lapor/akses/{report.access_token}/" in body


def test_disposition_tells_the_reporter_and_every_officer_of_the_agency(
    report, coordinator, agency, officer, other_officer
):
    make_user(email="petugas3@example.id", role=Role.OFFICER, agency=agency)
    report = services.dispose(report=report, agency=agency, by=coordinator)
    event = report.events.get(action="dispose")
    assert rows(event) == [
        ("petugas3@example.id", "email"),
        ("petugas@example.id", "email"),
        ("warga@example.id", "email"),
    ]


def test_processing_the_same_event_again_sends_nothing_more(officer, disposed):
    event = disposed.events.get(action="dispose")
    before = Notification.objects.count()
    notify_about_event(event)
    notify_about_event(event)
    assert Notification.objects.count() == before
    assert len(rows(event)) == 2  # reporter + the one officer


def test_an_answer_reaches_the_reporter_with_its_text(accepted, officer):
    report = services.answer(report=accepted, by=officer, text="Sudah ditambal pada hari Selasa.")
    event = report.events.get(action="answer")
    (notification,) = Notification.objects.filter(key__startswith=f"complaint:{report.pk}:event:{event.pk}:")
    assert notification.destination == "warga@example.id"
    assert "Sudah ditambal pada hari Selasa." in notification.body


def test_bukan_wewenang_reaches_the_coordinators_only(accepted, officer, coordinator):
    report = services.return_to_coordinator(report=accepted, by=officer, reason="Jalan provinsi")
    assert rows(report.events.get(action="return")) == [("koordinator@example.id", "email")]


def test_internal_notes_notify_nobody(disposed, officer):
    services.add_note(report=disposed, by=officer, text="Catatan dalam")
    assert rows(disposed.events.get(action="note")) == []


def test_a_refused_step_sends_nothing(disposed, other_officer):
    before = Notification.objects.count()
    with pytest.raises(services.ComplaintError):
        services.accept(report=disposed, by=other_officer)
    assert Notification.objects.count() == before


def test_a_guest_gets_the_code_and_later_the_updates_by_sms(village, coordinator, agency, clock, monkeypatch):
    monkeypatch.setattr("pamong.accounts.services.secrets.randbelow", lambda n: 246810)
    report = make_report(by=None, village=village, contact="081234567890", guest_name="Pak Darmo")
    (code,) = Notification.objects.filter(key__startswith="otc:")
    assert (code.channel, code.destination) == ("sms", "+6281234567890")
    assert "246810" in code.body
    services.confirm_guest_report(report=report, code="246810")
    report = services.dispose(report=report, agency=agency, by=coordinator)
    assert ("+6281234567890", "sms") in rows(report.events.get(action="dispose"))


def test_staff_notifications_never_name_an_anonim_reporter(citizen, village, coordinator, agency, officer, clock):
    report = make_report(by=citizen, village=village, is_anonymous=True)
    services.dispose(report=report, agency=agency, by=coordinator)
    staff = Notification.objects.exclude(destination="warga@example.id")
    assert staff.count() == 2  # the coordinator at submission, the officer at disposition
    for notification in staff:
        assert "Siti" not in notification.body
        assert "warga@example.id" not in notification.body
