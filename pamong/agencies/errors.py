from django.core.exceptions import ValidationError


class AgencyError(ValidationError):
    """A refused agency operation: bad seed data, regions not loaded, unknown agency.

    ``code`` tells which: ``invalid_regency``, ``other_regency``, ``regions_not_loaded``,
    ``bad_seed`` or ``unknown``. A ValidationError, so forms show it; ``str()`` gives the
    plain message.
    """

    def __str__(self) -> str:
        return " ".join(self.messages)
