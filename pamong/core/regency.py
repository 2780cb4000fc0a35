from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=1)
def _name_from_regions(code: str) -> str | None:
    from pamong.regions.models import Region

    return Region.objects.filter(code=code).values_list("name", flat=True).first()


def current_regency_name() -> str:
    """The configured regency's name, e.g. "Kabupaten Bojonegoro".

    PAMONG_REGENCY_NAME wins; otherwise the loaded region list names it. Before the regions
    are loaded the code itself is shown, never an error.
    """
    if settings.PAMONG_REGENCY_NAME:
        return settings.PAMONG_REGENCY_NAME
    try:
        name = _name_from_regions(settings.PAMONG_REGION)
    except Exception:
        name = None
    if name is None:
        _name_from_regions.cache_clear()
        return _fallback_name()
    return _title_regency(name)


def cached_regency_name() -> str:
    """The regency's name without touching the database (for the 500 page).

    The setting, else the name an earlier request already looked up, else the code.
    """
    if settings.PAMONG_REGENCY_NAME:
        return settings.PAMONG_REGENCY_NAME
    if _name_from_regions.cache_info().currsize:
        # Cached for this very code (maxsize=1, and the code is a setting): no query.
        name = _name_from_regions(settings.PAMONG_REGION)
        if name is not None:
            return _title_regency(name)
    return _fallback_name()


def _fallback_name() -> str:
    return f"Kabupaten/Kota {settings.PAMONG_REGION}"


def _title_regency(name: str) -> str:
    # The official list writes "KABUPATEN BOJONEGORO"; pages want "Kabupaten Bojonegoro".
    return name.title() if name.isupper() else name
