"""Private file storage: files with no URL, served only through permission-checking views.

Report attachments, letters and uploaded requirements live here. PRIVATE_MEDIA_ROOT must lie
outside MEDIA_ROOT, which is served to anyone.
"""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
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
