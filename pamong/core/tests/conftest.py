import pytest

from pamong.core.regency import _name_from_regions


@pytest.fixture(autouse=True)
def _forget_cached_regency_name():
    # The regency's name is cached per process; each test starts from its own database.
    _name_from_regions.cache_clear()
    yield
    _name_from_regions.cache_clear()
