"""Agencies as JSON: the regency's active government units (public directory)."""

from typing import Literal

from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate

from .errors import AgencyError
from .models import Agency
from .queries import active_agencies, get_active_agency

router = Router(tags=["agencies"])

# Inline enums: a class named "Kind" would clash with other apps' in the OpenAPI components.
AgencyKind = Literal[tuple(Agency.Kind.values)]


class AgencyOut(Schema):
    # The head's NIP is left out: it is personal data (UU 27/2022), the name is public.
    code: str
    name: str
    short_name: str
    kind: AgencyKind
    parent_code: str | None
    region_code: str | None
    address: str
    phone: str
    email: str
    head_name: str

    @staticmethod
    def resolve_parent_code(agency: Agency) -> str | None:
        return agency.parent.code if agency.parent_id else None

    @staticmethod
    def resolve_region_code(agency: Agency) -> str | None:
        return agency.region_id


class ErrorOut(Schema):
    detail: str


class BoundedPages(PageNumberPagination):
    """django-ninja's pages with an upper bound: a page number past 64 bits overflows the database."""

    class Input(PageNumberPagination.Input):
        page: int = Field(1, ge=1, le=10_000)


@router.get("/", response=list[AgencyOut], summary="Perangkat daerah aktif, per halaman")
@paginate(BoundedPages, page_size=50, max_page_size=200)
def agency_list(request, kind: AgencyKind | None = None):
    return active_agencies(kind=kind)


@router.get("/{code}", response={200: AgencyOut, 404: ErrorOut}, summary="Satu perangkat daerah")
def agency_detail(request, code: str):
    try:
        return get_active_agency(code)
    except AgencyError as error:
        raise HttpError(404, str(error)) from error
