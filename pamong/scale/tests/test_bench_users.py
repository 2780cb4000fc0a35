"""bench_users: staff through create_staff_user, the busiest OPD's officer and the most populous
village's operator, working sessions, a deterministic NIK sample."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from pamong.accounts.models import Role, User
from pamong.agencies.models import Agency
from pamong.complaints.models import Report
from pamong.villages.models import Resident

INBOX = [Report.Status.DISPOSED, Report.Status.ACCEPTED, Report.Status.IN_PROGRESS]


@pytest.fixture
def bench_data(db, settings, tmp_path):
    settings.DEBUG = True
    call_command("generate_regency", reports=300, citizens=40, residents=1200, until="2026-11-20")
    return run_bench_users(tmp_path / "sessions.json")


def run_bench_users(out, **options) -> dict:
    call_command("bench_users", out=str(out), **options)
    return json.loads(out.read_text())


def living_niks(village_code: str) -> list[str]:
    return sorted(Resident.objects.filter(village=village_code, status="hidup").values_list("nik", flat=True))


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
        "village_operator": f"/desa/kelola/{bench_data['busy_village']['code']}/penduduk/",
    }
    for persona, url in pages.items():
        client.cookies["sessionid"] = bench_data["sessions"][persona]
        assert client.get(url).status_code == 200, persona


def test_a_second_run_reuses_the_personas(bench_data, tmp_path):
    before = User.objects.count()
    call_command("bench_users", out=str(tmp_path / "again.json"))
    assert User.objects.count() == before


def test_the_village_operator_keeps_the_village_with_the_most_living_residents(bench_data):
    counts = Resident.objects.filter(status="hidup").values("village").annotate(n=Count("pk")).order_by("-n", "village")
    busiest = counts.first()
    operator = User.objects.get(email="operator@bench.pamong.test")
    assert (operator.role, operator.village_id) == (Role.VILLAGE_OPERATOR, busiest["village"])
    assert (bench_data["busy_village"]["code"], bench_data["busy_village"]["residents"]) == (
        busiest["village"], busiest["n"]
    )  # fmt: skip
    # Fewer living residents there than the 1,000 asked for: all of them, in NIK order.
    assert bench_data["niks"] == living_niks(busiest["village"])


def test_the_nik_sample_is_evenly_spread_and_the_same_every_run(bench_data, tmp_path):
    first = run_bench_users(tmp_path / "a.json", niks=3)
    second = run_bench_users(tmp_path / "b.json", niks=3)
    everyone = living_niks(bench_data["busy_village"]["code"])
    n = len(everyone)
    assert first["niks"] == second["niks"] == [everyone[0], everyone[n // 3], everyone[2 * n // 3]]


def test_without_residents_the_village_operator_is_left_out(db, settings, tmp_path):
    settings.DEBUG = True
    call_command("generate_regency", reports=300, citizens=40, residents=0, until="2026-11-20")
    data = run_bench_users(tmp_path / "s.json")
    assert (data["busy_village"], data["niks"], "village_operator" in data["sessions"]) == (None, [], False)
    assert not User.objects.filter(email="operator@bench.pamong.test").exists()


def test_refuses_a_negative_sample_size(bench_data, tmp_path):
    before = User.objects.count()
    with pytest.raises(CommandError, match="--niks tidak boleh negatif"):
        call_command("bench_users", out=str(tmp_path / "x.json"), niks=-1)
    assert User.objects.count() == before
    assert not (tmp_path / "x.json").exists()


def test_refuses_a_database_without_reports_at_an_opd(db, settings, tmp_path):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="generate_regency"):
        call_command("bench_users", out=str(tmp_path / "s.json"))
    assert User.objects.count() == 0
