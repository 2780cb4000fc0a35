"""Writing checked rows: families, clusters and residents, by COPY on PostgreSQL and
``bulk_create`` elsewhere; temporary NIKs for rows without one."""

import csv
import io
from collections import Counter
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.accounts.models import User
from pamong.audit.services import record

from .. import nik as niks
from ..models import Cluster, Family, ImportBatch, Resident, TemporaryNikCounter
from .checking import Checker
from .reading import READ_BLOCK


class ImportTakenOver(Exception):
    """Another run of the same batch committed first; this run stops without writing."""


class Writer:
    """What the chunks share: families and clusters already known, column names, villages."""

    def __init__(self, *, batch: ImportBatch, by: User | None, checker: Checker, families: dict[str, int]):
        self.batch, self.by, self.checker, self.families = batch, by, checker, families
        self.copy = connection.vendor == "postgresql"
        self.clusters: dict[tuple[str, str, str, str], int] = {}
        self._load(Cluster.objects.filter(village_id__in=checker.villages_touched()))

    def cluster_ids(self, keys: set[tuple[str, str, str, str]]) -> None:
        """Ids for the (village, dusun, rw, rt) keys, creating the missing clusters: the
        villages' clusters were loaded at the start, so this costs one query when a chunk
        brings new ones and none otherwise."""
        missing = sorted(keys - self.clusters.keys())
        if not missing:
            return
        # A no-op update on conflict (an operator may create the same cluster at this moment)
        # makes the database return the id of every row, new or not.
        objects = [Cluster(village_id=v, dusun=d, rw=w, rt=t) for v, d, w, t in missing]
        Cluster.objects.bulk_create(
            objects, update_conflicts=True, unique_fields=["village", "dusun", "rw", "rt"], update_fields=["dusun"]
        )
        self.clusters.update(zip(missing, (cluster.pk for cluster in objects), strict=True))

    def _load(self, clusters) -> None:
        self.clusters.update({row[:4]: row[4] for row in clusters.values_list("village_id", "dusun", "rw", "rt", "pk")})


class InitialWriter(Writer):
    """The writer of the initial load: the registry's tables are locked, so ids of new clusters
    and families are handed out here, and their rows are written after the residents' COPY
    (which holds the connection until the whole file has streamed through)."""

    def __init__(self, *, batch: ImportBatch, by: User | None, checker: Checker, families_out):
        super().__init__(batch=batch, by=by, checker=checker, families={})
        self.new_clusters: list[tuple] = []
        self.families_out, self.family_count = families_out, 0
        self.next_id = {model: _next_id(model) for model in (Cluster, Family)}

    def cluster_ids(self, keys: set[tuple[str, str, str, str]]) -> None:
        for key in sorted(keys - self.clusters.keys()):
            self.clusters[key] = pk = self._take_id(Cluster)
            self.new_clusters.append((pk, *key))

    def add_families(self, chunk: list[tuple]) -> None:
        """Ids for the families this chunk starts; their rows wait in ``families_out``."""
        rows, now = [], timezone.now()
        for kk, village, cluster, address in _family_rows(self, chunk):
            pk = self._take_id(Family)
            self.families[kk] = str(pk)  # text: written into every member's row
            rows.append((pk, kk, village, cluster, address, now))
        self.families_out.write(csv_block(rows))
        self.family_count += len(rows)

    def write_clusters_and_families(self) -> None:
        copy_rows(Cluster, ("id", "village", "dusun", "rw", "rt"), self.new_clusters)
        self.families_out.seek(0)
        with copying(Family, FAMILY_COLUMNS) as copy:
            while block := self.families_out.read(READ_BLOCK):
                copy.write(block)
        for model in (Cluster, Family):
            table = model._meta.db_table
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s, false)", [table, self.next_id[model]]
                )

    def _take_id(self, model) -> int:
        pk = self.next_id[model]
        self.next_id[model] = pk + 1
        return pk


def _next_id(model) -> int:
    """The id after every id the table and its sequence handed out (the table is locked)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [model._meta.db_table])
        (pk,) = cursor.fetchone()
    largest = model.objects.aggregate(largest=Max("pk"))["largest"] or 0
    return max(pk, largest + 1)


@transaction.atomic
def write_chunk(writer: Writer, chunk: list[tuple], offset: int) -> int:
    """Write one chunk and move the batch's ``processed`` on, in one transaction.

    The conditional update comes first: it locks the batch row, so a second run of the same
    batch waits here and then finds ``processed`` moved on (ImportTakenOver) instead of writing
    the same rows twice.
    """
    batch, end = writer.batch, offset + len(chunk)
    if writer.copy:
        # The chunk and its ``processed`` count commit together, so losing the last commits in
        # a server crash only means resuming a little earlier: no need to wait for the disk.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
    claimed = ImportBatch.objects.filter(pk=batch.pk, processed=offset, status=ImportBatch.Status.RUNNING)
    if not claimed.update(processed=end, updated_at=timezone.now()):
        raise ImportTakenOver
    new_families = _family_rows(writer, chunk)
    if new_families:
        ids = _insert_families(writer, new_families)
        writer.families.update(zip((f[0] for f in new_families), ids, strict=True))
    rows = resident_rows(writer, chunk, temporary_niks(writer, chunk))
    _insert(writer, Resident, RESIDENT_COLUMNS, rows)
    batch.processed = end
    record(actor=writer.by, action="villages.import_batch", obj=batch, after={"from": offset, "rows": len(chunk)})
    return len(chunk)


def resident_rows(writer: Writer, chunk: list[tuple], temporary: dict[str, list[str]]) -> list[tuple]:
    """The chunk's rows in RESIDENT_COLUMNS order; their families are known to ``writer``."""
    now = timezone.now().isoformat() if writer.copy else timezone.now()  # COPY: text, not converted per row
    families, rows = writer.families, []
    for item in chunk:
        village, kk, nik, relation = item[:4]
        rows.append((
            nik or temporary[village].pop(), families[kk], village, relation == Resident.Relation.HEAD, relation,
            *item[4:19], Resident.Residency.PERMANENT, Resident.Status.ALIVE, now, now,
        ))  # fmt: skip
    return rows


# Resident columns in the order resident_rows builds rows (item[4:19] is name … mother_nik).
RESIDENT_COLUMNS = (
    "nik", "family", "village", "is_head", "relation", "name", "sex", "birth_place", "birth_date", "religion",
    "marital_status", "education", "occupation", "blood_type", "disability", "citizenship", "father_name",
    "mother_name", "father_nik", "mother_nik", "residency", "status", "created_at", "updated_at",
)  # fmt: skip
FAMILY_COLUMNS = ("id", "number", "village", "cluster", "address", "created_at")


def _family_rows(writer: Writer, chunk: list[tuple]) -> list[tuple]:
    """(number, village, cluster id, address) of the families this chunk starts; the first row wins."""
    fresh: dict[str, tuple] = {}
    for item in chunk:
        kk = item[1]
        if kk not in writer.families and kk not in fresh:
            fresh[kk] = item
    keys = {(item[0], *item[19:22]) for item in fresh.values() if any(item[19:22])}
    writer.cluster_ids(keys)
    clusters = writer.clusters
    return [
        (kk, item[0], clusters[(item[0], *item[19:22])] if any(item[19:22]) else None, item[22])
        for kk, item in fresh.items()
    ]


def _insert_families(writer: Writer, rows: list[tuple]) -> list[int]:
    now = timezone.now()
    if writer.copy:
        with connection.cursor() as cursor:
            table = Family._meta.db_table
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, len(rows)]
            )
            ids = [pk for (pk,) in cursor.fetchall()]
        copy_rows(Family, FAMILY_COLUMNS, [(pk, *row, now) for pk, row in zip(ids, rows, strict=True)])
        return ids
    objects = [Family(number=n, village_id=v, cluster_id=c, address=a, created_at=now) for n, v, c, a in rows]
    Family.objects.bulk_create(objects)
    return [family.pk for family in objects]


def _insert(writer: Writer, model, columns: tuple[str, ...], rows: list[tuple]) -> None:
    if writer.copy:
        copy_rows(model, columns, rows)
        return
    names = [model._meta.get_field(name).attname for name in columns]
    model.objects.bulk_create([model(**dict(zip(names, row, strict=True))) for row in rows], batch_size=1000)


def copy_rows(model, columns: tuple[str, ...], rows: list[tuple]) -> None:
    if rows:
        with copying(model, columns) as copy:
            copy.write(csv_block(rows))


@contextmanager
def copying(model, columns: tuple[str, ...]):
    """A COPY of CSV text into ``columns`` of the model's table. In CSV an empty unquoted value
    is NULL, so the columns that cannot be NULL are named in FORCE_NOT_NULL (empty text stays
    empty)."""
    quote = connection.ops.quote_name
    fields = [model._meta.get_field(name) for name in columns]
    names = ", ".join(quote(field.column) for field in fields)
    not_null = ", ".join(quote(field.column) for field in fields if not field.null)
    sql = f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN (FORMAT csv, FORCE_NOT_NULL ({not_null}))"
    with connection.cursor() as cursor, cursor.copy(sql) as copy:
        yield copy


def csv_block(rows: list[tuple]) -> str:
    """Rows as CSV text for COPY, by the csv module's C writer: a quarter of the time psycopg's
    row-by-row ``write_row`` takes. None is written empty (NULL), True as "True"."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def temporary_niks(writer: Writer, chunk: list[tuple]) -> dict[str, list[str]]:
    """Temporary NIKs for the chunk's rows without one, per village (a few queries per village)."""
    needed = Counter(item[0] for item in chunk if not item[2])
    return {village: _reserve(writer, village, count) for village, count in needed.items()}


def _reserve(writer: Writer, village: str, count: int) -> list[str]:
    """``count`` free temporary numbers of ``village``, in reverse order (rows pop them).

    Moves the village's counter by ``count`` at once (the UPDATE holds its row lock until the
    chunk commits, like nik.next_temporary_number) and skips numbers a resident or family
    already has, or a row of this file.
    """
    prefix = "0" + village.replace(".", "")
    numbers: list[str] = []
    while len(numbers) < count:
        need = count - len(numbers)
        if not TemporaryNikCounter.objects.filter(pk=village).update(last=F("last") + need):
            try:
                with transaction.atomic():
                    TemporaryNikCounter.objects.create(village_id=village, last=need)
            except IntegrityError:
                TemporaryNikCounter.objects.filter(pk=village).update(last=F("last") + need)
        last = TemporaryNikCounter.objects.values_list("last", flat=True).get(pk=village)
        if last > niks.TEMPORARY_SEQUENCE_MAX:
            raise ValidationError(
                _("Nomor urut NIK sementara desa ini sudah habis (%(max)d).") % {"max": niks.TEMPORARY_SEQUENCE_MAX}
            )
        candidates = [f"{prefix}{seq:05d}" for seq in range(last - need + 1, last + 1)]
        used = set(Resident.objects.filter(nik__in=candidates).values_list("nik", flat=True))
        used.update(Family.objects.filter(number__in=candidates).values_list("number", flat=True))
        file = writer.checker
        numbers += [n for n in candidates if n not in used and int(n) not in file.niks and n not in file.kk_first]
    numbers.reverse()
    return numbers
