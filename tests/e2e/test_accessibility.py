"""axe-core on the main pages, public and staff, in a real browser: no serious or critical violation.

axe-core comes from npm (package.json at the repository root; `npm ci` installs it) and is
injected into each page by Playwright. The pages' Content-Security-Policy forbids scripts
that are not the site's own, so these pages run in a browser context that bypasses CSP; the
pages themselves are unchanged.
"""

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from pamong.core.management.commands.demo_setup import DEMO_PASSWORD

pytestmark = pytest.mark.e2e

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}
VIEWPORTS = {"ponsel": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    settings.PAMONG_REGION = "35.22"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    call_command("demo_setup", stdout=open("/dev/null", "w"))  # noqa: SIM115 - discarded output


@pytest.fixture
def axe_page(browser):
    if not AXE.exists():
        pytest.fail(f"axe-core tidak ditemukan di {AXE}. Pasang dengan: npm ci", pytrace=False)
    context = browser.new_context(bypass_csp=True, locale="id-ID", viewport=VIEWPORTS["ponsel"])
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def serious_violations(page, url: str) -> list[str]:
    """Open ``url`` at each viewport and return axe's serious and critical findings, one line each."""
    found = []
    for viewport_name, size in VIEWPORTS.items():
        page.set_viewport_size(size)
        response = page.goto(url)
        assert response is not None and response.status < 500, f"{url} answered {response and response.status}"
        page.add_script_tag(path=str(AXE))
        results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        for violation in results["violations"]:
            if violation["impact"] not in BLOCKING:
                continue
            targets = [json.dumps(node["target"]) for node in violation["nodes"]]
            found.append(
                f"{url} [{viewport_name}] {violation['id']} ({violation['impact']}): {violation['help']}"
                f" — {len(targets)} elemen: {', '.join(targets[:8])}"
            )
    return found


def sign_in(page, base_url: str, email: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base_url}/akun/masuk/")
    page.get_by_label("Email atau nomor HP").fill(email)
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Masuk").click()


def _report_codes() -> tuple[str, str]:
    """A public report (for its public page) and any report (for the staff workspace)."""
    from pamong.complaints import queries
    from pamong.complaints.models import Report

    public = queries.public_reports().order_by("created_at", "id").values_list("code", flat=True).first()
    any_report = Report.objects.order_by("created_at", "id").values_list("code", flat=True).first()
    assert public and any_report, "demo_setup should have made public reports"
    return public, any_report


# Pages grouped so that each test stays short: (who is signed in, the pages). {public} and
# {any} stand for a public report's code and any report's code from the demo data.
PAGE_GROUPS = {
    "beranda-dan-akun": (None, ["/", "/akun/masuk/", "/akun/daftar/", "/halaman-yang-tidak-ada/"]),
    "lapor": (None, ["/lapor/kirim/", "/lapor/", "/lapor/r/{public}/"]),
    "lacak": (None, ["/lapor/lacak/", "/lapor/lacak/?code={public}"]),
    "koordinator": ("koordinator@demo.pamong.id", ["/lapor/staf/antrian/", "/lapor/staf/r/{any}/"]),
    "opd": ("petugas.opd@demo.pamong.id", ["/lapor/staf/kotak-masuk/"]),
    "pimpinan": ("pimpinan@demo.pamong.id", ["/lapor/pimpinan/"]),
}


@pytest.mark.parametrize("group", PAGE_GROUPS)
def test_main_pages_have_no_serious_or_critical_accessibility_violations(demo, live_server, axe_page, group):
    email, paths = PAGE_GROUPS[group]
    public_code, any_code = _report_codes()
    if email:
        sign_in(axe_page, live_server.url, email)

    found = []
    for path in paths:
        url = live_server.url + path.format(public=public_code, any=any_code)
        found += serious_violations(axe_page, url)

    assert not found, "axe-core: pelanggaran aksesibilitas serius/kritis:\n" + "\n".join(found)
