"""Population events: the only way a resident enters, leaves or changes status in the registry.

Every function is keyword-only and atomic, checks that ``by`` operates the village the event
counts for, refuses (VillageError, nothing written) dates out of order or a resident who is no
longer living here, keeps exactly one living head per family (the caller names the new head
when the head leaves a family that stays), writes PopulationEvent rows and an audit event.
"""

from datetime import date

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.accounts.models import User
from pamong.audit.services import record
from pamong.regions.models import Region

from . import statstasks
from .models import Cluster, Family, PopulationEvent, Resident
from .services import Person, VillageError, hand_over_head, new_family, new_resident, require_operator

Kind = PopulationEvent.Kind
Status = Resident.Status


def _check_dates(*, event_date: date, report_date: date, not_before: date | None = None) -> None:
    today = timezone.localdate()
    if event_date > today:
        raise VillageError(_("Tanggal peristiwa tidak boleh sesudah hari ini."), field="event_date")
    if report_date > today:
        raise VillageError(_("Tanggal lapor tidak boleh sesudah hari ini."), field="report_date")
    if report_date < event_date:
        raise VillageError(_("Tanggal lapor tidak boleh sebelum tanggal peristiwa."), field="report_date")
    if not_before and event_date < not_before:
        raise VillageError(_("Tanggal peristiwa tidak boleh sebelum tanggal lahir penduduk."), field="event_date")


def _lock_living(resident: Resident) -> Resident:
    locked = Resident.objects.select_for_update().select_related("family", "village").get(pk=resident.pk)
    if locked.status != Status.ALIVE:
        raise VillageError(
            _("Penduduk ini berstatus %(status)s; peristiwa tidak dapat dicatat.")
            % {"status": locked.get_status_display().lower()}
        )
    return locked


def _leave_family(resident: Resident, new_head: Resident | None) -> None:
    """Before ``resident`` leaves their family: if they are its head and others stay, hand the
    headship to ``new_head`` (required then)."""
    if not resident.is_head:
        return
    others = Resident.objects.filter(family_id=resident.family_id, status=Status.ALIVE).exclude(pk=resident.pk)
    if not others.exists():
        return
    if new_head is None or new_head.pk == resident.pk:
        raise VillageError(
            _("Penduduk ini kepala keluarga: pilih kepala keluarga baru dari anggota keluarga yang tetap tinggal."),
            field="new_head",
        )
    hand_over_head(family=resident.family, new_head=new_head, former_relation=resident.relation)
    resident.is_head = False


def _event(resident: Resident, kind: str, *, village: Region, by: User, **extra) -> PopulationEvent:
    return PopulationEvent.objects.create(resident=resident, kind=kind, village=village, recorded_by=by, **extra)


def _audit(by, action, resident, event, request, **after):
    record(
        actor=by,
        action=f"villages.{action}",
        obj=resident,
        after={"event": event.pk, "kind": event.kind, "event_date": event.event_date.isoformat(), **after},
        request=request,
    )


@transaction.atomic
def record_birth(
    *,
    by: User,
    family: Family,
    person: Person,
    event_date: date,
    report_date: date,
    relation: str = Resident.Relation.CHILD,
    note: str = "",
    request: HttpRequest | None = None,
) -> Resident:
    """A baby born into an existing family: a new resident plus a ``lahir`` event."""
    require_operator(by, family.village)
    _check_dates(event_date=event_date, report_date=report_date)
    if person.birth_date != event_date:
        raise VillageError(_("Tanggal lahir harus sama dengan tanggal peristiwa kelahiran."), field="birth_date")
    if relation == Resident.Relation.HEAD:
        raise VillageError(_("Bayi tidak dapat menjadi kepala keluarga."), field="relation")
    if not Resident.objects.filter(family=family, status=Status.ALIVE).exists():
        raise VillageError(_("Keluarga ini tidak punya anggota yang masih tinggal di desa."), field="family")
    resident = new_resident(person=person, family=family, relation=relation)
    event = _event(
        resident, Kind.BIRTH, village=family.village, by=by, event_date=event_date, report_date=report_date, note=note
    )
    _audit(by, "birth", resident, event, request)
    return resident


@transaction.atomic
def record_death(
    *,
    by: User,
    resident: Resident,
    event_date: date,
    report_date: date,
    new_head: Resident | None = None,
    note: str = "",
    request: HttpRequest | None = None,
) -> PopulationEvent:
    """A death: status ``mati`` plus a ``mati`` event; a dying head hands over to ``new_head``."""
    return _close(
        by=by, resident=resident, status=Status.DEAD, kind=Kind.DEATH, action="death",
        event_date=event_date, report_date=report_date, new_head=new_head, note=note, request=request,
    )  # fmt: skip


@transaction.atomic
def record_lost(
    *,
    by: User,
    resident: Resident,
    event_date: date,
    report_date: date,
    new_head: Resident | None = None,
    note: str = "",
    request: HttpRequest | None = None,
) -> PopulationEvent:
    """A missing person: status ``hilang`` plus a ``hilang`` event."""
    return _close(
        by=by, resident=resident, status=Status.LOST, kind=Kind.LOST, action="lost",
        event_date=event_date, report_date=report_date, new_head=new_head, note=note, request=request,
    )  # fmt: skip


@transaction.atomic
def record_left(
    *,
    by: User,
    resident: Resident,
    event_date: date,
    report_date: date,
    destination: str = "",
    new_head: Resident | None = None,
    note: str = "",
    request: HttpRequest | None = None,
) -> PopulationEvent:
    """Left without a formal move (pergi): status ``pergi`` plus a ``pergi`` event."""
    return _close(
        by=by, resident=resident, status=Status.LEFT, kind=Kind.LEFT, action="left", destination=destination,
        event_date=event_date, report_date=report_date, new_head=new_head, note=note, request=request,
    )  # fmt: skip


def _close(*, by, resident, status, kind, action, event_date, report_date, new_head, note, request, destination=""):
    locked = _lock_living(resident)
    require_operator(by, locked.village)
    _check_dates(event_date=event_date, report_date=report_date, not_before=locked.birth_date)
    _leave_family(locked, new_head)
    locked.status = status
    locked.save(update_fields=["status", "is_head", "updated_at"])
    statstasks.mark_changed(locked.village_id)
    event = _event(
        locked, kind, village=locked.village, by=by, event_date=event_date, report_date=report_date,
        destination=destination.strip(), note=note,
    )  # fmt: skip
    _audit(by, action, locked, event, request)
    resident.refresh_from_db()
    return event


@transaction.atomic
def move_out(
    *,
    by: User,
    resident: Resident,
    event_date: date,
    report_date: date,
    to_village: Region | None = None,
    to_family: Family | None = None,
    relation: str = Resident.Relation.OTHER_FAMILY,
    new_family_number: str = "",
    new_family_address: str = "",
    new_family_cluster: Cluster | None = None,
    destination: str = "",
    new_head: Resident | None = None,
    note: str = "",
    request: HttpRequest | None = None,
) -> PopulationEvent:
    """A move out of the village.

    Within the regency (``to_village``): the record moves to ``to_village`` into ``to_family``
    (with ``relation``) or into a new family it heads; a ``pindah_keluar`` event in the old
    village and a ``pindah_masuk`` event in the new one. Outside the regency: status ``pindah``
    and ``destination`` (required). Returns the out-event.
    """
    locked = _lock_living(resident)
    old_village = locked.village
    require_operator(by, old_village)
    _check_dates(event_date=event_date, report_date=report_date, not_before=locked.birth_date)
    statstasks.mark_changed(old_village, to_village)
    if to_village is None:
        if not destination.strip():
            raise VillageError(
                _("Alamat tujuan pindah wajib diisi untuk pindah ke luar kabupaten."), field="destination"
            )
        _leave_family(locked, new_head)
        locked.status = Status.MOVED
        locked.save(update_fields=["status", "is_head", "updated_at"])
        out = _event(
            locked, Kind.MOVE_OUT, village=old_village, by=by, event_date=event_date, report_date=report_date,
            destination=destination.strip(), note=note,
        )  # fmt: skip
        _audit(by, "move_out", locked, out, request, outside=True)
        return out
    _check_target(locked, to_village, to_family, relation)
    _leave_family(locked, new_head)
    if to_family is None:
        to_family = new_family(
            village=to_village, number=new_family_number, address=new_family_address, cluster=new_family_cluster
        )
        locked.is_head, locked.relation = True, Resident.Relation.HEAD
    else:
        locked.is_head, locked.relation = False, relation
    locked.family, locked.village = to_family, to_village
    locked.save(update_fields=["family", "village", "is_head", "relation", "updated_at"])
    common = {"by": by, "event_date": event_date, "report_date": report_date, "note": note}
    out = _event(locked, Kind.MOVE_OUT, village=old_village, other_village=to_village, **common)
    came = _event(locked, Kind.MOVE_IN, village=to_village, other_village=old_village, **common)
    _audit(by, "move_out", locked, out, request, to_village=to_village.pk, to_family=to_family.pk, in_event=came.pk)
    return out


@transaction.atomic
def move_family_out(
    *,
    by: User,
    family: Family,
    event_date: date,
    report_date: date,
    to_village: Region | None = None,
    new_family_number: str = "",
    new_family_address: str = "",
    new_family_cluster: Cluster | None = None,
    destination: str = "",
    note: str = "",
    request: HttpRequest | None = None,
) -> list[PopulationEvent]:
    """A whole family moves out: every living member, in one go (pindah satu KK).

    Within the regency (``to_village``) the members go into a new family there (the No. KK the
    destination issued, or a temporary one), each keeping their relation and the head staying
    head; a ``pindah_keluar`` and a ``pindah_masuk`` event per member. The old family card keeps
    the members who are no longer living (their history stays where it happened). Outside the
    regency each member gets status ``pindah`` and a ``pindah_keluar`` event with
    ``destination`` (required). Returns the out-events, head first.
    """
    locked = Family.objects.select_for_update().select_related("village").get(pk=family.pk)
    old_village = locked.village
    require_operator(by, old_village)
    members = list(
        Resident.objects.select_for_update().filter(family=locked, status=Status.ALIVE).order_by("-is_head", "pk")
    )
    if not members:
        raise VillageError(_("Keluarga ini tidak punya anggota yang masih tinggal di desa."))
    youngest = max(member.birth_date for member in members)
    _check_dates(event_date=event_date, report_date=report_date, not_before=youngest)
    common = {"by": by, "event_date": event_date, "report_date": report_date, "note": note}
    if to_village is None:
        if not destination.strip():
            raise VillageError(
                _("Alamat tujuan pindah wajib diisi untuk pindah ke luar kabupaten."), field="destination"
            )
        Resident.objects.filter(pk__in=[m.pk for m in members]).update(status=Status.MOVED, updated_at=timezone.now())
        outs = [
            _event(m, Kind.MOVE_OUT, village=old_village, destination=destination.strip(), **common) for m in members
        ]
        statstasks.mark_changed(old_village)
        _audit_family(by, locked, outs, request, outside=True)
        return outs
    _check_target(members[0], to_village, None, "")
    moved = new_family(
        village=to_village, number=new_family_number, address=new_family_address, cluster=new_family_cluster
    )
    Resident.objects.filter(pk__in=[m.pk for m in members]).update(
        family=moved, village=to_village, updated_at=timezone.now()
    )
    outs = []
    for member in members:
        outs.append(_event(member, Kind.MOVE_OUT, village=old_village, other_village=to_village, **common))
        _event(member, Kind.MOVE_IN, village=to_village, other_village=old_village, **common)
    statstasks.mark_changed(old_village, to_village)
    _audit_family(by, locked, outs, request, to_village=to_village.pk, to_family=moved.pk)
    return outs


def _audit_family(by, family, outs, request, **after):
    record(
        actor=by,
        action="villages.family_move_out",
        obj=family,
        after={
            "residents": [event.resident_id for event in outs],
            "events": [event.pk for event in outs],
            "event_date": outs[0].event_date.isoformat(),
            **after,
        },
        request=request,
    )


def _check_target(resident: Resident, to_village: Region, to_family: Family | None, relation: str) -> None:
    if not to_village.is_village or not to_village.code.startswith(settings.PAMONG_REGION + "."):
        raise VillageError(_("Desa tujuan harus desa/kelurahan di kabupaten ini."), field="to_village")
    if to_village.pk == resident.village_id:
        raise VillageError(_("Desa tujuan sama dengan desa asal; ubah alamat lewat data keluarga."), field="to_village")
    if to_family is not None:
        if to_family.village_id != to_village.pk:
            raise VillageError(_("Keluarga tujuan tidak berada di desa tujuan."), field="to_family")
        if relation == Resident.Relation.HEAD or relation not in Resident.Relation.values:
            raise VillageError(_("Pilih hubungan dalam keluarga tujuan selain kepala keluarga."), field="relation")


@transaction.atomic
def move_in(
    *,
    by: User,
    village: Region,
    person: Person,
    event_date: date,
    report_date: date,
    origin: str,
    family: Family | None = None,
    relation: str = Resident.Relation.OTHER_FAMILY,
    family_number: str = "",
    address: str = "",
    cluster: Cluster | None = None,
    note: str = "",
    request: HttpRequest | None = None,
) -> Resident:
    """A newcomer from outside the regency: into ``family`` with ``relation``, or heading a new
    family (``family_number`` empty → temporary). A ``pindah_masuk`` event with ``origin``."""
    require_operator(by, village)
    _check_dates(event_date=event_date, report_date=report_date, not_before=person.birth_date)
    if not origin.strip():
        raise VillageError(_("Alamat asal wajib diisi."), field="origin")
    if family is not None:
        if family.village_id != village.pk:
            raise VillageError(_("Keluarga tujuan tidak berada di desa ini."), field="family")
        if relation == Resident.Relation.HEAD or relation not in Resident.Relation.values:
            raise VillageError(_("Pilih hubungan dalam keluarga selain kepala keluarga."), field="relation")
        resident = new_resident(person=person, family=family, relation=relation)
    else:
        family = new_family(village=village, number=family_number, address=address, cluster=cluster)
        resident = new_resident(person=person, family=family, relation=Resident.Relation.HEAD, is_head=True)
    event = _event(
        resident, Kind.MOVE_IN, village=village, by=by, event_date=event_date, report_date=report_date,
        destination=origin.strip(), note=note,
    )  # fmt: skip
    _audit(by, "move_in", resident, event, request, family=family.pk)
    return resident
