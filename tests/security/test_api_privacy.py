"""The JSON API and public search never give away what the privacy rules keep (issue 3):
rahasia, unverified, rejected and unconfirmed reports are not there by any parameter, and no
answer names a reporter (anonim or not), their contact, or carries an internal note."""

import pytest
from django.urls import reverse

from pamong.complaints import services
from pamong.complaints.models import Report

from .conftest import GUEST_CONTACT, client_as, make_report

INTERNAL = "Catatan internal: pelapor kerabat kepala dinas"


@pytest.fixture
def private_world(world):
    u = world.users
    anonim = make_report(
        by=u["other_citizen"], village=world.village, title="Pungutan liar di pasar", is_anonymous=True
    )
    services.dispose(report=anonim, agency=world.agency, by=u["coordinator"])
    rejected = make_report(by=u["owner"], village=world.village, title="Laporan ganda jalan berlubang")
    services.reject(report=rejected, by=u["coordinator"], reason=world.rejection_reason)
    services.add_note(report=world.reports["public"], by=u["officer"], text=INTERNAL)
    services.hold(report=world.reports["rahasia"], by=u["coordinator"], reason="Menunggu data pendukung")
    world.reports.update(anonim=anonim, rejected=rejected)
    return world


def public_codes(world) -> set[str]:
    return {world.reports[name].code for name in ("public", "answered", "anonim")}


def hidden_codes(world) -> set[str]:
    return {world.reports[name].code for name in ("rahasia", "unverified", "guest", "rejected")}


SECRETS = [
    "Siti Aminah",  # the owner
    "Budi Santoso",  # the anonim reporter
    "warga@example.id",
    "warga2@example.id",
    GUEST_CONTACT,
    "Pak Tamu",
    INTERNAL,
    "Menunggu data pendukung",
]


def test_the_open311_list_holds_public_reports_only_whatever_the_filter(shared_client, private_world):
    client = client_as(shared_client, None)
    every_code = ",".join(r.code for r in Report.objects.all())
    queries = [
        {},
        {"status": "open"},
        {"status": "closed"},
        {"service_request_id": every_code},
        {"service_request_id": every_code.lower()},
        {"page_size": 100},
        {"start_date": "2000-01-01T00:00:00+07:00"},
    ]

    seen = set()
    for query in queries:
        response = client.get("/api/complaints/open311/requests.json", query)
        assert response.status_code == 200, query
        seen |= {item["service_request_id"] for item in response.json()}
        assert not any(secret in response.content.decode() for secret in SECRETS), query

    assert seen == public_codes(private_world)


@pytest.mark.parametrize("name", ["rahasia", "unverified", "guest", "rejected"])
def test_a_hidden_report_is_not_found_by_its_code(shared_client, private_world, name):
    code = private_world.reports[name].code
    client = client_as(shared_client, None)

    for written in (code, code.lower()):
        response = client.get(f"/api/complaints/open311/requests/{written}.json")
        assert response.status_code == 404
        assert response.json() == [{"code": 404, "description": "Laporan tidak ditemukan."}]


@pytest.mark.parametrize("name", ["public", "answered", "anonim"])
def test_a_public_reports_api_answer_names_nobody(shared_client, private_world, name):
    response = client_as(shared_client, None).get(
        f"/api/complaints/open311/requests/{private_world.reports[name].code}.json"
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert [secret for secret in SECRETS if secret in body] == []
    assert "account_id" not in response.json()[0]


def test_a_signed_in_staff_session_gets_no_more_from_the_api(shared_client, private_world):
    client = client_as(shared_client, private_world.users["coordinator"])

    response = client.get("/api/complaints/open311/requests.json", {"page_size": 100})

    assert {item["service_request_id"] for item in response.json()} == public_codes(private_world)


def test_public_search_finds_no_report_by_its_reporters_name_or_contact(shared_client, private_world):
    client = client_as(shared_client, None)

    for secret in ["Siti Aminah", "Budi Santoso", "warga@example.id", "Pak Tamu", "kerabat kepala dinas"]:
        response = client.get(reverse("complaints:list"), {"q": secret})
        assert [r.code for r in response.context["page"].object_list] == [], secret


def test_the_anonim_reporter_is_named_on_no_public_or_officer_page(shared_client, private_world):
    anonim = private_world.reports["anonim"]
    pages = [
        (None, reverse("complaints:list")),
        (None, reverse("complaints:detail", args=[anonim.code])),
        (None, reverse("complaints:track") + f"?code={anonim.code}"),
        ("owner", reverse("complaints:detail", args=[anonim.code])),
        ("officer", reverse("complaints:workspace", args=[anonim.code])),
        ("officer", reverse("complaints:inbox")),
        ("leadership", reverse("complaints:workspace", args=[anonim.code])),
    ]

    for persona, url in pages:
        user = private_world.users[persona] if persona else None
        html = client_as(shared_client, user).get(url).content.decode()
        assert "Budi Santoso" not in html, (persona, url)
        assert "warga2@example.id" not in html, (persona, url)
