"""The error pages: styled, in Indonesian, with a way home, and the 500 page without a database."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse

from pamong.core import views


def test_unknown_url_gets_the_styled_404_page(client, regency):
    response = client.get("/tidak-ada/")

    assert response.status_code == 404
    html = response.content.decode()
    assert '<h1 id="error-title">Halaman tidak ditemukan</h1>' in html
    assert "<code>/tidak-ada/</code>" in html
    assert f'<a class="button" href="{reverse("core:home")}">Kembali ke Beranda</a>' in html
    assert '<main id="main"' in html


def test_bad_request_page_has_status_400(rf, regency):
    response = views.bad_request(rf.get("/"), exception=ValueError("rusak"))

    assert response.status_code == 400
    assert '<h1 id="error-title">Permintaan tidak dapat diproses</h1>' in response.content.decode()


def test_permission_denied_page_has_status_403_and_offers_sign_in_to_visitors(rf, regency):
    request = rf.get("/rahasia/")

    response = views.permission_denied(request, exception=PermissionDenied())

    assert response.status_code == 403
    html = response.content.decode()
    assert '<h1 id="error-title">Akses ditolak</h1>' in html
    assert f'href="{reverse("accounts:login")}?next=/rahasia/">Masuk</a>' in html


def test_server_error_page_renders_without_touching_the_database(rf, django_assert_num_queries, db):
    with django_assert_num_queries(0):
        response = views.server_error(rf.get("/"))

    assert response.status_code == 500
    html = response.content.decode()
    assert '<h1 id="error-title">Terjadi gangguan pada sistem</h1>' in html
    assert "Kabupaten/Kota 35.22" in html
    assert 'class="site-nav"' not in html
    assert 'class="lang-switch"' not in html


def test_server_error_page_renders_when_the_database_is_unreachable(rf):
    # No `db` fixture: pytest-django makes every query raise, as a database that is down would.
    response = views.server_error(rf.get("/"))

    assert response.status_code == 500
    assert "Terjadi gangguan pada sistem" in response.content.decode()


def test_server_error_page_names_the_regency_once_it_is_known(client, rf, regency, django_assert_num_queries):
    client.get(reverse("core:home"))  # an earlier request looked the name up

    with django_assert_num_queries(0):
        response = views.server_error(rf.get("/"))

    assert '<span class="brand__name">Kabupaten Bojonegoro</span>' in response.content.decode()


def test_server_error_falls_back_to_plain_html_when_the_template_fails(rf, monkeypatch):
    def broken(name):
        raise RuntimeError("template engine down")

    monkeypatch.setattr(views.loader, "get_template", broken)

    response = views.server_error(rf.get("/"))

    assert response.status_code == 500
    assert response.content.decode() == views._LAST_RESORT_500


def test_csrf_failure_gets_the_styled_page(regency):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})

    assert response.status_code == 403
    assert '<h1 id="error-title">Formulir tidak dapat dikirim</h1>' in response.content.decode()


def test_an_english_browser_still_gets_indonesian_until_english_is_chosen(client, db):
    first = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    client.post("/bahasa/", {"language": "en", "next": "/"})
    chosen = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert '<html lang="id">' in first.content.decode()
    assert '<html lang="en">' in chosen.content.decode()
