"""``backup_db`` and ``restore_db`` round-trip a populated database exactly, on SQLite and PostgreSQL,
and refuse what they cannot do with a clear message in Indonesian."""

import subprocess
from types import SimpleNamespace

import pytest

from pamong.core import backups

# What happens after the backup: reports deleted (their events and files go with them), an
# account edited, one added (so the id sequences move on too).
DAMAGE = """
from pamong.accounts.models import User
from pamong.complaints.models import Report
Report.objects.filter(pk__in=list(Report.objects.order_by("pk").values_list("pk", flat=True)[:3])).delete()
User.objects.filter(email="warga@demo.pamong.id").update(full_name="Diubah setelah pencadangan")
User.objects.create_user(email="baru@example.id", password="Rahasia-Uji-2026", full_name="Akun Baru")
"""


def test_backup_and_restore_round_trip_a_populated_database_exactly(app_db, tmp_path):
    backup = tmp_path / "cadangan.bak"
    original = app_db.snapshot()

    app_db.manage("backup_db", str(backup))
    app_db.manage("shell", "--no-imports", "-v", "0", "-c", DAMAGE)
    damaged = app_db.snapshot()
    app_db.manage("restore_db", str(backup), "--noinput")
    restored = app_db.snapshot()

    # The damage is real (so the comparison proves something) and the database is well filled.
    assert {t for t in original if damaged[t] != original[t]} >= {"accounts_user", "complaints_report"}
    assert len(original["regions_region"]) > 400 and len(original["complaints_report"]) > 5
    assert restored.keys() == original.keys()
    for table, rows in original.items():
        assert restored[table] == rows, f"{table} differs after restore"


def test_restore_refuses_a_missing_file(app_db, tmp_path):
    error = _fails(app_db, "restore_db", str(tmp_path / "tidak-ada.bak"), "--noinput")

    assert f"Berkas cadangan {tmp_path / 'tidak-ada.bak'} tidak ditemukan." in error


def test_restore_refuses_a_file_of_the_wrong_kind_and_changes_nothing(app_db, tmp_path):
    wrong = tmp_path / "catatan.txt"
    wrong.write_text("bukan cadangan\n")
    before = app_db.snapshot()

    error = _fails(app_db, "restore_db", str(wrong), "--noinput")

    expected = {"sqlite": "bukan basis data SQLite", "postgresql": "bukan cadangan PostgreSQL"}[app_db.kind]
    assert f"Berkas {wrong} {expected}" in error
    assert app_db.snapshot() == before


def test_restore_tells_a_sqlite_backup_from_a_postgresql_one(app_db, tmp_path):
    other = tmp_path / "lain.bak"
    if app_db.kind == "sqlite":
        other.write_bytes(backups.PG_MAGIC + b"\x01\x0e\x00")
        expected = "cadangan PostgreSQL: restore_db ke SQLite butuh berkas dari backup_db."
    else:
        other.write_bytes(backups.SQLITE_MAGIC + bytes(84))
        expected = "cadangan SQLite: restore_db ke PostgreSQL butuh berkas dari backup_db (format pg_dump -Fc)."

    assert expected in _fails(app_db, "restore_db", str(other), "--noinput")


def test_backup_into_a_missing_folder_is_refused(app_db, tmp_path):
    error = _fails(app_db, "backup_db", str(tmp_path / "tidak-ada" / "cadangan.bak"))

    assert f"Folder tujuan {tmp_path / 'tidak-ada'} tidak ada." in error


def test_a_missing_pg_dump_is_explained(monkeypatch):
    monkeypatch.setattr(backups.shutil, "which", lambda name: None)

    with pytest.raises(backups.BackupError) as refused:
        backups._run_pg_tool("pg_dump", [], "default")

    assert str(refused.value).startswith("Program pg_dump tidak ditemukan. Pasang klien PostgreSQL")


def test_the_password_reaches_pg_dump_only_through_its_environment(monkeypatch, tmp_path):
    settings_dict = {"NAME": "pamong", "HOST": "db.internal", "PORT": 5433, "USER": "pamong", "PASSWORD": "s3kr3t!"}
    settings_dict["OPTIONS"] = {"sslmode": "require", "connect_timeout": 5}
    monkeypatch.setattr(backups, "connections", {"default": SimpleNamespace(settings_dict=settings_dict)})
    monkeypatch.setattr(backups.shutil, "which", lambda name: f"/usr/bin/{name}")
    calls = []

    def run(command, *, env, **kwargs):
        calls.append((command, env))
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(backups.subprocess, "run", run)

    backups._pg_dump("default", tmp_path / "cadangan.bak")

    [(command, env)] = calls
    assert command == [
        "/usr/bin/pg_dump",
        "--no-password",
        "--dbname=pamong",
        "--format=custom",
        f"--file={tmp_path / 'cadangan.bak'}",
    ]
    assert not any("s3kr3t" in part for part in command)
    assert {key: env[key] for key in ("PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGSSLMODE")} == {
        "PGHOST": "db.internal",
        "PGPORT": "5433",
        "PGUSER": "pamong",
        "PGPASSWORD": "s3kr3t!",
        "PGSSLMODE": "require",
    }


def _fails(app_db, *args: str) -> str:
    from .support import manage_fails

    return manage_fails(app_db.env, *args)
