"""Reads of reports, each with the permission rule in one place.

- ``public_reports()``: what anyone may see: verified, not rahasia, not rejected.
- ``reports_visible_to(user)``: public reports, plus one's own, plus the staff's scope.
- ``handled_by(user)``: the reports a staff member may open in the workspace.
- ``search(qs, q)``: the one full-text search (PostgreSQL ``indonesian``, else icontains).
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import F, Q, QuerySet
from django.http import Http404

from pamong.accounts.access import has_role
from pamong.accounts.models import Role, User
from pamong.agencies.models import Agency

from .models import Report, ReportEvent
from .transitions import DEADLINE_STATES

S = Report.Status
PUBLIC_Q = Q(is_confidential=False, verified_at__isnull=False) & ~Q(status=S.REJECTED)
WIDE_ROLES = (Role.COORDINATOR, Role.LEADERSHIP, Role.ADMIN)
LIST_RELATED = ("category", "agency", "village", "district")


def _base() -> QuerySet[Report]:
    return Report.objects.select_related(*LIST_RELATED)


def public_reports() -> QuerySet[Report]:
    """Verified, non-rahasia, non-rejected reports. Pages must still hide anonim reporters."""
    return _base().filter(PUBLIC_Q)


def agency_scope(agency: Agency | int) -> Q:
    """An agency and its sub-units at any depth (a dinas sees what it forwarded to its bidang/UPT),
    the same reach as accounts.access.can_work_for_agency."""
    return Q(agency_id__in=unit_ids(agency))


def handled_by(user: User) -> QuerySet[Report]:
    """Reports this staff member may open in the workspace (none for citizens)."""
    if has_role(user, *WIDE_ROLES):
        return _base().exclude(status=S.AWAITING_CONFIRMATION)
    if has_role(user, Role.OFFICER) and user.agency_id:
        return _base().filter(agency_scope(user.agency_id))
    return Report.objects.none()


def reports_visible_to(user: User) -> QuerySet[Report]:
    if not user.is_authenticated:
        return public_reports()
    if has_role(user, *WIDE_ROLES):
        return _base()
    rule = PUBLIC_Q | Q(reporter=user)
    if has_role(user, Role.OFFICER) and user.agency_id:
        rule |= agency_scope(user.agency_id)
    return _base().filter(rule)


def get_report_for_user(user: User, code: str) -> Report:
    try:
        return reports_visible_to(user).get(code=code)
    except Report.DoesNotExist:
        raise Http404 from None


def get_report_for_staff(user: User, code: str) -> Report:
    try:
        return handled_by(user).get(code=code)
    except Report.DoesNotExist:
        raise Http404 from None


def get_report_by_token(token: str) -> Report:
    """The reporter's private link. Tokens are 43 random characters."""
    if not token or len(token) < 20:
        raise Http404
    try:
        return _base().get(access_token=token)
    except Report.DoesNotExist:
        raise Http404 from None


def get_report_by_code(code: str) -> Report:
    """For the public tracking page: the page shows only what the code holder may see."""
    try:
        return _base().exclude(status=S.AWAITING_CONFIRMATION).get(code=(code or "").strip().upper())
    except Report.DoesNotExist:
        raise Http404 from None


def my_reports(user: User) -> QuerySet[Report]:
    return _base().filter(reporter=user).order_by("-created_at", "-id")


def coordinator_queue() -> QuerySet[Report]:
    """Reports waiting for verification (new and returned), the nearest deadline first."""
    return _base().filter(status__in=[S.SUBMITTED, S.RETURNED]).order_by("due_at", "id")


def held_reports() -> QuerySet[Report]:
    """Reports on hold (the clock stopped), oldest hold first."""
    return _base().filter(status=S.ON_HOLD).order_by("paused_at", "id")


def unit_ids(agency: Agency | int) -> list[int]:
    """An agency and all its sub-units, as ids: one small query per level of the (shallow) tree,
    then an index-friendly IN."""
    pk = agency.pk if isinstance(agency, Agency) else agency
    ids, level = [pk], [pk]
    while level:
        level = list(Agency.objects.filter(parent_id__in=level).values_list("pk", flat=True))
        ids.extend(level)
    return ids


def agency_inbox(agency: Agency) -> QuerySet[Report]:
    return (
        _base()
        .filter(agency_id__in=unit_ids(agency), status__in=[S.DISPOSED, S.ACCEPTED, S.IN_PROGRESS])
        .order_by(F("due_at").asc(nulls_last=True), "id")
    )


def my_work(user: User) -> QuerySet[Report]:
    return _base().filter(handler=user, status__in=[S.ACCEPTED, S.IN_PROGRESS]).order_by("due_at", "id")


def overdue_reports(*, now, agency: Agency | None = None) -> QuerySet[Report]:
    qs = _base().filter(status__in=DEADLINE_STATES, due_at__lt=now)
    if agency is not None:
        qs = qs.filter(agency_id__in=unit_ids(agency))
    return qs.order_by("due_at", "id")


def public_timeline(report: Report) -> QuerySet[ReportEvent]:
    return report.events.filter(is_internal=False).select_related("agency", "rejection_reason")


def full_timeline(report: Report) -> QuerySet[ReportEvent]:
    return report.events.select_related("agency", "actor", "rejection_reason")


# --- Filters and full-text search ----------------------------------------------------------

# PostgreSQL's `indonesian` configuration stems but has no stopword list: an AND query for
# "lubang di jalan" would need the word "di" in the report. These words are dropped first.
_STOPWORDS_TEXT = """
ada adalah agar akan aku anda apa atau bagi bahwa banyak belum bisa dalam dan dari dengan
di dia ini itu jadi jika juga kami kamu karena ke kepada ketika kita lagi lalu mau maupun
mereka nya oleh pada para saja sangat saya sebagai sedang sejak sekali selama seperti
serta sudah supaya tapi tetapi tidak untuk yaitu yang
"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())
_WORD = re.compile(r"[\w-]+", re.UNICODE)


def search_terms(q: str) -> list[str]:
    words = [w.lower() for w in _WORD.findall(q or "")][:12]
    return [w for w in words if w not in STOPWORDS and len(w) > 1]


def search(qs: QuerySet[Report], q: str) -> QuerySet[Report]:
    """Reports matching every meaningful word of ``q`` in title or body."""
    terms = search_terms(q)
    if not terms:
        return qs
    if connection.vendor == "postgresql":
        vector = SearchVector("title", weight="A", config="indonesian") + SearchVector(
            "body", weight="B", config="indonesian"
        )
        query = SearchQuery(" ".join(terms), search_type="websearch", config="indonesian")
        return qs.annotate(search=vector).filter(search=query)
    for term in terms:
        qs = qs.filter(Q(title__icontains=term) | Q(body__icontains=term))
    return qs


def filter_reports(qs: QuerySet[Report], data: dict) -> QuerySet[Report]:
    """Apply the list filters (already validated by forms.ReportFilterForm)."""
    exact = {
        "type": "type",
        "status": "status",
        "category": "category",
        "district": "district",
        "village": "village",
    }
    for key, field in exact.items():
        if data.get(key):
            qs = qs.filter(**{field: data[key]})
    if data.get("agency"):
        qs = qs.filter(agency_scope(data["agency"]))  # an OPD with what it forwarded to its units
    if data.get("date_from"):
        qs = qs.filter(created_at__date__gte=data["date_from"])
    if data.get("date_to"):
        qs = qs.filter(created_at__date__lte=data["date_to"])
    if data.get("q"):
        qs = search(qs, data["q"])
    return qs
