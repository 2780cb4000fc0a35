"""bench_users: staff through create_staff_user, the busiest OPD's officer, working sessions."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from pamong.accounts.models import Role, User
from pamong.agencies.models import Agency
from pamong.complaints.models import Report

INBOX = [Report.Status.DISPOSED, Report.Status.ACCEPTED, Report.Status.IN_PROGRESS]


@pytest.fixture
def bench_data(db, settings, tmp_path):
    settings.DEBUG = True
    call_command("generate_regency", reports=300, citizens=40, until="2026-11-20")
    out = tmp_path / "sessions.json"
    call_command("bench_users", out=str(out))
    return json.loads(out.read_text())


def test_the_officer_works_for_the_agency_with_the_most_open_reports(bench_data):
    counts = Agency.objects.filter(reports__status__in=INBOX).annotate(n=Count("reports")).order_by("-n", "pk")
    busiest = counts.first()
    officer = User.objects.get(email="petugas@bench.pamong.test")
    assert (officer.role, officer.agency_id) == (Role.OFFICER, busiest.pk)
    assert bench_data["busy_agency"] == {"id": busiest.pk, "name": busiest.name, "open_reports": busiest.n}


def test_each_persona_session_opens_its_page(bench_data, client):
    pages = {
        "coordinator": "/lapor/staf/antrian/",
        "officer": "/lapor/staf/kotak-masuk/",
        "leadership": "/lapor/pimpinan/",
        "citizen": "/lapor/saya/",
    }
    for persona, url in pages.items():
        client.cookies["sessionid"] = bench_data["sessions"][persona]
        assert client.get(url).status_code == 200, persona


def test_a_second_run_reuses_the_personas(bench_data, tmp_path):
    before = User.objects.count()
    call_command("bench_users", out=str(tmp_path / "again.json"))
    assert User.objects.count() == before


def test_refuses_a_database_without_reports_at_an_opd(db, settings, tmp_path):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="generate_regency"):
        call_command("bench_users", out=str(tmp_path / "s.json"))
    assert User.objects.count() == 0
