"""Letters and uploaded requirements live under PRIVATE_MEDIA_ROOT and have no URL:
they are served only by permission-checked views (views.letter_pdf, request_file)."""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import cached_property


class PrivateStorage(FileSystemStorage):
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
