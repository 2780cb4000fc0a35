"""Reading agencies."""

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from .errors import AgencyError
from .models import Agency

AGENCY_NOT_FOUND = _("Perangkat daerah dengan kode '%(code)s' tidak ditemukan.")


def active_agencies(*, kind: str | None = None) -> QuerySet[Agency]:
    """Active units by name (code breaks ties, so pages are stable), parent and region selected."""
    agencies = Agency.objects.filter(is_active=True).select_related("parent", "region").order_by("name", "code")
    if kind:
        agencies = agencies.filter(kind=kind)
    return agencies


def get_active_agency(code: str) -> Agency:
    """The active unit with this code; AgencyError(code="unknown") otherwise."""
    try:
        return active_agencies().get(code=code)
    except Agency.DoesNotExist:
        raise AgencyError(AGENCY_NOT_FOUND, code="unknown", params={"code": code}) from None


def village_government(village_code: str) -> Agency | None:
    """The active government unit of a desa/kelurahan (by Region code), if loaded."""
    return active_agencies().filter(region_id=village_code, kind__in=[Agency.Kind.DESA, Agency.Kind.KELURAHAN]).first()
