"""The shell every page shares: landmarks, navigation, language switch, CSP-safe markup."""

import re

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.urls import reverse


def test_page_has_a_skip_link_to_the_main_landmark(client, regency):
    html = client.get(reverse("core:home")).content.decode()

    assert '<a class="skip-link" href="#main">Lewati ke konten utama</a>' in html
    assert html.count('<main id="main"') == 1
    assert html.count('<header class="site-header">') == 1
    assert html.count('<footer class="site-footer">') == 1
    assert '<nav class="site-nav" aria-label="Navigasi utama">' in html


def test_home_page_has_no_inline_script_style_or_event_handler(client, regency):
    html = client.get(reverse("core:home")).content.decode()

    scripts = re.findall(r"<script\b[^>]*>", html)
    # Tests run with DEBUG off, so django-htmx's debug helper script is not included.
    assert scripts == ['<script src="/static/django_htmx/htmx-2.min.js" defer>']
    assert re.findall(r"<script\b[^>]*>(?!</script>)", html) == []  # no script has a body
    assert "style=" not in html
    assert "<style" not in html
    assert re.findall(r"\son[a-z]+=", html) == []


def test_page_starts_in_indonesian(client, regency):
    html = client.get(reverse("core:home")).content.decode()

    assert '<html lang="id">' in html
    assert 'value="id" lang="id" aria-current="true">Bahasa Indonesia</button>' in html


def test_language_switch_turns_the_page_english(client, regency):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})

    assert response.status_code == 302
    assert response["Location"] == "/"
    html = client.get(reverse("core:home")).content.decode()
    assert '<html lang="en">' in html
    assert 'value="en" lang="en" aria-current="true">English</button>' in html
    assert '<a class="skip-link" href="#main">Skip to main content</a>' in html


def test_language_switch_is_a_plain_post_form_back_to_the_same_page(client, regency):
    html = client.get(reverse("core:home") + "?x=1").content.decode()

    assert '<form class="lang-switch" action="/bahasa/" method="post"' in html
    assert '<input type="hidden" name="next" value="/?x=1">' in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_anonymous_visitor_is_offered_sign_in_and_registration(client, regency):
    html = client.get(reverse("core:home")).content.decode()

    assert f'href="{reverse("accounts:login")}"' in html
    assert f'href="{reverse("accounts:register")}"' in html
    assert "Keluar" not in html


def test_signed_in_citizen_sees_name_profile_and_a_post_sign_out(client, regency, citizen):
    client.force_login(citizen)

    html = client.get(reverse("core:home")).content.decode()

    assert '<span class="site-nav__user-name">Siti</span>' in html
    assert f'<a class="site-nav__link" href="{reverse("accounts:profile")}">Profil</a>' in html
    assert f'<form class="site-nav__form" action="{reverse("accounts:logout")}" method="post">' in html
    assert f'href="{reverse("accounts:login")}' not in html
    assert "Ruang Kerja" not in html


def test_signed_in_staff_also_sees_the_workspace_link(client, regency, officer):
    client.force_login(officer)

    html = client.get(reverse("core:home")).content.decode()

    assert f'<a class="site-nav__link" href="{reverse("accounts:workspace")}">Ruang Kerja</a>' in html


@pytest.mark.urls("pamong.core.tests.urls_bare")
def test_pages_render_while_the_accounts_app_has_no_urls(client, regency):
    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Masuk" not in html
    assert "Daftar" not in html


def test_footer_credits_pamong_and_the_region_data_source(client, regency):
    html = client.get(reverse("core:home")).content.decode()

    assert "Pemerintah Kabupaten Bojonegoro" in html
    assert "Perangkat lunak sumber terbuka (AGPL-3.0)" in html
    assert (
        'Data wilayah: Kepmendagri 2025 via <a href="https://github.com/cahyadsn/wilayah" rel="noopener">'
        "cahyadsn/wilayah</a> (MIT)" in html
    )


def test_flash_messages_are_shown_with_their_level(client, regency, rf):
    storage = CookieStorage(rf.get("/"))
    response = client.get("/")
    storage._store([Message(constants.ERROR, "Gagal menyimpan.")], response)
    client.cookies[storage.cookie_name] = response.cookies[storage.cookie_name].value

    html = client.get("/").content.decode()

    assert '<div class="alert alert--error" role="alert">Gagal menyimpan.</div>' in html
