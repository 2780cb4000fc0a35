from django.test import override_settings

from pamong.core.checks import sqlite_file_is_writable


def sqlite_at(path):
    return {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": path}}


def test_a_database_folder_that_cannot_be_created_is_reported_in_indonesian(tmp_path):
    blocker = tmp_path / "bukan-folder"
    blocker.write_text("")  # a file where the folder should be
    with override_settings(DATABASES=sqlite_at(blocker / "pamong.sqlite3")):
        errors = sqlite_file_is_writable()

    assert [e.id for e in errors] == ["pamong.E001"]
    assert errors[0].msg.startswith(f"Folder basis data {blocker} tidak bisa dibuat")


def test_a_missing_database_folder_is_created(tmp_path):
    with override_settings(DATABASES=sqlite_at(tmp_path / "baru" / "pamong.sqlite3")):
        errors = sqlite_file_is_writable()

    assert errors == []
    assert (tmp_path / "baru").is_dir()


def test_postgresql_is_not_checked_for_files():
    databases = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "pamong"}}
    with override_settings(DATABASES=databases):
        assert sqlite_file_is_writable() == []
