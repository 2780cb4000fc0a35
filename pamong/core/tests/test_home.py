import re

import pytest
from django.urls import reverse

from pamong.core.services_catalog import CATALOG

SIX_DIMENSIONS = [
    "Smart Governance",
    "Smart Branding",
    "Smart Economy",
    "Smart Living",
    "Smart Society",
    "Smart Environment",
]
SERVICE_COUNT = sum(len(dimension.services) for dimension in CATALOG)


def _home(client) -> str:
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    return response.content.decode()


def _service_titles(html: str) -> list[str]:
    titles = re.findall(r'<h4 class="service-card__title">(.*?)</h4>', html, flags=re.S)
    return [re.sub(r"<[^>]+>", "", title).replace("&amp;", "&").strip() for title in titles]


def test_home_page_names_the_regency_in_title_header_and_hero(client, regency):
    html = _home(client)

    assert "<title>Beranda · Kabupaten Bojonegoro</title>" in html
    assert '<span class="brand__name">Kabupaten Bojonegoro</span>' in html
    assert "Layanan publik Kabupaten Bojonegoro dalam satu pintu" in html


def test_home_lists_the_six_smart_city_dimensions_in_order(client, regency):
    html = _home(client)

    assert re.findall(r'<p class="dimension__eyebrow">([^<]+)</p>', html) == SIX_DIMENSIONS
    assert re.findall(r'<section class="dimension" id="([a-z]+)"', html) == [
        "governance",
        "branding",
        "economy",
        "living",
        "society",
        "environment",
    ]


def test_home_lists_every_service_of_the_catalog_under_its_dimension(client, regency):
    html = _home(client)

    expected = [str(service.title) for dimension in CATALOG for service in dimension.services]
    assert _service_titles(html) == expected
    assert "Aspirasi & Pengaduan" in expected
    assert "Data Terbuka" in expected
    assert "Kontrak Terbuka" in expected
    assert "Layanan Desa & Surat" in expected
    assert "Survei Kepuasan" in expected
    assert "Layanan Online" in expected


@pytest.mark.urls("pamong.core.tests.urls_bare")
def test_services_whose_pages_do_not_exist_yet_show_segera_hadir_and_no_link(client, regency):
    html = _home(client)

    assert html.count('<span class="badge badge--neutral">Segera hadir</span>') == SERVICE_COUNT
    assert 'class="card__link"' not in html


@pytest.mark.urls("pamong.core.tests.urls_with_complaints")
def test_a_service_whose_page_exists_links_to_it(client, regency):
    html = _home(client)

    assert '<a class="card__link" href="/lapor/kirim/">Aspirasi &amp; Pengaduan</a>' in html
    assert html.count('class="card__link"') == 1
    assert html.count('<span class="badge badge--neutral">Segera hadir</span>') == SERVICE_COUNT - 1


@pytest.mark.urls("pamong.core.tests.urls_with_complaints")
def test_complaint_call_to_action_links_to_the_submit_page_when_it_exists(client, regency):
    html = _home(client)

    assert re.search(
        r'<a class="button button--accent" href="/lapor/kirim/">.*?Sampaikan Aspirasi/Pengaduan</a>', html, re.S
    )


@pytest.mark.urls("pamong.core.tests.urls_bare")
def test_complaint_call_to_action_is_hidden_while_there_is_no_submit_page(client, regency):
    html = _home(client)

    assert "Sampaikan Aspirasi/Pengaduan" not in html
    assert "button--accent" not in html


def test_catalog_url_names_are_unique(db):
    names = [service.url_name for dimension in CATALOG for service in dimension.services if service.url_name]

    assert len(names) == len(set(names))
