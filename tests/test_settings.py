"""The settings module's own promises, checked in a fresh interpreter with a chosen environment."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_settings(**env):
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"}}
    clean.update(env, DJANGO_SETTINGS_MODULE="config.settings")
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DATABASES['default']['ENGINE'])"
    )
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60)


def test_production_refuses_to_start_without_a_secret_key():
    result = load_settings(DEBUG="0", ALLOWED_HOSTS="pamong.example.go.id")

    assert result.returncode != 0
    assert "SECRET_KEY wajib diisi saat DEBUG mati" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = load_settings(DEBUG="0", SECRET_KEY="x" * 50)

    assert result.returncode != 0
    assert "ALLOWED_HOSTS wajib diisi saat DEBUG mati" in result.stderr


def test_production_starts_with_both_and_defaults_to_sqlite():
    result = load_settings(DEBUG="0", SECRET_KEY="x" * 50, ALLOWED_HOSTS="pamong.example.go.id")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.sqlite3"


def test_database_url_switches_to_postgresql():
    result = load_settings(DEBUG="1", DATABASE_URL="postgres://u:p@db.example:5432/pamong")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.postgresql"


def test_a_trusted_proxy_that_is_not_an_address_is_refused_at_start():
    result = load_settings(DEBUG="1", TRUSTED_PROXIES="10.0.0.1,gateway.local")

    assert result.returncode != 0
    assert "TRUSTED_PROXIES: 'gateway.local' bukan alamat IP atau jaringan" in result.stderr


def test_trusted_proxies_accept_addresses_and_networks():
    result = load_settings(DEBUG="1", TRUSTED_PROXIES="127.0.0.1, 10.0.0.0/8,::1")

    assert result.returncode == 0, result.stderr
