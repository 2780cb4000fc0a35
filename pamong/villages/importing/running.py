"""Running an import: the chunked, resumable path and the first load of an empty registry
(ADR 11), the batch's bookkeeping, and the web upload's queueing."""

import csv
import hashlib
import io
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.accounts.models import User
from pamong.audit.services import record
from pamong.core.bulkload import built_at_end
from pamong.core.storage import private_storage
from pamong.regions.models import Region

from .. import statstasks
from ..models import Cluster, Family, ImportBatch, Resident
from ..services import require_operator
from ..tasks import run_import
from . import checking, writing
from .checking import Checker, check_file, check_heads, check_registry, check_rows, spool_chunk, unspool_chunk
from .reading import REGION_COLUMNS, REQUIRED, ImportRefused, Opener, is_xlsx, open_table, refuse, scan
from .writing import (
    RESIDENT_COLUMNS,
    ImportTakenOver,
    InitialWriter,
    Writer,
    copy_rows,
    copying,
    csv_block,
    resident_rows,
    temporary_niks,
)

BATCH_SIZE = 5000


@dataclass
class Outcome:
    batch: ImportBatch
    created: int = 0
    skipped: int = 0
    errors: list[tuple[int, str, str]] = field(default_factory=list)
    taken_over: bool = False


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def error_csv(errors: list[tuple[int, str, str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["baris", "kolom", "pesan"])
    writer.writerows(errors)
    return out.getvalue()


def report_rows(batch: ImportBatch) -> list[tuple[str, str, str]]:
    """The batch's error report as (row, column, message), header left out."""
    rows = list(csv.reader(io.StringIO(batch.error_report)))
    return [tuple(row) for row in rows[1:] if len(row) == 3]


def opener_for(*, data: bytes | None = None, path: Path | None = None) -> Opener:
    if data is not None:
        return lambda: io.BytesIO(data)
    if path is None:
        raise ValueError("data or path")
    return lambda: path.open("rb")


@transaction.atomic
def queue_import(*, by: User, village: Region, upload: UploadedFile) -> ImportBatch:
    """Keep an uploaded file in private storage and run its import in the background worker
    (tasks.run_import, enqueued once this transaction commits). The batch is the unfinished one
    of the same file when there is one, so uploading a file again resumes it."""
    require_operator(by, village)
    data = upload.read()
    digest = file_hash(data)
    batch = find_or_start_batch(by=by, target=village, digest=digest, file_name=upload.name)
    # A new upload of a running batch continues it (after the note of an interrupted run, if any).
    ImportBatch.objects.filter(pk=batch.pk).update(error_report="", updated_at=timezone.now())
    batch.error_report = ""
    name = private_storage().save(f"imports/{batch.pk}-{digest[:16]}.upload", ContentFile(data))
    record(actor=by, action="villages.import_queued", obj=batch, after={"bytes": len(data)})
    transaction.on_commit(lambda: run_import.enqueue(batch.pk, name, by.pk))
    return batch


def note_interrupted(batch_id: int) -> None:
    """Tell the progress page that the run of a still-running batch stopped on an error: the
    status stays ``running`` (so the same file resumes it) and the report carries the note."""
    batch = ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.RUNNING).first()
    if batch is not None:
        message = _("Impor terhenti karena gangguan setelah %(done)d baris. Unggah berkas yang sama lagi untuk "
                    "melanjutkan.") % {"done": batch.processed}  # fmt: skip
        ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.RUNNING).update(
            error_report=error_csv([(0, "", message)]), updated_at=timezone.now()
        )


def find_or_start_batch(*, by: User | None, target: Region, digest: str, file_name: str) -> ImportBatch:
    """The unfinished batch of this file in this village (or regency), else a new one."""
    running = ImportBatch.objects.filter(village=target, file_hash=digest, status=ImportBatch.Status.RUNNING)
    batch = running.first()
    if batch is None:
        batch = ImportBatch.objects.create(village=target, file_name=file_name[:255], file_hash=digest, created_by=by)
    return batch


def import_file(
    *,
    by: User | None,
    village: Region,
    file_name: str,
    data: bytes | None = None,
    path: Path | None = None,
    opener: Opener | None = None,
    batch: ImportBatch | None = None,
    batch_size: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Outcome:
    """Import (or resume importing) a file into ``village``: a village, or the served regency
    for a regency-wide file. The file comes as ``data``, a ``path`` or an ``opener`` (called
    more than once). ``by`` None = a management command; a regency-wide import needs an admin.

    A refused file leaves its batch ``failed`` with the error report; nothing else is written.
    Each chunk commits with the batch's ``processed`` count. A run that finds another run of
    the same batch ahead of it stops (``taken_over``) without writing or refusing anything.
    """
    if by is not None:
        require_operator(by, village)
    opener = opener or opener_for(data=data, path=path)
    batch_size = batch_size or BATCH_SIZE
    digest, encoding, lines = scan(opener, xlsx=is_xlsx(opener, file_name))
    if batch is None:
        batch = find_or_start_batch(by=by, target=village, digest=digest, file_name=file_name)
    start = batch.processed
    if batch.file_hash != digest:
        return _refused(batch, [(0, "", _("Berkas berubah sejak diunggah; unggah ulang."))], by=by, start=start)
    if encoding is None:
        message = _("Encoding berkas tidak dikenali: simpan ulang sebagai CSV UTF-8 (atau Latin-1).")
        return _refused(batch, [(0, "", message)], by=by, start=start)
    # This run has started (and clears the note of an interrupted one).
    ImportBatch.objects.filter(pk=batch.pk).update(error_report="", updated_at=timezone.now())
    outcome = Outcome(batch=batch, skipped=start)
    with tempfile.TemporaryFile(prefix="pamong-import-") as spool:
        try:
            steps = {"by": by, "spool": spool, "batch_size": batch_size, "progress": progress}
            loaded = start == 0 and _load_initial(outcome, opener, encoding, village, lines=lines, **steps)
            checker = loaded or _load_in_chunks(outcome, opener, encoding, village, **steps)
        except ImportRefused as exc:
            return _refused(batch, exc.errors, by=by, start=start)
        except ImportTakenOver:
            batch.refresh_from_db()
            outcome.taken_over = True
            return outcome
    total = checker.rows
    batch.status, batch.finished_at = ImportBatch.Status.DONE, timezone.now()
    batch.processed = batch.total_rows = total
    batch.updated_at = batch.finished_at
    with transaction.atomic():
        batch.save(update_fields=["status", "finished_at", "updated_at", "processed", "total_rows"])
        # Once per import rather than per chunk: a refresh recounts the whole village. Chunks of
        # an import that never finishes are counted by the daily sweep.
        statstasks.mark_changed(*checker.villages_touched())
    record(actor=by, action="villages.import_done", obj=batch, after={"rows": total, "created": outcome.created})
    return outcome


def _load_in_chunks(outcome: Outcome, opener: Opener, encoding: str, target: Region, *, by, spool, batch_size,
                    progress) -> Checker:  # fmt: skip
    """Check the whole file, then write it chunk by chunk, each chunk committed with the batch's
    ``processed`` count (resumable)."""
    batch, start = outcome.batch, outcome.skipped
    checker, families = _check(opener, encoding, target, start=start, spool=spool, batch_size=batch_size)
    total = checker.rows
    ImportBatch.objects.filter(pk=batch.pk).update(total_rows=total, updated_at=timezone.now())
    batch.total_rows = total
    writer = Writer(batch=batch, by=by, checker=checker, families=families)
    spool.seek(0)
    offset = start
    while offset < total:
        chunk = unspool_chunk(spool)
        outcome.created += writing.write_chunk(writer, chunk, offset)
        offset += len(chunk)
        if progress:
            progress(offset, total)
    return checker


def _load_initial(outcome: Outcome, opener: Opener, encoding: str, target: Region, *, by, spool, batch_size, progress,
                  lines: int) -> Checker | None:  # fmt: skip
    """The first load of a regency's registry (ADR 11): one pass over the file and one
    transaction, on PostgreSQL, when the target is the regency and its registry is empty.

    Rows are written as soon as they are checked, through one COPY that the database works on
    while Python checks the next rows; foreign keys are added back at the end, one join each
    (core.bulkload). The file-wide checks run at the end, and any error rolls everything back.
    Not resumable, and nothing else can read the registry meanwhile: neither matters for an
    empty registry. Rows without a NIK wait in the spool until every NIK of the file is known,
    so no temporary NIK can take a number the file gives to someone else.
    None when this path does not apply: the chunked path runs instead.
    """
    if connection.vendor != "postgresql" or target.level != Region.Level.REGENCY or _registry_used():
        return None  # (looked at before locking: a lock would make the registry's readers queue)
    with transaction.atomic():
        with connection.cursor() as cursor:
            tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in (Cluster, Family, Resident))
            cursor.execute(f"LOCK TABLE {tables} IN ACCESS EXCLUSIVE MODE")
        if _registry_used():
            return None
        with (
            built_at_end((Family, Resident), indexes=False),
            _reading(opener, encoding, target, start=0) as (checker, rows),
            tempfile.TemporaryFile("w+", encoding="utf-8", newline="", prefix="pamong-import-") as families_out,
        ):
            writer = InitialWriter(batch=outcome.batch, by=by, checker=checker, families_out=families_out)
            written = 0
            with copying(Resident, RESIDENT_COLUMNS) as copy:
                for chunk in check_rows(rows, checker, batch_size=batch_size):
                    numbered = [item for item in chunk if item[2]]
                    if len(numbered) < len(chunk):
                        spool_chunk(spool, [item for item in chunk if not item[2]])
                    writer.add_families(numbered)
                    copy.write(csv_block(resident_rows(writer, numbered, {})))
                    written += len(numbered)
                    if progress:
                        progress(written, max(lines - 1, written))
            if checker.errors:
                raise ImportRefused(sorted(checker.errors))
            check_heads(checker, with_head=set(), elsewhere=set())
            if checker.later:
                raise ImportRefused(sorted(checker.later)[: checking.MAX_ERRORS])
            spool.seek(0)
            while written < checker.rows:
                chunk = unspool_chunk(spool)
                writer.add_families(chunk)
                copy_rows(Resident, RESIDENT_COLUMNS, resident_rows(writer, chunk, temporary_niks(writer, chunk)))
                written += len(chunk)
            writer.write_clusters_and_families()
        ImportBatch.objects.filter(pk=outcome.batch.pk).update(processed=written, total_rows=written)
        after = {"from": 0, "rows": written, "families": writer.family_count, "clusters": len(writer.new_clusters)}
        record(actor=by, action="villages.import_batch", obj=outcome.batch, after=after)
    outcome.created = written
    if progress:
        progress(written, written)
    return checker


def _registry_used() -> bool:
    return Family.objects.exists() or Resident.objects.exists()


def _check(opener: Opener, encoding: str, target: Region, *, start: int, spool, batch_size: int):
    with _reading(opener, encoding, target, start=start) as (checker, rows):
        check_file(rows, checker, spool, batch_size=batch_size)
    if checker.errors:
        raise ImportRefused(sorted(checker.errors))
    families = check_registry(checker)
    if checker.later:
        raise ImportRefused(sorted(checker.later)[: checking.MAX_ERRORS])
    return checker, families


@contextmanager
def _reading(opener: Opener, encoding: str, target: Region, *, start: int) -> Iterator[tuple[Checker, Iterator]]:
    """A checker for the file and its rows, once the header has the required columns."""
    with open_table(opener, encoding=encoding) as (header, rows):
        if not any(header) and not any("".join(cells).strip() for cells in rows):
            raise refuse(_("Berkas kosong."))
        required = (*REQUIRED, *REGION_COLUMNS) if target.level == Region.Level.REGENCY else REQUIRED
        missing = [c for c in required if c not in header]
        if missing:
            raise ImportRefused([(1, c, _("Kolom wajib tidak ada.")) for c in missing])
        yield Checker(target=target, header=header, start=start), rows


def _refused(batch: ImportBatch, errors: list, *, by: User | None, start: int) -> Outcome:
    """Mark the batch refused, unless another run moved it on meanwhile: then what this run saw
    (its own NIKs, written by the other run) is no reason to refuse."""
    report, now = error_csv(errors), timezone.now()
    updated = ImportBatch.objects.filter(pk=batch.pk, processed=start, status=ImportBatch.Status.RUNNING).update(
        status=ImportBatch.Status.FAILED, error_count=len(errors), error_report=report, finished_at=now, updated_at=now
    )
    batch.refresh_from_db()
    if not updated:
        return Outcome(batch=batch, taken_over=True)
    record(actor=by, action="villages.import_refused", obj=batch, after={"errors": len(errors)})
    return Outcome(batch=batch, errors=errors)
