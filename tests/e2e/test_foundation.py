import pytest
from django.core.management import call_command

from pamong.accounts.models import User
from pamong.core.management.commands.demo_setup import DEMO_PASSWORD

pytestmark = pytest.mark.e2e

DEMO_EMAILS = [
    "warga@demo.pamong.id",
    "operator.desa@demo.pamong.id",
    "petugas.opd@demo.pamong.id",
    "koordinator@demo.pamong.id",
    "pimpinan@demo.pamong.id",
    "admin@demo.pamong.id",
]


@pytest.fixture
def demo(transactional_db, settings):
    settings.PAMONG_REGION = "35.22"
    call_command("demo_setup", stdout=open("/dev/null", "w"))  # noqa: SIM115 - discarded output


def sign_in(page, live_server, email):
    page.goto(f"{live_server.url}/akun/masuk/")
    page.get_by_label("Email atau nomor HP").fill(email)
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Masuk").click()


def test_every_demo_role_signs_in_through_the_browser(demo, live_server, page, screenshot):
    page.goto(live_server.url)
    assert "Kabupaten Bojonegoro" in page.title()
    screenshot("home-mobile")

    for email in DEMO_EMAILS:
        user = User.objects.get(email=email)
        sign_in(page, live_server, user.email)
        page.goto(f"{live_server.url}/akun/profil/")
        assert page.url.endswith("/akun/profil/"), (user.email, page.inner_text("main"))
        assert page.get_by_role("heading", name="Profil saya").is_visible()
        assert user.get_role_display() in page.content()
        screenshot(f"profile-{user.role}")
        with page.expect_navigation():
            page.get_by_role("button", name="Keluar").click()
        assert page.get_by_role("link", name="Masuk").first.is_visible()


def test_wrong_password_shows_an_indonesian_message(demo, live_server, page):
    page.goto(f"{live_server.url}/akun/masuk/")
    page.get_by_label("Email atau nomor HP").fill("warga@demo.pamong.id")
    page.get_by_label("Kata sandi").fill("bukan-sandinya-123")
    page.get_by_role("button", name="Masuk").click()

    assert "Email/nomor HP atau kata sandi salah." in page.get_by_role("alert").inner_text()
