"""Deadlines on the working-day calendar: weekends, holidays, overrides, pauses, escalation."""

from datetime import date, datetime, timedelta

import pytest

from pamong.complaints import services, sweeps
from pamong.complaints.deadlines import DUE_SOON, ON_TIME, OVERDUE, PAUSED, Clock
from pamong.complaints.models import Category, DaysUnit, Report, ReportEvent
from pamong.notifications.models import Notification
from pamong.workdays.models import DayOff

from .conftest import MONDAY, WIB, make_report

THURSDAY = MONDAY.replace(day=5)


def at(day: int, hour: int = 9) -> datetime:
    return datetime(2026, 3, day, hour, 0, tzinfo=WIB)


def test_verification_deadline_skips_the_weekend(citizen, village, clock):
    clock(THURSDAY)
    report = make_report(by=citizen, village=village)
    assert report.due_at == at(10)  # Thu + 3 working days = Tue


def test_verification_deadline_skips_a_regency_day_off(citizen, village, clock):
    DayOff.objects.create(date=date(2026, 3, 9), name="Cuti bersama uji")
    clock(THURSDAY)
    report = make_report(by=citizen, village=village)
    assert report.due_at == at(11)


def test_verification_deadline_skips_a_national_holiday(citizen, village, clock):
    clock(at(18))  # Wednesday before Nyepi (Thu 19 March 2026)
    report = make_report(by=citizen, village=village)
    assert report.due_at == at(24)  # Fri 20, Mon 23, Tue 24


def test_opd_has_five_working_days_from_disposition(report, coordinator, agency, clock):
    clock(at(3))
    report = services.dispose(report=report, agency=agency, by=coordinator)
    assert report.due_at == at(10)
    assert ReportEvent.objects.filter(report=report, action="dispose").get().due_at == at(10)


def test_information_requests_get_ten_working_days_and_one_seven_day_extension(
    citizen, village, coordinator, agency, officer, clock
):
    report = make_report(by=citizen, village=village, type=Report.Type.INFORMATION)
    report = services.dispose(report=report, agency=agency, by=coordinator)
    assert report.due_at == at(16)
    services.accept(report=report, by=officer)
    report = services.extend(report=report, by=officer, reason="Data masih dihimpun dari bidang")
    assert report.due_at == at(26)  # 7 working days after Mon 16 March, skipping Nyepi and a weekend
    before = report.due_at
    with pytest.raises(services.ComplaintError, match="tidak dapat diperpanjang"):
        services.extend(report=report, by=officer, reason="Sekali lagi")
    report.refresh_from_db()
    assert report.due_at == before


def test_complaints_cannot_be_extended(accepted, officer):
    with pytest.raises(services.ComplaintError, match="tidak dapat diperpanjang"):
        services.extend(report=accepted, by=officer, reason="Butuh waktu")
    accepted.refresh_from_db()
    assert accepted.extended is False


def test_a_category_override_in_calendar_days_wins_over_the_type_rule(citizen, village, coordinator, agency, clock):
    dispute = Category.objects.create(
        name="Sengketa tanpa pemeriksaan lapangan", follow_up_days=14, follow_up_unit=DaysUnit.CALENDAR
    )
    report = make_report(by=citizen, village=village, category=dispute)
    report = services.dispose(report=report, agency=agency, by=coordinator)
    assert report.due_at == MONDAY + timedelta(days=14)


def test_the_clock_stops_on_hold_and_the_deadline_moves_by_the_working_days_spent(disposed, coordinator, clock):
    assert disposed.due_at == at(9)
    clock(at(3))
    services.hold(report=disposed, by=coordinator, reason="Menunggu klarifikasi")
    clock(at(5))
    report = services.resume(report=disposed, by=coordinator)
    assert report.due_at == at(11)  # two working days on hold (Wed, Thu)


def test_a_hold_over_a_weekend_costs_only_working_days(disposed, coordinator, clock):
    clock(at(6))  # Friday
    services.hold(report=disposed, by=coordinator, reason="Menunggu klarifikasi")
    clock(at(9))  # Monday
    report = services.resume(report=disposed, by=coordinator)
    assert report.due_at == at(10)


def test_computed_deadline_states(disposed, coordinator):
    assert Clock(now=at(2), soon=at(3)).state(disposed) == ON_TIME
    assert Clock(now=at(6), soon=at(9)).state(disposed) == DUE_SOON
    assert Clock(now=at(9, 10), soon=at(10, 10)).state(disposed) == OVERDUE
    services.hold(report=disposed, by=coordinator, reason="Tunda")
    assert Clock(now=at(20), soon=at(23)).state(disposed) == PAUSED


def test_clock_current_uses_one_working_day_for_due_soon(db, clock):
    clock(at(6))  # Friday: one working day later is Monday
    assert Clock.current() == Clock(now=at(6), soon=at(9))


def test_answered_and_closed_reports_have_no_deadline_state(answered):
    assert Clock(now=at(30), soon=at(31)).state(answered) is None


def test_overdue_reports_escalate_to_the_opd_then_up_the_chain_once_per_level(
    disposed, officer, coordinator, regent, clock
):
    Notification.objects.all().delete()
    clock(at(9, 8))
    assert sweeps.escalate_overdue_reports() == 0  # due 09:00, not yet late

    clock(at(9, 10))
    assert sweeps.escalate_overdue_reports() == 1
    assert sweeps.escalate_overdue_reports() == 0
    disposed.refresh_from_db()
    assert disposed.escalation_level == 1
    assert sorted(Notification.objects.values_list("user__email", flat=True)) == ["petugas@example.id"]

    clock(at(11, 10))  # two working days late
    assert sweeps.escalate_overdue_reports() == 1
    assert sweeps.escalate_overdue_reports() == 0
    assert sorted(Notification.objects.values_list("user__email", flat=True)) == [
        "bupati@example.id",
        "koordinator@example.id",
        "petugas@example.id",
        "petugas@example.id",
    ]
    assert list(ReportEvent.objects.filter(report=disposed, action="escalate").values_list("actor", "is_internal")) == [
        (None, True),
        (None, True),
    ]


def test_a_re_disposed_report_can_escalate_again_for_its_new_deadline(disposed, coordinator, other_agency, clock):
    clock(at(9, 10))
    sweeps.escalate_overdue_reports()
    services.dispose(report=disposed, agency=other_agency, by=coordinator)
    disposed.refresh_from_db()
    assert disposed.escalation_level == 0
    clock(at(16, 11))  # the new deadline was Mon 16 March 10:00
    assert sweeps.escalate_overdue_reports() == 1


def test_held_reports_do_not_escalate(disposed, coordinator, clock):
    services.hold(report=disposed, by=coordinator, reason="Tunda")
    clock(at(20))
    assert sweeps.escalate_overdue_reports() == 0
