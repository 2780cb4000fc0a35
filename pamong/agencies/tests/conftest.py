import pytest

from pamong.agencies.services import load_agencies
from pamong.regions.services import load_regions


@pytest.fixture
def bojonegoro_regions(db, settings):
    """Kabupaten Bojonegoro's regions, and the regency this deployment serves."""
    settings.PAMONG_REGION = "35.22"
    return load_regions(code="35.22")


@pytest.fixture
def bojonegoro_agencies(bojonegoro_regions):
    return load_agencies(regency_code="35.22")
