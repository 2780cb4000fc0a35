"""Seed data and the periodic commands."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command

from pamong.complaints.models import Category, Rating, RejectionReason, Report
from pamong.complaints.seed import seed_demo_reports, seed_reference_data

from .conftest import MONDAY


def test_reference_data_maps_categories_to_the_opds_that_exist_and_is_idempotent(agency):
    created = seed_reference_data()
    assert created["rejection_reasons"] == 5
    assert Category.objects.get(name="Jalan berlubang").default_agency == agency
    assert Category.objects.get(name="Pelayanan obat").default_agency is None  # no Dinkes in this database
    dispute = Category.objects.get(name="Sengketa dengan pemeriksaan lapangan")
    assert (dispute.follow_up_days, dispute.follow_up_unit) == (60, "calendar")
    assert seed_reference_data() == {"categories": 0, "rejection_reasons": 0}
    assert set(RejectionReason.objects.values_list("code", flat=True)) == {
        "tidak-jelas",
        "terlalu-umum",
        "bukan-kinerja",
        "duplikat",
        "kasar",
    }


def test_demo_reports_go_through_the_workflow(village, agency, officer, coordinator, clock):
    reports = seed_demo_reports(count=12)
    assert len(reports) == 12
    statuses = sorted(Report.objects.values_list("status", flat=True))
    # Six stages in turn; PUBMPR (the only OPD with an officer here) stands in for missing OPDs.
    assert statuses == sorted(["submitted", "disposed", "in_progress", "answered", "closed", "disposed"] * 2)
    assert Rating.objects.count() == 2
    assert Report.objects.filter(due_at__lt=MONDAY).count() == 2  # the overdue ones
    assert seed_demo_reports(count=12) == []
    assert Report.objects.count() == 12


def test_the_overdue_command_escalates_once(disposed, officer, clock):
    clock(MONDAY + timedelta(days=8))
    out = StringIO()
    call_command("escalate_overdue_reports", stdout=out)
    call_command("escalate_overdue_reports", stdout=out)
    assert out.getvalue() == "1 laporan dieskalasi.\n0 laporan dieskalasi.\n"


def test_the_auto_close_command_closes_stale_answers(answered, clock):
    clock(MONDAY + timedelta(days=11))
    out = StringIO()
    call_command("close_stale_reports", stdout=out)
    assert out.getvalue() == "1 laporan ditutup otomatis.\n"
    answered.refresh_from_db()
    assert answered.status == Report.Status.CLOSED
