"""Writing planned rows: COPY on PostgreSQL, bulk_create in batches elsewhere (SQLite).

Rows arrive as tuples in the column order of ``plan.*_COLUMNS`` and ``people.*_COLUMNS`` with
explicit ids for users, reports, clusters, families and residents (other rows refer to them),
so after a load the id sequences are moved past the largest id. Model ``save()`` and services
are bypassed on purpose: this is bulk data for benchmarks; the rows obey the models'
constraints, the workflow table and the registry's event rules all the same.
"""

from django.db import connection, models

from pamong.accounts.models import User
from pamong.complaints.models import Rating, Report, ReportEvent
from pamong.villages.models import Cluster, Family, PopulationEvent, Resident

BULK_BATCH = 2000
# Every table the generator writes, parents first.
GENERATED = (User, Report, ReportEvent, Rating, Cluster, Family, Resident, PopulationEvent)


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def write_rows(model: type[models.Model], columns: list[str], rows: list[tuple]) -> None:
    if not rows:
        return
    if is_postgresql():
        _copy(model, columns, rows)
    else:
        objects = [model(**dict(zip(columns, row, strict=True))) for row in rows]
        model.objects.bulk_create(objects, batch_size=BULK_BATCH)
        if "updated_at" in columns and model._meta.get_field("updated_at").auto_now:
            _restore_updated_at(model, rows, columns)


def _copy(model, columns, rows) -> None:
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(model._meta.get_field(_field_name(model, c)).column) for c in columns)
    with connection.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _field_name(model, attname: str) -> str:
    for field in model._meta.concrete_fields:
        if field.attname == attname:
            return field.name
    raise LookupError(f"{model.__name__} has no column {attname}")


def _restore_updated_at(model, rows, columns) -> None:
    # bulk_create fills auto_now fields with the current time; the plan's value (the time of
    # the last event) is what the data means, so it is written back in one statement per batch.
    pk, updated = columns.index("id"), columns.index("updated_at")
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET updated_at = %s WHERE id = %s",  # noqa: S608
            [(row[updated], row[pk]) for row in rows],
        )


def reset_sequences() -> None:
    """Move the id sequences past the ids the plan handed out (PostgreSQL; SQLite follows max)."""
    if not is_postgresql():
        return
    with connection.cursor() as cursor:
        for model in GENERATED:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, 'id'), COALESCE((SELECT MAX(id) FROM {table}), 1))",  # noqa: S608
                [table],
            )


def analyze() -> None:
    """VACUUM ANALYZE on PostgreSQL: statistics for the planner, and the visibility map.

    A freshly copied table has no visibility map, so counts that could be index-only scans
    (the public list's paginator, status counts) read the heap instead. Autovacuum sets it
    on a live system after a while; the benchmark measures that steady state, not the
    minutes after a bulk load. VACUUM cannot run inside a transaction (tests): ANALYZE only then.
    The whole database, not only the generated tables: the reference tables (regions,
    agencies, categories) were loaded moments before, and without statistics the planner
    misjudges every join on them (autovacuum may be off, or not have run yet).
    """
    if is_postgresql():
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
