"""By any URL: an officer of another OPD sees nothing of a report, the public sees nothing of a
rahasia report, and nobody but coordinators and the reporter learns who an anonim reporter is."""

import pytest
from django.urls import reverse

from pamong.complaints import services

from .conftest import make_report, upload

SECRET_TITLE = "Pungutan liar di kantor kecamatan"
SECRET_BODY = "Petugas meminta uang tambahan untuk mempercepat berkas, saya punya buktinya."


@pytest.fixture
def rahasia(citizen, village, coordinator, agency, clock):
    report = make_report(
        by=citizen,
        village=village,
        title=SECRET_TITLE,
        body=SECRET_BODY,
        is_confidential=True,
        is_anonymous=True,
        files=[upload()],
    )
    services.dispose(report=report, agency=agency, by=coordinator)
    return report


def every_url(report) -> list[tuple[str, str]]:
    attachment = report.attachments.get()
    return [
        ("get", reverse("complaints:detail", args=[report.code])),
        ("get", reverse("complaints:track") + f"?code={report.code}"),
        ("get", reverse("complaints:workspace", args=[report.code])),
        ("get", reverse("complaints:attachment", args=[attachment.pk])),
        ("get", reverse("complaints:attachment", args=[attachment.pk]) + "?asli=1"),
        ("get", reverse("complaints:list") + "?q=pungutan"),
        ("get", reverse("complaints:queue")),
        ("get", reverse("complaints:inbox")),
        ("get", reverse("complaints:my_work")),
        ("get", reverse("complaints:overdue")),
        ("get", reverse("complaints:mine")),
        ("get", reverse("complaints:leadership")),
        ("get", "/api/complaints/open311/requests.json"),
        ("get", f"/api/complaints/open311/requests/{report.code}.json"),
        ("post", reverse("complaints:act", args=[report.code, "accept"])),
        ("post", reverse("complaints:act", args=[report.code, "note"])),
        ("post", reverse("complaints:act", args=[report.code, "dispose"])),
        ("post", reverse("complaints:react", args=["x" * 43, "nilai"])),
    ]


def assert_nothing_leaks(client, report):
    for method, url in every_url(report):
        response = getattr(client, method)(url, {"note-text": "intip"} if method == "post" else None)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode(errors="ignore")
        assert response.status_code in {200, 302, 403, 404}, url
        assert SECRET_TITLE not in text and SECRET_BODY not in text, url
        assert "Siti" not in text and "warga@example.id" not in text, url
        if "lampiran" in url:
            assert response.status_code == 404, url
    report.refresh_from_db()
    assert report.status == "disposed"
    assert report.events.count() == 2


def test_an_officer_of_another_opd_sees_nothing_of_the_report_by_any_url(client, other_officer, rahasia):
    client.force_login(other_officer)
    assert_nothing_leaks(client, rahasia)


def test_the_public_sees_nothing_of_a_rahasia_report_by_any_url(client, rahasia):
    assert_nothing_leaks(client, rahasia)


def test_another_citizen_sees_nothing_of_a_rahasia_report_by_any_url(client, other_citizen, rahasia):
    client.force_login(other_citizen)
    assert_nothing_leaks(client, rahasia)


def test_the_handling_officer_sees_the_rahasia_report_but_not_the_anonim_reporter(client, officer, rahasia):
    client.force_login(officer)
    html = client.get(reverse("complaints:workspace", args=[rahasia.code])).content.decode()
    assert SECRET_BODY in html
    assert "Siti" not in html and "warga@example.id" not in html
