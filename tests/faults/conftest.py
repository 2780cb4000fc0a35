"""Fixtures for the fault tests: ``app_db`` (a populated database of the test's own, on SQLite
and, when the suite runs on PostgreSQL, on PostgreSQL too) and ``server`` (gunicorn on it)."""

import pytest

from . import support

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    return support.make_sqlite_template(tmp_path_factory.mktemp("faults-template"))


@pytest.fixture(scope="session")
def pg_template():
    url = support.postgres_server_url()
    name = support.make_pg_template(url)
    yield name
    support.drop_pg_database(url, name)


@pytest.fixture(params=BACKENDS)
def app_db(request, tmp_path):
    """A fresh copy of a migrated database filled by ``demo_setup``; dropped afterwards."""
    if request.param == "sqlite":
        yield support.sqlite_copy(request.getfixturevalue("sqlite_template"), tmp_path)
        return
    url = support.postgres_server_url()
    if url is None:
        pytest.skip("PostgreSQL: jalankan suite dengan DATABASE_URL=postgres://… untuk varian ini")
    database = support.pg_copy(url, request.getfixturevalue("pg_template"))
    yield database
    support.drop_pg_database(url, database.pg_name)


@pytest.fixture
def server(app_db, tmp_path):
    """The app under gunicorn on ``app_db``, stopped (its whole process group) afterwards."""
    running = support.start_gunicorn(app_db.env, tmp_path / "gunicorn.log")
    yield running
    running.stop()
