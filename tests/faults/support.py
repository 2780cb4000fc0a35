"""What the fault tests share: a database of their own, the app under gunicorn, a plain HTTP client.

Each test gets a fresh copy of a database migrated and filled by ``demo_setup`` once per run:
a SQLite file, or, when the suite runs on PostgreSQL, a database created from a template on
the same server (``CREATE DATABASE … TEMPLATE``, a file copy on the server: fast). The app
runs in subprocesses (gunicorn, ``manage.py``) pointed at that copy, exactly as deployed,
and the test reads the database through a connection of its own, never the app's.
"""

import contextlib
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MANAGE = str(ROOT / "manage.py")
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
OPEN311_KEY = "kunci-uji-gangguan"


def postgres_server_url() -> str | None:
    """The PostgreSQL server the suite runs on (DATABASE_URL), or None on SQLite."""
    url = os.environ.get("DATABASE_URL", "")
    return url if url.split(":", 1)[0] in {"postgres", "postgresql", "pgsql"} else None


def with_database(url: str, name: str) -> str:
    return urllib.parse.urlsplit(url)._replace(path="/" + name).geturl()


def base_env() -> dict[str, str]:
    env = {**os.environ, "DEBUG": "1", "PYTHONUNBUFFERED": "1", "OPEN311_API_KEYS": OPEN311_KEY}
    env.pop("DATABASE_URL", None)
    env.pop("SQLITE_PATH", None)
    return env


def _manage_command(args: tuple[str, ...]) -> list[str]:
    # The system checks cover the whole project, not what these tests are about; `shell` runs none.
    return [sys.executable, MANAGE, *args, *([] if args[0] == "shell" else ["--skip-checks"])]


def manage(env: dict, *args: str, timeout: float = 60) -> str:
    result = subprocess.run(
        _manage_command(args),
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)} gagal:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def manage_fails(env: dict, *args: str) -> str:
    """Run a command that must fail; return its error output."""
    result = subprocess.run(
        _manage_command(args),
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0, f"manage.py {' '.join(args)} should have failed:\n{result.stdout}"
    return result.stderr


def pg_admin(url: str):
    """An autocommit connection to the server's maintenance database."""
    import psycopg

    return psycopg.connect(with_database(url, "postgres"), autocommit=True, connect_timeout=5)


def drop_pg_database(url: str, name: str) -> None:
    with pg_admin(url) as admin:
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name])
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')


@dataclass
class AppDatabase:
    """A database of the test's own, and how the app's subprocesses reach it."""

    kind: str  # "sqlite" or "postgresql"
    env: dict[str, str]
    sqlite_path: Path | None = None
    pg_url: str | None = None
    pg_name: str | None = None

    def manage(self, *args: str, **kwargs) -> str:
        return manage(self.env, *args, **kwargs)

    def fetch(self, sql: str, params: tuple = ()) -> list[tuple]:
        """Run a query on a fresh connection of the test's own: it sees only committed rows."""
        if self.kind == "sqlite":
            connection = sqlite3.connect(f"file:{self.sqlite_path}?mode=ro", uri=True, timeout=5)
            try:
                return connection.execute(sql.replace("%s", "?"), params).fetchall()
            finally:
                connection.close()
        import psycopg

        with psycopg.connect(with_database(self.pg_url, self.pg_name), connect_timeout=5) as connection:
            return connection.execute(sql, params).fetchall()

    def snapshot(self) -> dict[str, list[str]]:
        """Every table's rows (sorted, as text), and on PostgreSQL every sequence's position.

        Read straight from the catalog, so it covers tables no model names (django_migrations,
        sqlite_sequence) as well: equal snapshots mean equal databases.
        """
        if self.kind == "sqlite":
            tables = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            sequences = None
        else:
            tables = "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            sequences = "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'"
        names = [name for (name,) in self.fetch(tables)]
        state = {name: sorted(map(repr, self.fetch(f'SELECT * FROM "{name}"'))) for name in names}  # noqa: S608
        if sequences:
            state["(sequences)"] = sorted(map(repr, self.fetch(sequences)))
        return state

    def execute_script(self, statements: list[str]) -> None:
        """DDL for fault injection, committed."""
        if self.kind == "sqlite":
            connection = sqlite3.connect(self.sqlite_path, timeout=5)
            try:
                for statement in statements:
                    connection.execute(statement)
                connection.commit()
            finally:
                connection.close()
            return
        import psycopg

        with psycopg.connect(with_database(self.pg_url, self.pg_name), connect_timeout=5) as connection:
            for statement in statements:
                connection.execute(statement)


def _migrate_and_fill(env: dict) -> None:
    # One process for both: each Django start costs seconds.
    script = "from django.core.management import call_command as c; c('migrate', verbosity=0); c('demo_setup')"
    manage(env, "shell", "--no-imports", "-v", "0", "-c", script, timeout=120)


def make_sqlite_template(directory: Path) -> Path:
    path = directory / "template.sqlite3"
    _migrate_and_fill({**base_env(), "SQLITE_PATH": str(path)})
    # One self-contained file (no -wal beside it), so a plain copy is a whole database.
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.execute("PRAGMA journal_mode=DELETE")
    connection.close()
    return path


def sqlite_copy(template: Path, directory: Path) -> AppDatabase:
    path = directory / "db" / "pamong.sqlite3"
    path.parent.mkdir(parents=True)
    shutil.copyfile(template, path)
    return AppDatabase(kind="sqlite", env={**base_env(), "SQLITE_PATH": str(path)}, sqlite_path=path)


def make_pg_template(url: str) -> str:
    name = f"pamong_faults_tpl_{uuid.uuid4().hex[:8]}"
    with pg_admin(url) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        _migrate_and_fill({**base_env(), "DATABASE_URL": with_database(url, name)})
    except BaseException:
        drop_pg_database(url, name)
        raise
    return name


def pg_copy(url: str, template: str) -> AppDatabase:
    name = f"pamong_faults_{uuid.uuid4().hex[:8]}"
    with pg_admin(url) as admin:
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    env = {**base_env(), "DATABASE_URL": with_database(url, name)}
    return AppDatabase(kind="postgresql", env=env, pg_url=url, pg_name=name)


# --- The app under gunicorn -----------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    process: subprocess.Popen
    url: str
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


def start_gunicorn(env: dict, log: Path) -> Server:
    """One sync worker on a free loopback port, as in production; waits until it answers."""
    port = free_port()
    command = [
        GUNICORN,
        "config.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        "--workers=1",
        "--timeout=20",
        "--graceful-timeout=2",
        "--access-logfile=-",
    ]
    with log.open("ab") as out:
        process = subprocess.Popen(
            command, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    server = Server(process=process, url=f"http://127.0.0.1:{port}", log=log)
    deadline = time.monotonic() + 20
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return server
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                server.stop()
                raise AssertionError(f"gunicorn did not start:\n{server.output()}") from None
            time.sleep(0.05)


# --- A plain HTTP client (cookies, CSRF, no redirect following) -----------------------------


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: str


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class HttpClient:
    def __init__(self, base_url: str):
        self.base_url = base_url
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()), _NoRedirect())

    def request(self, path: str, data: dict | None = None) -> Response:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base_url + path, data=body)  # noqa: S310 - loopback http only
        try:
            with self.opener.open(request, timeout=20) as answer:
                status, headers, content = answer.status, answer.headers, answer.read()
        except urllib.error.HTTPError as error:
            status, headers, content = error.code, error.headers, error.read()
        return Response(status, dict(headers.items()), content.decode("utf-8", "replace"))

    def get(self, path: str) -> Response:
        return self.request(path)

    def post(self, path: str, data: dict) -> Response:
        return self.request(path, data)

    def post_form(self, path: str, data: dict) -> Response:
        """GET the form page, then POST it with its CSRF token (as a browser would)."""
        page = self.get(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
        assert token, f"no CSRF token on {path} (status {page.status})"
        return self.post(path, {"csrfmiddlewaretoken": token.group(1), **data})

    def sign_in(self, email: str, password: str) -> None:
        answer = self.post_form("/akun/masuk/", {"identifier": email, "password": password})
        assert answer.status == 302, f"sign-in failed with status {answer.status}"


# --- Outages --------------------------------------------------------------------------------


@contextlib.contextmanager
def database_outage(database: AppDatabase):
    """Make the app's database unreachable for the duration of the block, then bring it back.

    PostgreSQL: the database stops accepting connections and the app's open ones are killed,
    as when the server restarts or a network link drops. SQLite: the folder holding the file
    disappears, as when its volume is unmounted.
    """
    if database.kind == "sqlite":
        folder = database.sqlite_path.parent
        away = folder.with_name(folder.name + "-weg")
        folder.rename(away)
        try:
            yield
        finally:
            away.rename(folder)
        return
    with pg_admin(database.pg_url) as admin:
        admin.execute(f'ALTER DATABASE "{database.pg_name}" ALLOW_CONNECTIONS false')
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [database.pg_name])
        try:
            yield
        finally:
            admin.execute(f'ALTER DATABASE "{database.pg_name}" ALLOW_CONNECTIONS true')
