"""Writes to the village registry: reference lists, families, residents.

Every function is keyword-only, runs in one transaction, checks that ``by`` may operate the
village (PermissionDenied otherwise), raises VillageError (with the form field it is about)
before writing anything when the input is refused, and records an audit event.
Status changes (birth, death, moves, lost, left) live in villages.events.
"""

import csv
from dataclasses import asdict, dataclass, fields
from datetime import date
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.accounts.access import can_operate_village
from pamong.accounts.models import User
from pamong.audit.services import changes, record
from pamong.regions.models import Region

from . import nik as niks
from . import statstasks
from .models import Cluster, Family, Lookup, Resident

LOOKUPS_CSV = Path(__file__).parent / "data" / "lookups.csv"


class VillageError(Exception):
    """A refused registry write; ``field`` names the form field it is about (or None)."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass
class Person:
    """A resident's own data, as a form or an import row gives it. Empty ``nik``: temporary."""

    name: str
    sex: str
    birth_place: str
    birth_date: date
    religion: Lookup
    marital_status: Lookup
    nik: str = ""
    education: Lookup | None = None
    occupation: Lookup | None = None
    blood_type: Lookup | None = None
    disability: Lookup | None = None
    citizenship: str = Resident.Citizenship.WNI
    father_name: str = ""
    mother_name: str = ""
    father_nik: str = ""
    mother_nik: str = ""
    residency: str = Resident.Residency.PERMANENT


PERSON_FIELDS = tuple(f.name for f in fields(Person))
LOOKUP_FIELDS = {
    "religion": Lookup.Kind.RELIGION,
    "education": Lookup.Kind.EDUCATION,
    "occupation": Lookup.Kind.OCCUPATION,
    "marital_status": Lookup.Kind.MARITAL_STATUS,
    "blood_type": Lookup.Kind.BLOOD_TYPE,
    "disability": Lookup.Kind.DISABILITY,
}
# What update_resident may change; status, family, village and headship change only by events.
EDITABLE_FIELDS = (*PERSON_FIELDS, "relation")


# --- reference lists -------------------------------------------------------------------------


@transaction.atomic
def seed_lookups() -> int:
    """Add the reference rows of data/lookups.csv that are missing; returns how many were added.

    Existing rows (kind, code) are left as an admin may have edited them.
    """
    with LOOKUPS_CSV.open(encoding="utf-8") as f:
        rows = [(r["kind"], int(r["code"]), r["name"]) for r in csv.DictReader(f)]
    existing = set(Lookup.objects.values_list("kind", "code"))
    new = [Lookup(kind=k, code=c, name=n) for k, c, n in rows if (k, c) not in existing]
    Lookup.objects.bulk_create(new)
    if new:
        record(actor=None, action="villages.seed_lookups", after={"added": len(new)})
    return len(new)


# --- checks shared with events and imports ---------------------------------------------------


def require_operator(by: User, village: Region) -> None:
    """PermissionDenied unless ``by`` operates ``village`` (its operator, or an admin)."""
    if not can_operate_village(by, village):
        raise PermissionDenied(_("Anda bukan operator desa ini."))


def _as_error(exc: ValidationError, field: str) -> VillageError:
    return VillageError(" ".join(exc.messages), field=field)


def check_person(person: Person, *, today: date | None = None) -> None:
    """VillageError naming the field when the person's data is inconsistent."""
    today = today or timezone.localdate()
    if not person.name.strip():
        raise VillageError(_("Nama wajib diisi."), field="name")
    if person.sex not in Resident.Sex.values:
        raise VillageError(_("Jenis kelamin harus L atau P."), field="sex")
    if person.birth_date > today:
        raise VillageError(_("Tanggal lahir tidak boleh sesudah hari ini."), field="birth_date")
    for name, label in (("religion", _("Agama")), ("marital_status", _("Status perkawinan"))):
        if getattr(person, name) is None:
            raise VillageError(_("%(field)s wajib diisi.") % {"field": label}, field=name)
    for name, kind in LOOKUP_FIELDS.items():
        value = getattr(person, name)
        if value is not None and value.kind != kind:
            raise VillageError(_("Pilihan %(field)s tidak sah.") % {"field": name}, field=name)
    if person.nik:
        try:
            person.nik = niks.check_nik(person.nik, sex=person.sex, birth_date=person.birth_date)
        except ValidationError as exc:
            raise _as_error(exc, "nik") from None
    for name, label in (("father_nik", _("NIK ayah")), ("mother_nik", _("NIK ibu"))):
        if getattr(person, name):
            try:
                setattr(person, name, niks.check_nik(getattr(person, name), label=label))
            except ValidationError as exc:
                raise _as_error(exc, name) from None


def _check_nik_free(nik: str, *, exclude_pk: int | None = None) -> None:
    taken = Resident.objects.filter(nik=nik)
    if exclude_pk:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise VillageError(_("NIK %(nik)s sudah terdaftar.") % {"nik": niks.mask(nik)}, field="nik")


def new_resident(*, person: Person, family: Family, relation: str, is_head: bool = False) -> Resident:
    """Insert a checked person into ``family`` (a temporary NIK when none is given). No audit:
    the calling service records what happened."""
    check_person(person)
    if person.nik:
        _check_nik_free(person.nik)
    else:
        person.nik = niks.next_temporary_number(family.village)
    statstasks.mark_changed(family.village)
    return Resident.objects.create(
        **asdict(person), family=family, village=family.village, relation=relation, is_head=is_head
    )


def ensure_cluster(*, village: Region, dusun: str = "", rw: str = "", rt: str = "") -> Cluster:
    """The village's dusun/RW/RT cluster, created on first use (unique in the village)."""
    cluster, _created = Cluster.objects.get_or_create(village=village, **cluster_key(dusun, rw, rt))
    return cluster


def cluster_key(dusun: str, rw: str, rt: str) -> dict[str, str]:
    """Dusun, RW and RT as stored: trimmed, RW/RT with leading zeros (``1`` → ``001``)."""
    return {
        "dusun": dusun.strip(),
        "rw": rw.strip().zfill(3) if rw.strip() else "",
        "rt": rt.strip().zfill(3) if rt.strip() else "",
    }


@transaction.atomic
def add_cluster(
    *, by: User, village: Region, dusun: str, rw: str, rt: str, request: HttpRequest | None = None
) -> Cluster:
    """A new dusun/RW/RT of the village; refused when the village has it already."""
    require_operator(by, village)
    key = cluster_key(dusun, rw, rt)
    if not any(key.values()):
        raise VillageError(_("Isi dusun, RW atau RT."), field="dusun")
    try:
        with transaction.atomic():  # the unique constraint decides, even for two operators at once
            cluster = Cluster.objects.create(village=village, **key)
    except IntegrityError:
        raise VillageError(_("Dusun/RW/RT ini sudah ada di desa ini."), field="dusun") from None
    record(actor=by, action="villages.cluster_add", obj=cluster, after=key, request=request)
    return cluster


@transaction.atomic
def change_cluster(
    *, by: User, cluster: Cluster, dusun: str, rw: str, rt: str, request: HttpRequest | None = None
) -> Cluster:
    """Rename a dusun/RW/RT: every family in it follows. When the village already has a
    cluster with the new names (a typo made two of one), the families join that one and this
    one is removed. Returns the cluster the families are in now."""
    locked = Cluster.objects.select_for_update().select_related("village").get(pk=cluster.pk)
    require_operator(by, locked.village)
    key = cluster_key(dusun, rw, rt)
    if not any(key.values()):
        raise VillageError(_("Isi dusun, RW atau RT."), field="dusun")
    same = Cluster.objects.filter(village_id=locked.village_id, **key).exclude(pk=locked.pk).first()
    if same is None:
        before, after = changes(locked, ["dusun", "rw", "rt"], key)
        if after:
            Cluster.objects.filter(pk=locked.pk).update(**key)
            record(actor=by, action="villages.cluster_update", obj=locked, before=before, after=after, request=request)
        return Cluster.objects.get(pk=locked.pk)
    moved = Family.objects.filter(cluster=locked).update(cluster=same)
    before = {"cluster": str(locked), "id": locked.pk}
    locked.delete()
    after = {"families": moved}
    record(actor=by, action="villages.cluster_merge", obj=same, before=before, after=after, request=request)
    return same


@transaction.atomic
def remove_cluster(*, by: User, cluster: Cluster, request: HttpRequest | None = None) -> None:
    """Remove a dusun/RW/RT that no family is in (one with families is renamed or merged)."""
    locked = Cluster.objects.select_for_update().select_related("village").get(pk=cluster.pk)
    require_operator(by, locked.village)
    if Family.objects.filter(cluster=locked).exists():
        raise VillageError(_("Masih ada keluarga di dusun/RW/RT ini: ubah namanya atau gabungkan ke yang lain."))
    before = cluster_key(locked.dusun, locked.rw, locked.rt)
    record(actor=by, action="villages.cluster_remove", obj=locked, before=before, request=request)
    locked.delete()


def new_family(*, village: Region, number: str = "", address: str = "", cluster: Cluster | None = None) -> Family:
    """Insert a family card; empty ``number`` gets a temporary one. No audit (the caller's job)."""
    if cluster is not None and cluster.village_id != village.pk:
        raise VillageError(_("Dusun/RW/RT bukan milik desa ini."), field="cluster")
    if number:
        try:
            number = niks.check_kk(number)
        except ValidationError as exc:
            raise _as_error(exc, "number") from None
        if Family.objects.filter(number=number).exists():
            raise VillageError(_("No. KK %(kk)s sudah terdaftar.") % {"kk": niks.mask(number)}, field="number")
    else:
        number = niks.next_temporary_number(village)
    return Family.objects.create(number=number, village=village, address=address.strip(), cluster=cluster)


# --- registry writes -------------------------------------------------------------------------


@transaction.atomic
def create_family(
    *,
    by: User,
    village: Region,
    head: Person,
    number: str = "",
    address: str = "",
    cluster: Cluster | None = None,
    request: HttpRequest | None = None,
) -> Family:
    """Register a family already living in the village, with its head (no population event:
    registration records people who were already here)."""
    require_operator(by, village)
    check_person(head)
    family = new_family(village=village, number=number, address=address, cluster=cluster)
    resident = new_resident(person=head, family=family, relation=Resident.Relation.HEAD, is_head=True)
    record(actor=by, action="villages.family_create", obj=family, after={"head": resident.pk}, request=request)
    return family


@transaction.atomic
def add_member(
    *, by: User, family: Family, person: Person, relation: str, request: HttpRequest | None = None
) -> Resident:
    """Register a resident already living in the family (not a birth: use events.record_birth)."""
    require_operator(by, family.village)
    if relation == Resident.Relation.HEAD:
        raise VillageError(
            _("Keluarga ini sudah punya kepala keluarga; ganti kepala keluarga lewat halaman keluarga."),
            field="relation",
        )
    if relation not in Resident.Relation.values:
        raise VillageError(_("Hubungan dalam keluarga tidak sah."), field="relation")
    resident = new_resident(person=person, family=family, relation=relation)
    record(actor=by, action="villages.member_add", obj=resident, after={"family": family.pk}, request=request)
    return resident


@transaction.atomic
def update_resident(*, by: User, resident: Resident, values: dict, request: HttpRequest | None = None) -> Resident:
    """Correct a resident's data (EDITABLE_FIELDS only); audited with before/after of what changed."""
    require_operator(by, resident.village)
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise VillageError(_("Kolom ini tidak dapat diubah di sini: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    locked = Resident.objects.select_for_update().get(pk=resident.pk)
    if locked.status != Resident.Status.ALIVE:
        raise VillageError(_("Data penduduk yang sudah tidak aktif tidak dapat diubah."))
    relation = values.get("relation", locked.relation)
    if (relation == Resident.Relation.HEAD) != locked.is_head:
        raise VillageError(
            _("Kepala keluarga diganti lewat halaman keluarga, bukan dengan mengubah hubungan."), field="relation"
        )
    person = Person(**{name: values.get(name, getattr(locked, name)) for name in PERSON_FIELDS})
    if not person.nik:
        raise VillageError(_("NIK wajib diisi."), field="nik")
    check_person(person)
    if person.nik != locked.nik:
        _check_nik_free(person.nik, exclude_pk=locked.pk)
    new_values = {**asdict(person), "relation": relation}
    before, after = changes(locked, list(EDITABLE_FIELDS), new_values)
    if not after:
        return locked
    for name in after:
        setattr(locked, name, new_values[name])
    locked.save(update_fields=[*after, "updated_at"])
    statstasks.mark_changed(locked.village_id)
    record(actor=by, action="villages.resident_update", obj=locked, before=before, after=after, request=request)
    return locked


@transaction.atomic
def update_family(
    *,
    by: User,
    family: Family,
    address: str,
    cluster: Cluster | None,
    number: str | None = None,
    request: HttpRequest | None = None,
) -> Family:
    """Correct a family's address, cluster or No. KK (e.g. a temporary number replaced by the
    issued one); audited with before/after of what changed."""
    require_operator(by, family.village)
    locked = Family.objects.select_for_update().get(pk=family.pk)
    if cluster is not None and cluster.village_id != locked.village_id:
        raise VillageError(_("Dusun/RW/RT bukan milik desa ini."), field="cluster")
    values = {"address": address.strip(), "cluster": cluster}
    if number is not None and number.strip() != locked.number:
        try:
            values["number"] = niks.check_kk(number)
        except ValidationError as exc:
            raise _as_error(exc, "number") from None
        if Family.objects.filter(number=values["number"]).exclude(pk=locked.pk).exists():
            raise VillageError(
                _("No. KK %(kk)s sudah terdaftar.") % {"kk": niks.mask(values["number"])}, field="number"
            )
    before, after = changes(locked, ["number", "address", "cluster"], values)
    if after:
        for name in after:
            setattr(locked, name, values[name])
        locked.save(update_fields=list(after))
        record(actor=by, action="villages.family_update", obj=locked, before=before, after=after, request=request)
    return locked


@transaction.atomic
def change_head(*, by: User, family: Family, new_head: Resident, request: HttpRequest | None = None) -> Family:
    """Make ``new_head`` (a living member) the head; the former head becomes ``Famili Lain``
    until the operator corrects the relation."""
    require_operator(by, family.village)
    old = hand_over_head(family=family, new_head=new_head)
    record(
        actor=by,
        action="villages.head_change",
        obj=family,
        before={"head": old.pk if old else None},
        after={"head": new_head.pk},
        request=request,
    )
    return family


def hand_over_head(*, family: Family, new_head: Resident, former_relation: str = Resident.Relation.OTHER_FAMILY):
    """Move the headship inside a transaction; returns the former head (or None). No audit."""
    members = list(Resident.objects.select_for_update().filter(family=family, status=Resident.Status.ALIVE))
    target = next((m for m in members if m.pk == new_head.pk), None)
    if target is None:
        raise VillageError(_("Kepala keluarga baru harus anggota keluarga ini yang masih hidup."), field="new_head")
    old = next((m for m in members if m.is_head), None)
    if old is not None and old.pk != target.pk:
        old.is_head = False
        old.relation = former_relation
        old.save(update_fields=["is_head", "relation", "updated_at"])
    target.is_head, target.relation = True, Resident.Relation.HEAD
    target.save(update_fields=["is_head", "relation", "updated_at"])
    statstasks.mark_changed(family.village_id)
    return old if old is None or old.pk != target.pk else None
