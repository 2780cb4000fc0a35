"""The complaint journey in a real browser: a citizen submits, the coordinator routes, the OPD
answers, the citizen rates. Everything works without JavaScript."""

import re

import pytest
from django.core.management import call_command

from pamong.accounts.models import User
from pamong.complaints.models import Report
from pamong.core.management.commands.demo_setup import DEMO_PASSWORD

pytestmark = pytest.mark.e2e


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    settings.PAMONG_REGION = "35.22"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    call_command("demo_setup", stdout=open("/dev/null", "w"))  # noqa: SIM115 - discarded output


def sign_in(page, live_server, email):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/akun/masuk/")
    page.get_by_label("Email atau nomor HP").fill(email)
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Masuk").click()


def test_a_report_travels_from_citizen_to_opd_and_back(demo, live_server, page, screenshot):
    sign_in(page, live_server, "warga@demo.pamong.id")
    page.goto(f"{live_server.url}/lapor/kirim/")
    page.get_by_label("Judul").fill("Jembatan kayu di dusun rusak parah")
    page.get_by_label("Isi laporan").fill(
        "Papan jembatan kayu penghubung dusun patah, anak sekolah harus memutar jauh."
    )
    page.get_by_label("Desa/kelurahan lokasi").select_option(index=1)
    screenshot("complaints-submit")
    with page.expect_navigation():
        page.get_by_role("button", name="Kirim laporan").click()
    code = re.search(r"LPR-\d{4}-[0-9A-Z]{6}", page.inner_text("main")).group(0)
    screenshot("complaints-submitted")

    officer = User.objects.get(email="petugas.opd@demo.pamong.id")
    sign_in(page, live_server, "koordinator@demo.pamong.id")
    page.goto(f"{live_server.url}/lapor/staf/antrian/")
    page.get_by_role("link", name="Jembatan kayu di dusun rusak parah").click()
    page.get_by_text("Diverifikasi dan diteruskan ke OPD", exact=True).first.click()
    page.get_by_label("Perangkat daerah (OPD)").select_option(value=str(officer.agency_id))
    with page.expect_navigation():
        page.get_by_role("button", name="Diverifikasi dan diteruskan ke OPD").click()
    assert "Diteruskan ke OPD" in page.inner_text("main")

    sign_in(page, live_server, officer.email)
    page.goto(f"{live_server.url}/lapor/staf/kotak-masuk/")
    page.get_by_role("link", name="Jembatan kayu di dusun rusak parah").click()
    page.get_by_text("Diterima OPD", exact=True).first.click()
    with page.expect_navigation():
        page.get_by_role("button", name="Diterima OPD").click()
    page.get_by_text("Ditanggapi", exact=True).first.click()
    page.get_by_label("Tanggapan untuk pelapor").fill("Papan jembatan sudah diganti oleh tim UPT hari ini.")
    with page.expect_navigation():
        page.get_by_role("button", name="Ditanggapi").click()
    screenshot("complaints-workspace")

    sign_in(page, live_server, "warga@demo.pamong.id")
    page.goto(f"{live_server.url}/lapor/r/{code}/")
    assert "Papan jembatan sudah diganti" in page.inner_text("main")
    page.get_by_label("Sangat Puas").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Terima jawaban dan beri penilaian").click()
    screenshot("complaints-rated")

    report = Report.objects.get(code=code)
    assert report.status == Report.Status.CLOSED
    assert report.rating.score == 4
    assert list(report.events.values_list("action", flat=True)) == ["submit", "dispose", "accept", "answer", "close"]
