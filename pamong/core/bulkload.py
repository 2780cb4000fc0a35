"""Loading many rows in one transaction: keys and plain indexes built once at the end.

Row by row, PostgreSQL checks every foreign key of every inserted row (a deferred trigger each)
and keeps every index up to date; a million residents fire ~8 million key checks and ~5 million
index insertions. Adding a key back instead checks the whole table with one join, and building an
index sorts the table once (as pg_restore does). See ADR 11.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import connection, models


@contextmanager
def built_at_end(tables: Iterable[type[models.Model]], *, indexes: bool = True) -> Iterator[None]:
    """Inside one transaction: on PostgreSQL, drop the foreign keys and (with ``indexes``) the
    plain, non-unique indexes of ``tables``, and add them back when the block ends without an
    error. Keeping the indexes pays when the database would otherwise wait for the loader:
    it keeps them up to date meanwhile, on another core.

    Primary keys, unique constraints and unique indexes stay: they guard the rows as they come
    and serve the lookups made during the load. DDL is transactional, so an error anywhere rolls
    the keys and indexes back with the rows. The tables are locked (ACCESS EXCLUSIVE) until the
    transaction ends: other sessions wait, even to read them. Deferred checks already pending in
    the transaction are run first (``SET CONSTRAINTS ALL IMMEDIATE``: PostgreSQL refuses to alter
    a table with pending trigger events); the rest of the transaction checks keys immediately.
    Elsewhere (SQLite) this does nothing.
    """
    if connection.vendor != "postgresql":
        yield
        return
    if not connection.in_atomic_block:
        raise RuntimeError("built_at_end needs a transaction (transaction.atomic).")
    names = [model._meta.db_table for model in tables]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"LOCK TABLE {', '.join(quote(name) for name in names)} IN ACCESS EXCLUSIVE MODE")
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE contype = 'f' AND conrelid = ANY(%s::regclass[]) ORDER BY conrelid::regclass::text, conname",
            [names],
        )
        keys = cursor.fetchall()
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisunique AND NOT i.indisprimary "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) "
            "ORDER BY 1",
            [names],
        )
        plain = cursor.fetchall() if indexes else []
        for table, name, _definition in keys:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
        for name, _definition in plain:
            cursor.execute(f"DROP INDEX {name}")
    yield
    with connection.cursor() as cursor:
        for _name, definition in plain:
            cursor.execute(definition)
        for table, name, definition in keys:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}")
