import pytest

from pamong.regions.services import load_regions


@pytest.fixture
def bojonegoro(db, settings):
    """Kabupaten Bojonegoro as the official list has it, and the regency this deployment serves."""
    settings.PAMONG_REGION = "35.22"
    return load_regions(code="35.22")
