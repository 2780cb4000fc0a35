"""The database out of reach → a friendly 503 that makes no query; back → pages work again by themselves."""

import logging

import pytest
from django.conf import settings
from django.db import IntegrityError, InterfaceError, OperationalError
from django.utils import translation

from pamong.core.middleware import DatabaseUnavailableMiddleware

from .support import HttpClient, database_outage

MIDDLEWARE = "pamong.core.middleware.DatabaseUnavailableMiddleware"
HEADING = '<h1 id="error-title">Layanan sementara tidak tersedia</h1>'


def _middleware():
    return DatabaseUnavailableMiddleware(lambda request: None)


@pytest.mark.parametrize(
    "error", [OperationalError("could not connect to server"), InterfaceError("connection already closed")]
)
def test_a_lost_database_gets_the_friendly_503_page_without_a_query(rf, error, caplog):
    # No `db` fixture: pytest-django makes any query raise, so the page provably makes none.
    with caplog.at_level(logging.ERROR, logger="pamong.core.middleware"), translation.override("id"):
        response = _middleware().process_exception(rf.get("/lapor/"), error)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert HEADING in html
    assert "Kode kesalahan 503" in html
    assert 'class="site-nav"' not in html
    assert [record.getMessage() for record in caplog.records] == [
        f"Database unavailable, answered 503 to GET /lapor/: {type(error).__name__}: {error}"
    ]


def test_other_database_errors_are_left_to_the_500_handler(rf):
    assert _middleware().process_exception(rf.get("/"), IntegrityError("duplicate key")) is None
    assert _middleware().process_exception(rf.get("/"), ValueError("bug")) is None


def test_the_middleware_is_installed():
    assert MIDDLEWARE in settings.MIDDLEWARE, (
        f"add {MIDDLEWARE!r} to MIDDLEWARE in config/settings.py, right after SecurityMiddleware"
    )


@pytest.mark.urls("tests.faults.urls_outage")
def test_a_request_that_loses_the_database_gets_503_with_the_security_headers(client):
    response = client.get("/putus/")

    assert response.status_code == 503
    assert HEADING in response.content.decode()
    assert response["Retry-After"] == "30"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_the_app_answers_503_while_its_database_is_unreachable_and_recovers_by_itself(app_db, server):
    client = HttpClient(server.url)
    before = client.get("/lapor/")  # the worker now holds a connection (kept open on PostgreSQL)

    with database_outage(app_db):
        during = client.get("/lapor/")
        again = client.get("/lapor/kirim/")

    after = client.get("/lapor/")

    assert (before.status, during.status, again.status, after.status) == (200, 503, 503, 200), server.output()
    assert HEADING in during.body
    assert during.headers["Retry-After"] == "30"
    assert "Laporan" in after.body
    log = server.output()
    assert "Database unavailable, answered 503 to GET /lapor/: OperationalError" in log
    # Recovered by itself: the same gunicorn, never restarted, and its one worker never replaced.
    assert server.process.poll() is None
    assert log.count("Booting worker") == 1
