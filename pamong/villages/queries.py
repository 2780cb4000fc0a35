"""Reads of the registry, each with its permission rule in one place.

- ``operated_village(user)``: the village a user keeps the registry of (operators), or None.
- ``access_village(user, code)``: a village the user may operate, else 404/403.
- ``access_resident(user, pk)`` / ``access_family(user, pk)``: one record of the user's village
  (404 for anyone else, so other villages' record ids reveal nothing).
- ``residents_of(village, q)``: the list page's queryset (one query per page, search by name/NIK).
- ``can_see_full_numbers(user, village)``: NIK / No. KK unmasked only for the owning village.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from pamong.accounts.access import REGENCY_WIDE_ROLES, can_operate_village, has_role
from pamong.accounts.models import Role, User
from pamong.regions.codes import RegionError
from pamong.regions.models import Region
from pamong.regions.queries import get_village_in_regency

from .models import Cluster, Family, PopulationEvent, Resident
from .nik import mask

RESIDENT_LIST_RELATED = ("family", "family__cluster")


def operated_village(user: User) -> Region | None:
    """The village whose registry this operator keeps (None for everyone else)."""
    if has_role(user, Role.VILLAGE_OPERATOR) and user.village_id:
        return user.village
    return None


def can_see_full_numbers(user: User, village: Region) -> bool:
    """Only the village's own operators; admins and regency-wide roles see masked numbers."""
    return has_role(user, Role.VILLAGE_OPERATOR) and user.village_id == village.pk


def can_see_full_statistics(user: User, region: Region) -> bool:
    """Who sees unsuppressed counts for ``region``: regency-wide roles everywhere, a village
    operator on their own village's pages only (a district or regency total holds other
    villages' small counts)."""
    if has_role(user, *REGENCY_WIDE_ROLES):
        return True
    return has_role(user, Role.VILLAGE_OPERATOR) and user.village_id == region.pk


def access_village(user: User, code: str) -> Region:
    """The village with ``code`` if ``user`` operates it; 404 for unknown codes, 403 otherwise."""
    try:
        village = get_village_in_regency(code)
    except RegionError:
        raise Http404 from None
    if not can_operate_village(user, village):
        raise PermissionDenied
    return village


def _scoped(user: User) -> Q | None:
    if has_role(user, Role.ADMIN):
        return Q()
    village = operated_village(user)
    return Q(village_id=village.pk) if village else None


def access_resident(user: User, pk: int) -> Resident:
    """A resident of the user's village (admins: any). 404 otherwise: the id reveals nothing."""
    scope = _scoped(user)
    if scope is None:
        raise Http404
    try:
        return (
            Resident.objects.select_related(
                "family",
                "family__cluster",
                "village",
                "village__parent",
                "religion",
                "education",
                "occupation",
                "marital_status",
                "blood_type",
                "disability",
            )
            .filter(scope)
            .get(pk=pk)
        )
    except (Resident.DoesNotExist, ValueError):
        raise Http404 from None


def access_family(user: User, pk: int) -> Family:
    scope = _scoped(user)
    if scope is None:
        raise Http404
    try:
        return Family.objects.select_related("cluster", "village").filter(scope).get(pk=pk)
    except (Family.DoesNotExist, ValueError):
        raise Http404 from None


def access_cluster(user: User, pk: int) -> Cluster:
    """A dusun/RW/RT of the user's village (admins: any); 404 otherwise."""
    scope = _scoped(user)
    if scope is None:
        raise Http404
    try:
        return Cluster.objects.select_related("village").filter(scope).get(pk=pk)
    except (Cluster.DoesNotExist, ValueError):
        raise Http404 from None


def clusters_of(village: Region) -> QuerySet[Cluster]:
    """The village's clusters with how many families and living residents each holds."""
    alive = Q(families__members__status=Resident.Status.ALIVE)
    return (
        Cluster.objects.filter(village=village)
        .annotate(
            family_count=Count("families", distinct=True), resident_count=Count("families__members", filter=alive)
        )
        .order_by("dusun", "rw", "rt")
    )


def residents_of(village: Region, *, q: str = "", status: str | None = Resident.Status.ALIVE) -> QuerySet[Resident]:
    """The village's residents by name; ``q`` matches a NIK prefix (digits) or a name part."""
    qs = Resident.objects.filter(village=village).select_related(*RESIDENT_LIST_RELATED).order_by("name", "pk")
    if status:
        qs = qs.filter(status=status)
    q = q.strip()
    if q.isdigit():
        qs = qs.filter(nik__startswith=q)
    elif q:
        qs = qs.filter(name__icontains=q)
    return qs


def families_of(village: Region) -> QuerySet[Family]:
    return Family.objects.filter(village=village).select_related("cluster").order_by("number")


def members_of(family: Family) -> QuerySet[Resident]:
    return family.members.order_by("-is_head", "relation", "birth_date").select_related("family")


def events_of(village: Region) -> QuerySet[PopulationEvent]:
    return PopulationEvent.objects.filter(village=village).select_related("resident", "other_village")


def residents_for_export(village: Region) -> QuerySet[Resident]:
    """Living residents with everything the export writes, in one query."""
    return (
        residents_of(village)
        .select_related("religion", "education", "occupation", "marital_status", "blood_type", "disability")
        .order_by("family__number", "-is_head", "pk")
    )


def find_living_by_nik(nik: str) -> Resident | None:
    """The living resident with this NIK (for self-service sign-in and letters), or None.

    No permission check: callers decide what the person may see (their own record). With the
    family and the village, which every caller uses; no more, because compiling the query is
    most of the lookup's time (issue 5: p95 <= 5 ms): each related model selected costs ~0.5 ms
    of Django's SQL compiler, and ``first`` instead of ``get`` would add an ORDER BY too."""
    try:
        return Resident.objects.select_related("family", "village").get(nik=nik.strip(), status=Resident.Status.ALIVE)
    except Resident.DoesNotExist:
        return None


def address_line(resident: Resident) -> str:
    """ "Jl. Kartini 1, RT 001 / RW 002, Dusun Krajan, Kadipaten, Kec. Bojonegoro" for letters.

    Expects family, family.cluster, village and village.parent selected (access_resident does)."""
    family, cluster = resident.family, resident.family.cluster
    parts = [family.address]
    if cluster is not None:
        parts.append(" / ".join(p for p in (cluster.rt and f"RT {cluster.rt}", cluster.rw and f"RW {cluster.rw}") if p))
        parts.append(cluster.dusun and f"Dusun {cluster.dusun}")
    parts.append(resident.village.name)
    if resident.village.parent_id:
        parts.append(f"Kec. {resident.village.parent.name}")
    return ", ".join(p for p in parts if p)


def shown_number(number: str, *, full: bool) -> str:
    return number if full else mask(number)
