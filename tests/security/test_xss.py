"""Stored and reflected XSS, and whitelisted sort/filter parameters.

Every free-text field a person controls is filled with a payload that names the field; each
page that shows the field must show it escaped (the escaped payload is there, the raw one is
not), and no page may carry a ``javascript:`` URL in an attribute. The JSON API returns the
text unchanged as data, in a JSON response that browsers do not sniff as HTML.
"""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from pamong.accounts.models import User
from pamong.complaints import services
from pamong.complaints.models import Category, Report

from .conftest import BODY, GUEST_CONTACT, client_as, make_report


def payload(field: str) -> str:
    return f"<script>alert('{field}')</script>\"><img src=x onerror=alert('{field}')> javascript:alert('{field}')"


RAW_MARKERS = ("<script>alert(", "<img src=x onerror")
JS_URL = re.compile(r"""(href|src|action|formaction)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)


@pytest.fixture
def stored(world):
    """One report of a citizen whose name is hostile, with hostile text in every step."""
    u = world.users
    User.objects.filter(pk=u["owner"].pk).update(full_name=payload("nama"))
    u["owner"].refresh_from_db()
    world.category.name = payload("kategori")
    world.category.save()
    report = make_report(
        by=u["owner"],
        village=world.village,
        category=world.category,
        title=payload("judul"),
        body=payload("isi") + " " + BODY,
        address=payload("alamat"),
    )
    services.dispose(report=report, agency=world.agency, by=u["coordinator"], note=payload("disposisi"))
    services.hold(report=report, by=u["coordinator"], reason=payload("tunda"))
    services.resume(report=report, by=u["coordinator"])
    services.accept(report=report, by=u["officer"])
    services.add_note(report=report, by=u["officer"], text=payload("catatan"))
    services.return_to_coordinator(report=report, by=u["officer"], reason=payload("kembali"))
    services.dispose(report=report, agency=world.agency, by=u["coordinator"])
    services.accept(report=report, by=u["officer"])
    services.answer(report=report, by=u["officer"], text=payload("jawaban-awal"))
    services.reply(report=report, by=u["owner"], text=payload("balasan"))
    services.answer(report=report, by=u["officer"], text=payload("jawaban"))
    services.close_with_rating(report=report, by=u["owner"], score=1, comment=payload("nilai"))
    # A report taken by phone for a citizen who gave a hostile name, waiting in the queue.
    intake = services.submit_report(
        by=u["coordinator"],
        on_behalf=True,
        type=Report.Type.ASPIRATION,
        title=payload("judul-antrean"),
        body=BODY,
        village=world.village,
        channel=Report.Channel.PHONE,
        guest_name=payload("tamu"),
        contact=GUEST_CONTACT,
    )
    world.reports["xss"], world.reports["intake"] = report, intake
    return world


def assert_escaped(html: str, fields: list[str], where: str) -> None:
    for marker in RAW_MARKERS:
        assert marker not in html, f"{where}: {marker!r} tidak di-escape"
    assert not JS_URL.search(html), f"{where}: URL javascript: di atribut"
    missing = [f for f in fields if escape(payload(f)) not in html]
    assert not missing, f"{where}: isian tidak tampil (ter-escape): {missing}"


PUBLIC_TIMELINE = ["tunda", "kembali", "jawaban-awal", "jawaban"]


def test_the_public_list_and_detail_show_every_field_escaped(shared_client, stored):
    client = client_as(shared_client, None)
    code = stored.reports["xss"].code

    listing = client.get(reverse("complaints:list")).content.decode()
    detail = client.get(reverse("complaints:detail", args=[code])).content.decode()
    tracked = client.get(reverse("complaints:track"), {"code": code}).content.decode()

    assert_escaped(listing, ["judul", "kategori"], "daftar publik")
    assert_escaped(detail, ["judul", "isi", "alamat", "kategori", *PUBLIC_TIMELINE], "rincian publik")
    assert_escaped(tracked, ["judul", "isi", "alamat", *PUBLIC_TIMELINE], "lacak")
    # Staff notes, the reporter's own words and name never reach the public page at all.
    for private in ("nama", "catatan", "disposisi", "balasan", "nilai"):
        assert escape(payload(private)) not in detail


def test_the_reporters_pages_show_every_field_escaped(shared_client, stored):
    client = client_as(shared_client, stored.users["owner"])
    report = stored.reports["xss"]

    private = client.get(reverse("complaints:private", args=[report.access_token])).content.decode()
    mine = client.get(reverse("complaints:mine")).content.decode()
    profile = client.get(reverse("accounts:profile")).content.decode()

    assert_escaped(private, ["judul", "isi", "alamat", *PUBLIC_TIMELINE, "disposisi", "balasan", "nilai"], "pribadi")
    assert_escaped(mine, ["judul"], "laporan saya")
    assert_escaped(profile, ["nama"], "profil")
    assert escape(payload("catatan")) not in private


@pytest.mark.parametrize("persona", ["coordinator", "officer", "leadership"])
def test_the_staff_workspace_shows_every_field_escaped(shared_client, stored, persona):
    client = client_as(shared_client, stored.users[persona])
    report = stored.reports["xss"]

    html = client.get(reverse("complaints:workspace", args=[report.code])).content.decode()

    every = ["judul", "isi", "alamat", "kategori", "nama", "disposisi", "catatan", *PUBLIC_TIMELINE, "balasan"]
    assert_escaped(html, [*every, "nilai"], f"ruang kerja ({persona})")


def test_the_coordinators_queue_and_intake_workspace_show_the_guest_name_escaped(shared_client, stored):
    client = client_as(shared_client, stored.users["coordinator"])
    intake = stored.reports["intake"]

    queue = client.get(reverse("complaints:queue")).content.decode()
    workspace = client.get(reverse("complaints:workspace", args=[intake.code])).content.decode()

    assert_escaped(queue, ["judul-antrean"], "antrean")
    assert_escaped(workspace, ["judul-antrean", "tamu"], "ruang kerja laporan telepon")


def test_the_admin_shows_hostile_names_and_titles_escaped(shared_client, stored):
    client = client_as(shared_client, stored.users["admin"])

    users = client.get(reverse("admin:accounts_user_changelist")).content.decode()
    reports = client.get(reverse("admin:complaints_report_changelist")).content.decode()

    assert_escaped(users, ["nama"], "admin pengguna")
    assert_escaped(reports, ["judul"], "admin laporan")


def test_the_json_api_returns_hostile_text_as_data_that_browsers_do_not_sniff(shared_client, stored):
    report = stored.reports["xss"]

    response = client_as(shared_client, None).get(f"/api/complaints/open311/requests/{report.code}.json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"
    (item,) = response.json()
    assert item["description"] == payload("isi") + " " + BODY
    assert item["address"] == payload("alamat")
    assert item["status_notes"] == payload("jawaban")
    assert item["service_name"] == payload("kategori")
    assert payload("nama") not in response.content.decode()


def test_a_hostile_profile_name_is_saved_as_text_and_shown_escaped(shared_client, citizen):
    client = client_as(shared_client, citizen)

    client.post(
        reverse("accounts:profile"),
        {"full_name": payload("profil"), "email": citizen.email, "phone": "", "language": "id"},
    )
    html = client.get(reverse("accounts:profile")).content.decode()

    citizen.refresh_from_db()
    assert citizen.full_name == payload("profil")
    assert_escaped(html, ["profil"], "profil setelah disimpan")


# --- Reflected input ----------------------------------------------------------------------------

REFLECTED = "\"><script>alert('pantul')</script>"


@pytest.mark.parametrize(
    ("url_name", "query"),
    [
        ("accounts:login", {"next": "/" + REFLECTED}),
        ("complaints:list", {"q": REFLECTED, "type": REFLECTED, "date_from": REFLECTED}),
        ("complaints:track", {"code": REFLECTED}),
        ("complaints:submit", {"next": REFLECTED}),
    ],
)
def test_query_parameters_are_never_reflected_unescaped(shared_client, world, url_name, query):
    response = client_as(shared_client, None).get(reverse(url_name), query)

    html = response.content.decode()
    assert "<script>alert('pantul')</script>" not in html
    assert not JS_URL.search(html)


def test_a_hostile_path_is_not_reflected_on_the_404_page(shared_client, world):
    response = client_as(shared_client, None).get("/lapor/r/%22%3E%3Cscript%3Ealert('pantul')%3C%2Fscript%3E/")

    assert response.status_code == 404
    assert "<script>alert('pantul')</script>" not in response.content.decode()


# --- Sort and filter parameters: whitelisted ------------------------------------------------------

SQL = [
    "' OR 1=1--",
    "1; DROP TABLE complaints_report;--",
    "-created_at); DELETE FROM accounts_user;--",
    "1' UNION SELECT",
]


def listed(response) -> list[str]:
    return [report.code for report in response.context["page"].object_list]


@pytest.mark.parametrize("param", ["sort", "order", "ordering", "o", "page"])
def test_sql_in_a_sort_parameter_gives_the_default_order(shared_client, world, param):
    client = client_as(shared_client, None)
    default = listed(client.get(reverse("complaints:list")))

    for value in SQL:
        response = client.get(reverse("complaints:list"), {param: value})

        assert response.status_code == 200, value
        assert listed(response) == default, value
    assert Report.objects.count() == len(world.reports)


@pytest.mark.parametrize("param", ["type", "status", "category", "agency", "district", "village", "date_from"])
def test_sql_in_a_filter_is_refused_by_the_form_and_widens_nothing(shared_client, world, param):
    client = client_as(shared_client, None)
    default = listed(client.get(reverse("complaints:list")))
    extra = {"district": world.village.parent_id} if param == "village" else {}

    for value in SQL:
        response = client.get(reverse("complaints:list"), {param: value, **extra})

        assert response.status_code == 200, value
        assert param in response.context["form"].errors, value
        # The invalid filter is ignored as a whole: the public list, never anything beyond it.
        assert listed(response) == default, value
    assert set(default) == {world.reports["public"].code, world.reports["answered"].code}


def test_sql_in_the_search_finds_nothing_it_should_not(shared_client, world):
    client = client_as(shared_client, None)
    public = {world.reports["public"].code, world.reports["answered"].code}

    for value in SQL:
        response = client.get(reverse("complaints:list"), {"q": value})

        assert response.status_code == 200, value
        assert set(listed(response)) <= public, value


def test_sql_in_staff_list_parameters_is_harmless(shared_client, world):
    client = client_as(shared_client, world.users["coordinator"])

    for value in SQL:
        queue = client.get(reverse("complaints:queue"), {"page": value, "sort": value})
        leadership = client.get(reverse("complaints:leadership"), {"start": value, "end": value})

        assert queue.status_code == 200, value
        assert listed(queue) == [world.reports["unverified"].code], value
        assert leadership.status_code == 200, value
        assert set(leadership.context["form"].errors) == {"start", "end"}, value


@pytest.mark.parametrize(
    ("param", "status"),
    [("status", 400), ("service_code", 400), ("service_request_id", 200), ("start_date", 422), ("page", 422)],
)
def test_sql_in_api_filters_gives_a_clear_client_error_or_nothing_extra(shared_client, world, param, status):
    client = client_as(shared_client, None)

    for value in SQL:
        response = client.get("/api/complaints/open311/requests.json", {param: value})

        assert response.status_code == status, value
        if status == 200:
            assert response.json() == [], value
    assert Category.objects.count() == 1
