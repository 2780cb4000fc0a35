"""Whole-database backup and restore, for the ``backup_db`` and ``restore_db`` commands.

- PostgreSQL: ``pg_dump -Fc`` and ``pg_restore --clean --if-exists --single-transaction``
  with the connection parameters from settings. The password goes to the tools through
  ``PGPASSWORD`` in their environment, never on a command line (``ps`` shows those).
- SQLite: the online backup API (``sqlite3.Connection.backup``), which copies a consistent
  snapshot even while the app writes, and restores by the same API into the live file.

A backup is written next to its destination under a temporary name and renamed into place
when complete, so a failed or interrupted backup never leaves a truncated file that looks
like a good one.
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connections

PG_MAGIC = b"PGDMP"  # pg_dump's custom format (-Fc)
SQLITE_MAGIC = b"SQLite format 3\x00"
TOOL_TIMEOUT_SECONDS = 6 * 60 * 60


class BackupError(Exception):
    """A backup or restore that could not be done; the message is for the operator."""


def backup(*, output: Path, database: str = "default") -> str:
    """Write a backup of ``database`` to ``output``; return the engine's kind ("postgresql"/"sqlite")."""
    kind = _kind(database)
    output = Path(output)
    if not output.parent.is_dir():
        raise BackupError(f"Folder tujuan {output.parent} tidak ada.")
    partial = output.with_name(f".{output.name}.sebagian")
    try:
        if kind == "postgresql":
            _pg_dump(database, partial)
        else:
            _sqlite_backup(database, partial)
        partial.replace(output)
    finally:
        partial.unlink(missing_ok=True)
    return kind


def restore(*, source: Path, database: str = "default") -> str:
    """Replace every table of ``database`` with the backup's content; return the engine's kind.

    The app should be stopped meanwhile: PostgreSQL waits for the app's locks, and SQLite
    writers are refused while the restore holds the file.
    """
    kind = _kind(database)
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"Berkas cadangan {source} tidak ditemukan.")
    _check_format(source, kind)
    connections[database].close()  # our own connection must not hold locks on what we replace
    if kind == "postgresql":
        _pg_restore(database, source)
    else:
        _sqlite_restore(database, source)
    return kind


def _kind(database: str) -> str:
    vendor = connections[database].vendor
    if vendor not in {"postgresql", "sqlite"}:
        raise BackupError(f"Basis data jenis {vendor} belum didukung; hanya PostgreSQL dan SQLite.")
    if vendor == "sqlite" and _sqlite_path(database) == ":memory:":
        raise BackupError("Basis data SQLite di memori tidak dapat dicadangkan; atur SQLITE_PATH ke sebuah berkas.")
    return vendor


def _check_format(source: Path, kind: str) -> None:
    with source.open("rb") as file:
        head = file.read(len(SQLITE_MAGIC))
    if kind == "postgresql" and not head.startswith(PG_MAGIC):
        what = "cadangan SQLite" if head == SQLITE_MAGIC else "bukan cadangan PostgreSQL"
        raise BackupError(
            f"Berkas {source} {what}: restore_db ke PostgreSQL butuh berkas dari backup_db (format pg_dump -Fc)."
        )
    if kind == "sqlite" and head != SQLITE_MAGIC:
        what = "cadangan PostgreSQL" if head.startswith(PG_MAGIC) else "bukan basis data SQLite"
        raise BackupError(f"Berkas {source} {what}: restore_db ke SQLite butuh berkas dari backup_db.")


# --- SQLite ---------------------------------------------------------------------------------


def _sqlite_path(database: str) -> str:
    return str(connections[database].settings_dict["NAME"])


def _sqlite_backup(database: str, target: Path) -> None:
    source = sqlite3.connect(_sqlite_path(database))
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # all pages in one step: one consistent snapshot
        # The copy inherits WAL mode; a backup should be one self-contained file.
        copy.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.Error as exc:
        raise BackupError(f"Pencadangan SQLite gagal: {exc}.") from exc
    finally:
        copy.close()
        source.close()


def _sqlite_restore(database: str, source: Path) -> None:
    backup = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        if backup.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise BackupError(f"Berkas cadangan {source} rusak (PRAGMA quick_check gagal).")
        live = sqlite3.connect(_sqlite_path(database), timeout=20)
        try:
            backup.backup(live)
        finally:
            live.close()
    except sqlite3.Error as exc:
        raise BackupError(f"Pemulihan SQLite dari {source} gagal: {exc}.") from exc
    finally:
        backup.close()


# --- PostgreSQL -----------------------------------------------------------------------------


def _pg_dump(database: str, target: Path) -> None:
    _run_pg_tool("pg_dump", ["--format=custom", f"--file={target}"], database)


def _pg_restore(database: str, source: Path) -> None:
    # --single-transaction: a restore that fails half-way changes nothing.
    # --no-owner: the objects belong to the connecting role, which may differ from the source's.
    _run_pg_tool("pg_restore", ["--clean", "--if-exists", "--single-transaction", "--no-owner", str(source)], database)


def _run_pg_tool(tool: str, args: list[str], database: str) -> None:
    executable = shutil.which(tool)
    if executable is None:
        raise BackupError(
            f"Program {tool} tidak ditemukan. Pasang klien PostgreSQL (Debian/Ubuntu: apt-get install "
            "postgresql-client) dengan versi utama yang sama atau lebih baru dari server."
        )
    params = connections[database].settings_dict
    env = {**os.environ, **_pg_environment(params)}
    # --no-password: never stop to ask on a terminal; the password comes from PGPASSWORD.
    command = [executable, "--no-password", f"--dbname={params['NAME']}", *args]
    try:
        result = subprocess.run(  # noqa: S603 - the tool found on PATH, arguments from settings
            command, env=env, capture_output=True, text=True, timeout=TOOL_TIMEOUT_SECONDS, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise BackupError(f"{tool} tidak selesai dalam {TOOL_TIMEOUT_SECONDS // 3600} jam.") from exc
    if result.returncode != 0:
        raise BackupError(f"{tool} gagal (kode {result.returncode}): {result.stderr.strip()}")


def _pg_environment(params: dict) -> dict[str, str]:
    """libpq's variables for the connection in settings; the password only ever travels here."""
    options = params.get("OPTIONS") or {}
    env = {
        "PGHOST": params.get("HOST") or "",
        "PGPORT": str(params.get("PORT") or ""),
        "PGUSER": params.get("USER") or "",
        "PGPASSWORD": params.get("PASSWORD") or "",
        "PGSSLMODE": options.get("sslmode", ""),
        "PGCONNECT_TIMEOUT": str(options.get("connect_timeout", "")),
    }
    return {key: value for key, value in env.items() if value}
