"""Private file storage: files with no URL, served only through permission-checking views.

Report attachments, letters and uploaded requirements live here. PRIVATE_MEDIA_ROOT must lie
outside MEDIA_ROOT, which is served to anyone.
"""

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.functional import cached_property


class PrivateStorage(FileSystemStorage):
    """FileSystemStorage under PRIVATE_MEDIA_ROOT, with no URL."""

    @cached_property
    def base_location(self):
        return str(Path(settings.PRIVATE_MEDIA_ROOT))

    @cached_property
    def base_url(self):
        return None

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting in {"PRIVATE_MEDIA_ROOT", "MEDIA_ROOT"}:
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)


_storage = PrivateStorage()


def private_storage() -> PrivateStorage:
    """Callable for FileField(storage=…), so migrations do not freeze a path."""
    return _storage


def referenced_names() -> set[str]:
    """Every file name a FileField on private storage refers to, across all installed models."""
    names: set[str] = set()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField) and field.storage is _storage:
                names.update(
                    model._default_manager.exclude(**{field.name: ""})
                    .values_list(field.name, flat=True)
                    .iterator(chunk_size=5000)
                )
    return names


def _walk(directory: str = "") -> Iterator[str]:
    folders, files = _storage.listdir(directory)
    for name in files:
        yield f"{directory}/{name}" if directory else name
    for folder in folders:
        yield from _walk(f"{directory}/{folder}" if directory else folder)


def orphan_files(*, older_than: timedelta, now: datetime) -> list[str]:
    """Files on private storage that no row refers to and that were written before ``now - older_than``.

    A file is written before the row that refers to it is committed (Django saves the file,
    then the row). When the transaction then rolls back (a later step fails, the process
    dies), the file stays without a row. The age threshold keeps files of transactions still
    in progress.
    """
    if not Path(_storage.location).exists():
        return []
    referenced = referenced_names()
    cutoff = now - older_than
    return sorted(name for name in _walk() if name not in referenced and _storage.get_modified_time(name) < cutoff)
