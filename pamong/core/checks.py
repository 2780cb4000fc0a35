"""Start-up checks that turn a broken environment into a clear message instead of a traceback."""

import os
from pathlib import Path

from django.conf import settings
from django.core.checks import Error, register


@register("database")
def sqlite_file_is_writable(app_configs=None, **kwargs):
    """The embedded SQLite database needs a writable file and a writable folder (WAL and journal)."""
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3" or str(database["NAME"]) == ":memory:":
        return []
    path = Path(database["NAME"])
    folder = path.parent
    if not folder.is_dir():
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            return [_error(f"Folder basis data {folder} tidak bisa dibuat: {exc.strerror or exc}.", "pamong.E001")]
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        return [
            _error(
                f"Berkas basis data {path} tidak bisa ditulis. Periksa izin folder {folder} "
                "atau atur SQLITE_PATH ke lokasi yang bisa ditulis.",
                "pamong.E002",
            )
        ]
    return []


def _error(message: str, code: str) -> Error:
    return Error(message, hint="SQLITE_PATH / DATABASE_URL", id=code)
