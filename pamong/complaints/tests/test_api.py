"""Open311: public reads never show rahasia reports or reporters; writes need an API key."""

import pytest

from pamong.complaints import services
from pamong.complaints.models import Report

from .conftest import make_report

BASE = "/api/complaints/open311"


@pytest.fixture
def published(citizen, village, coordinator, agency, category, clock):
    public = make_report(by=citizen, village=village, category=category, is_anonymous=True)
    services.dispose(report=public, agency=agency, by=coordinator)
    secret = make_report(by=citizen, village=village, is_confidential=True)
    services.dispose(report=secret, agency=agency, by=coordinator)
    return public, secret


def test_services_lists_the_active_categories(client, category):
    response = client.get(f"{BASE}/services.json")
    assert response.status_code == 200
    assert response.json() == [
        {
            "service_code": str(category.pk),
            "service_name": "Jalan berlubang",
            "description": "Jalan berlubang",
            "metadata": False,
            "type": "realtime",
            "keywords": "",
            "group": "Jalan berlubang",
        }
    ]


def test_requests_lists_public_reports_without_reporters(client, published, agency):
    public, _ = published
    response = client.get(f"{BASE}/requests.json")
    assert response.status_code == 200
    body = response.json()
    assert [r["service_request_id"] for r in body] == [public.code]
    assert body[0]["status"] == "open"
    assert body[0]["agency_responsible"] == agency.name
    text = response.content.decode()
    assert "Siti" not in text and "warga@example.id" not in text


def test_a_rahasia_report_is_not_found_by_id(client, published):
    _, secret = published
    response = client.get(f"{BASE}/requests/{secret.code}.json")
    assert response.status_code == 404
    assert response.json() == [{"code": 404, "description": "Laporan tidak ditemukan."}]


def test_requests_filter_by_status(client, published):
    assert client.get(f"{BASE}/requests.json", {"status": "closed"}).json() == []
    assert client.get(f"{BASE}/requests.json", {"status": "bogus"}).status_code == 400


def test_posting_without_a_valid_api_key_is_refused(client, village, settings):
    settings.OPEN311_API_KEYS = ["kunci-rahasia-uji"]
    response = client.post(f"{BASE}/requests.json", {"api_key": "salah", "description": "x" * 30})
    assert response.status_code == 403
    assert Report.objects.count() == 0


def test_a_key_holder_posts_a_report_that_enters_the_queue(client, village, coordinator, clock, settings):
    settings.OPEN311_API_KEYS = ["kunci-rahasia-uji"]
    response = client.post(
        f"{BASE}/requests.json",
        {
            "api_key": "kunci-rahasia-uji",
            "description": "Pohon tumbang menutup jalan desa sejak tadi pagi.",
            "attribute[village]": village.code,
            "phone": "081234567890",
            "lat": "-7.15",
            "long": "111.88",
        },
    )
    assert response.status_code == 201
    report = Report.objects.get()
    assert response.json() == [
        {
            "service_request_id": report.code,
            "service_notice": "Laporan diterima dan menunggu verifikasi.",
            "account_id": None,
        }
    ]
    assert (report.status, report.channel, report.guest_contact) == ("submitted", "api", "+6281234567890")


def test_a_posted_report_outside_indonesia_is_refused(client, village, clock, settings):
    settings.OPEN311_API_KEYS = ["kunci-rahasia-uji"]
    response = client.post(
        f"{BASE}/requests.json",
        {
            "api_key": "kunci-rahasia-uji",
            "description": "Pohon tumbang menutup jalan desa sejak tadi pagi.",
            "attribute[village]": village.code,
            "email": "a@example.org",
            "lat": "48.85",
            "long": "2.35",
        },
    )
    assert response.status_code == 400
    assert response.json() == [{"code": 400, "description": "Koordinat berada di luar wilayah Indonesia."}]
    assert Report.objects.count() == 0


def test_requests_and_services_are_available_in_xml(client, published, category):
    public, secret = published
    response = client.get(f"{BASE}/requests.xml")
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    xml = response.content.decode()
    assert xml.startswith('<?xml version="1.0" encoding="utf-8"?><service_requests><request>')
    assert f"<service_request_id>{public.code}</service_request_id>" in xml
    assert secret.code not in xml and "Siti" not in xml
    assert f"<service_code>{category.pk}</service_code>" in client.get(f"{BASE}/services.xml").content.decode()
    missing = client.get(f"{BASE}/requests/{secret.code}.xml")
    assert missing.status_code == 404
    assert missing.content.decode().endswith(
        "<errors><error><code>404</code><description>Laporan tidak ditemukan.</description></error></errors>"
    )
