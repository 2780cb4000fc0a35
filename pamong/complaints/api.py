"""Open311 GeoReport v2 (a JSON subset) under /api/complaints/open311/.

- ``GET services.json``: the active categories as services.
- ``GET requests.json``: public reports (verified, not rahasia), newest first, with the
  spec's filters and the common ``page``/``page_size`` extension.
- ``GET requests/{id}.json``: one public report (a one-element list, as the spec says).
- The same three in XML (``.xml``), the spec's required format.
- ``POST requests.json``: a new report from a client holding an API key
  (settings.OPEN311_API_KEYS); the client vouches for the reporter's contact.

Never in any answer: the reporter's name or contact, rahasia reports, internal notes.
Not yet: the discovery document, ``tokens/``, ``services/{code}`` definitions, and XML answers
to POST.
"""

import secrets
from datetime import UTC, datetime
from xml.etree import ElementTree  # builds XML, parses none

from django.conf import settings
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from . import queries, services
from .models import Category, Report, ReportEvent
from .privacy import is_public

router = Router(tags=["complaints"])

CLOSED = (Report.Status.CLOSED, Report.Status.REJECTED)
MAX_PAGE_SIZE = 100
MAX_PAGE = 10_000  # deeper pages are for harvesting with start_date/end_date windows


class ServiceOut(Schema):
    service_code: str
    service_name: str
    description: str
    metadata: bool
    type: str
    keywords: str
    group: str


class RequestOut(Schema):
    service_request_id: str
    status: str
    status_notes: str | None
    service_name: str | None
    service_code: str | None
    description: str
    agency_responsible: str | None
    service_notice: str | None
    requested_datetime: datetime
    updated_datetime: datetime
    expected_datetime: datetime | None
    address: str | None
    zipcode: str | None
    lat: float | None
    long: float | None
    media_url: str | None


class CreatedOut(Schema):
    service_request_id: str
    service_notice: str
    account_id: str | None = None


class Open311Error(Schema):
    code: int
    description: str


def _error(status: int, description: str):
    return Status(status, [{"code": status, "description": description}])


def _services() -> list[dict]:
    categories = Category.objects.filter(is_active=True).select_related("parent").order_by("parent__name", "name")
    return [
        {
            "service_code": str(c.pk),
            "service_name": c.name,
            "description": str(c),
            "metadata": False,
            "type": "realtime",
            "keywords": "",
            "group": c.parent.name if c.parent_id else c.name,
        }
        for c in categories
    ]


def _public_requests():
    answers = ReportEvent.objects.filter(action="answer", is_internal=False).order_by("at", "id")
    return queries.public_reports().prefetch_related(
        Prefetch("events", queryset=answers, to_attr="answers"), "attachments"
    )


def _as_open311(request: HttpRequest, report: Report) -> dict:
    answers = getattr(report, "answers", [])
    image = next((a for a in report.attachments.all() if a.sanitized), None)
    return {
        "service_request_id": report.code,
        "status": "closed" if report.status in CLOSED else "open",
        "status_notes": answers[-1].note if answers else report.get_status_display(),
        "service_name": report.category.name if report.category_id else None,
        "service_code": str(report.category_id) if report.category_id else None,
        "description": report.body,
        "agency_responsible": report.agency.name if report.agency_id else None,
        "service_notice": None,
        "requested_datetime": report.created_at,
        "updated_datetime": report.updated_at,
        "expected_datetime": report.due_at,
        "address": report.address or f"{report.village.name}, {report.district.name}",
        "zipcode": None,
        "lat": float(report.latitude) if report.latitude is not None else None,
        "long": float(report.longitude) if report.longitude is not None else None,
        "media_url": request.build_absolute_uri(reverse("complaints:attachment", args=[image.pk])) if image else None,
    }


class RequestFilters(Schema):
    """GET requests' filters, as the GeoReport v2 spec names them, plus paging."""

    service_request_id: str | None = None
    service_code: str | None = None
    start_date: datetime | None = None
    end_date: datetime | None = None
    status: str | None = None
    page: int = Field(1, ge=1, le=MAX_PAGE)
    page_size: int = Field(50, ge=1, le=MAX_PAGE_SIZE)


def _requests(request, params: dict) -> tuple[int, list[dict]]:
    """(status, rows) for GET requests: public reports, newest first, filtered as the spec says."""
    qs = _public_requests().order_by("-created_at", "-id")
    if params.get("service_request_id"):
        qs = qs.filter(code__in=[code.strip() for code in params["service_request_id"].split(",")][:100])
    if params.get("service_code"):
        codes = [c.strip() for c in params["service_code"].split(",")]
        # 18 digits at most: a longer number does not fit the id column (and overflows SQLite).
        if not all(c.isdigit() and len(c) <= 18 for c in codes):
            return 400, [{"code": 400, "description": "service_code tidak valid."}]
        qs = qs.filter(category_id__in=codes)
    for name, lookup in (("start_date", "created_at__gte"), ("end_date", "created_at__lte")):
        if params.get(name):
            moment = _as_utc(params[name])
            if moment is None:
                return 400, [{"code": 400, "description": f"{name} tidak valid."}]
            qs = qs.filter(**{lookup: moment})
    status = params.get("status")
    if status == "open":
        qs = qs.exclude(status__in=CLOSED)
    elif status == "closed":
        qs = qs.filter(status__in=CLOSED)
    elif status:
        return 400, [{"code": 400, "description": "status harus open atau closed."}]
    page, size = max(params.get("page") or 1, 1), min(max(params.get("page_size") or 50, 1), MAX_PAGE_SIZE)
    return 200, [_as_open311(request, report) for report in qs[(page - 1) * size : page * size]]


def _as_utc(moment: datetime) -> datetime | None:
    """The moment in UTC (naive ones read in the regency's zone); None at the calendar's edges,
    where the conversion would overflow (year 1 minus seven hours)."""
    try:
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment.astimezone(UTC)
    except (OverflowError, ValueError):
        return None


def _request(request, code: str) -> tuple[int, list[dict]]:
    report = _public_requests().filter(code=code.upper()).first()
    if report is None:
        return 404, [{"code": 404, "description": "Laporan tidak ditemukan."}]
    return 200, [_as_open311(request, report)]


def _xml(root: str, item: str, status: int, rows: list[dict]) -> HttpResponse:
    """The spec's XML form: <services><service>…</service></services>, errors as <errors>."""
    if status >= 400:
        root, item = "errors", "error"
    tree = ElementTree.Element(root)
    for row in rows:
        element = ElementTree.SubElement(tree, item)
        for key, value in row.items():
            child = ElementTree.SubElement(element, key)
            if isinstance(value, datetime):
                child.text = value.isoformat()
            elif isinstance(value, bool):
                child.text = "true" if value else "false"
            elif value is not None:
                child.text = str(value)
    body = b'<?xml version="1.0" encoding="utf-8"?>' + ElementTree.tostring(tree, encoding="utf-8")
    return HttpResponse(body, status=status, content_type="text/xml; charset=utf-8")


@router.get("/open311/services.json", response=list[ServiceOut], summary="Open311: daftar layanan (kategori)")
def services_list(request):
    return _services()


@router.get("/open311/services.xml", include_in_schema=False)
def services_list_xml(request):
    return _xml("services", "service", 200, _services())


@router.get(
    "/open311/requests.json",
    response={200: list[RequestOut], 400: list[Open311Error]},
    summary="Open311: daftar laporan publik",
)
def requests_list(request, filters: Query[RequestFilters]):
    return Status(*_requests(request, filters.dict()))


@router.get("/open311/requests.xml", include_in_schema=False)
def requests_list_xml(request, filters: Query[RequestFilters]):
    return _xml("service_requests", "request", *_requests(request, filters.dict()))


@router.get(
    "/open311/requests/{code}.json",
    response={200: list[RequestOut], 404: list[Open311Error]},
    summary="Open311: satu laporan publik",
)
def request_detail(request, code: str):
    return Status(*_request(request, code))


@router.get("/open311/requests/{code}.xml", include_in_schema=False)
def request_detail_xml(request, code: str):
    return _xml("service_requests", "request", *_request(request, code))


def _api_key_ok(key: str) -> bool:
    keys = settings.OPEN311_API_KEYS
    return any(secrets.compare_digest(key, allowed) for allowed in keys if allowed)


@router.post(
    "/open311/requests.json",
    response={201: list[CreatedOut], 400: list[Open311Error], 403: list[Open311Error]},
    summary="Open311: kirim laporan (butuh api_key)",
)
def request_create(request):
    """Form-encoded as in the spec. Pamong needs ``attribute[village]``: the village code."""
    data = request.POST
    if not _api_key_ok(data.get("api_key", "")):
        return _error(403, "api_key tidak valid.")
    category = None
    service_code = data.get("service_code", "")
    if service_code:
        if service_code.isdigit():
            category = Category.objects.filter(pk=service_code, is_active=True).first()
        if category is None:
            return _error(400, "service_code tidak dikenal.")
    description = data.get("description", "")
    name = " ".join(filter(None, [data.get("first_name", ""), data.get("last_name", "")]))
    try:
        report = services.submit_report(
            by=None,
            type=data.get("attribute[type]", Report.Type.COMPLAINT),
            title=data.get("attribute[title]") or description.strip()[:80],
            body=description,
            village=data.get("attribute[village]", ""),
            category=category,
            latitude=data.get("lat") or None,
            longitude=data.get("long") or None,
            address=data.get("address_string", ""),
            channel=Report.Channel.API,
            guest_name=name,
            contact=data.get("email") or data.get("phone") or "",
            idempotency_key=data.get("attribute[idempotency_key]", ""),
            trusted_intake=True,
            request=request,
        )
    except services.ComplaintError as exc:
        return _error(400, exc.message)
    notice = "Laporan diterima dan menunggu verifikasi." if not is_public(report) else ""
    return Status(201, [{"service_request_id": report.code, "service_notice": notice}])
