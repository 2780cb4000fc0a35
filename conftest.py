"""Applies to every test in the repository."""

import pytest
from django.conf import settings
from django.utils import translation


@pytest.fixture(autouse=True)
def _language_reset():
    """A request in English leaves English active in the thread; the next test starts in Indonesian."""
    yield
    translation.activate(settings.LANGUAGE_CODE)
