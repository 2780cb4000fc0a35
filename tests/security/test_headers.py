"""Security headers on every kind of page, and production's HTTPS settings."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from .conftest import PASSWORD, client_as

ROOT = Path(__file__).resolve().parents[2]

# (persona, page) covering the layouts: public, citizen, staff, error, admin.
PAGES = [
    ("anonymous", lambda w: reverse("core:home")),
    ("anonymous", lambda w: reverse("complaints:list")),
    ("anonymous", lambda w: reverse("complaints:submit")),
    ("anonymous", lambda w: reverse("complaints:detail", args=[w.reports["public"].code])),
    ("anonymous", lambda w: reverse("accounts:login")),
    ("anonymous", lambda w: "/tidak-ada/"),
    ("owner", lambda w: reverse("accounts:profile")),
    ("owner", lambda w: reverse("complaints:private", args=[w.reports["answered"].access_token])),
    ("coordinator", lambda w: reverse("complaints:workspace", args=[w.reports["public"].code])),
    ("leadership", lambda w: reverse("complaints:leadership")),
    ("admin", lambda w: reverse("admin:index")),
]


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    parts = [part.split() for part in policy.split(";") if part.strip()]
    return {name: values for name, *values in parts}


def test_every_kind_of_page_sends_the_security_headers(shared_client, world):
    for persona, page in PAGES:
        url = page(world)
        response = client_as(shared_client, world.users[persona]).get(url)

        assert response.status_code in (200, 404), url
        policy = directives(response)
        assert policy["default-src"] == ["'self'"], url
        assert policy["script-src"] == ["'self'"], url
        assert policy["style-src"] == ["'self'"], url
        assert policy["frame-ancestors"] == ["'none'"], url
        assert policy["form-action"] == ["'self'"], url
        assert policy["base-uri"] == ["'self'"], url
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], url
        assert "'unsafe-eval'" not in response["Content-Security-Policy"], url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Referrer-Policy"] == "same-origin", url
        assert response["X-Frame-Options"] == "DENY", url
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", url


def test_files_and_json_carry_nosniff_too(shared_client, world):
    client = client_as(shared_client, None)

    photo = client.get(reverse("complaints:attachment", args=[world.files["public_photo"].pk]))
    api = client.get("/api/complaints/open311/requests.json")

    assert photo["X-Content-Type-Options"] == "nosniff"
    assert photo["Content-Type"] == "image/jpeg"
    assert api["X-Content-Type-Options"] == "nosniff"
    assert api["Content-Type"] == "application/json; charset=utf-8"


def test_the_session_and_csrf_cookies_are_http_only_and_same_site(world):
    client = Client()
    client.get(reverse("accounts:login"))
    response = client.post(reverse("accounts:login"), {"identifier": world.users["owner"].email, "password": PASSWORD})

    csrf = client.cookies[settings.CSRF_COOKIE_NAME]
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert response.status_code == 302
    assert (csrf["httponly"], csrf["samesite"]) == (True, "Lax")
    assert (session["httponly"], session["samesite"]) == (True, "Lax")


def test_an_https_request_gets_hsts_when_it_is_configured(world):
    with override_settings(
        SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True, SECURE_SSL_REDIRECT=False
    ):
        client = Client()  # built inside the override: SecurityMiddleware reads settings at start
        secure = client.get("/", secure=True)
        plain = client.get("/")

    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert "Strict-Transport-Security" not in plain


def test_plain_http_is_redirected_to_https_when_ssl_redirect_is_on(world):
    with override_settings(SECURE_SSL_REDIRECT=True):
        response = Client().get(reverse("complaints:list"))

    assert response.status_code == 301
    assert response["Location"] == "https://testserver" + reverse("complaints:list")


def production_env(**extra) -> dict:
    # The test process's own switches (the browser tests allow sync ORM calls under Playwright's
    # event loop) are not production's.
    dropped = ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SECURE_", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if not k.startswith(dropped)}
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="pamong.bojonegorokab.go.id",
        DJANGO_SETTINGS_MODULE="config.settings",
        **extra,
    )
    return env


def test_check_deploy_is_clean_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_turn_on_https_protections():
    names = [
        "DEBUG",
        "SECURE_SSL_REDIRECT",
        "SECURE_PROXY_SSL_HEADER",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SESSION_COOKIE_HTTPONLY",
    ]
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}))"
    )

    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=production_env(), capture_output=True, text=True, timeout=60
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "DEBUG": False,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SESSION_COOKIE_HTTPONLY": True,
    }
