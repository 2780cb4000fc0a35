"""Importing residents and families from a Dukcapil/SIAK-shaped CSV or XLSX file.

- ``reading``: the file's encoding and hash, its rows as lists of strings, SIAK's columns.
- ``checking``: ``Checker`` cleans each row as it streams by and keeps the keys (NIKs, KK
  numbers, heads) for the file-wide rules; ``check_registry`` asks the registry, one query per
  ``REGISTRY_CHUNK`` keys. Any error (wrong encoding, missing column, a bad value, a NIK twice or
  already registered, a KK of another village, a family with no or two heads, a row of another
  village) refuses the import with a report naming row and column; nothing is written.
- ``writing``: families, clusters and residents by COPY on PostgreSQL, ``bulk_create`` elsewhere.
- ``running``: two ways through a file. Into a populated registry: check the whole file (cleaned
  rows go to a spool file on disk, so memory holds keys, never all the rows), then write it
  ``batch_size`` rows at a time, each chunk committed with the batch's ``processed`` count;
  importing the same file (same SHA-256) again resumes after the committed chunks. The first
  load of an empty registry (a regency file on PostgreSQL): one pass and one transaction (ADR 11).

The target is one village, or the served regency: then each row names its village in the SIAK
columns NO_PROP, NO_KAB, NO_KEC, NO_KEL and the batch is recorded against the regency's Region
row (ImportBatch.village is a Region FK, and one file is one resumable unit).
Column mapping and rules: IMPORT.md.
"""

from .checking import Checker, check_file, check_registry, parse_date
from .reading import SHDK_NAMES, ImportRefused, open_table
from .running import (
    BATCH_SIZE,
    Outcome,
    error_csv,
    file_hash,
    import_file,
    note_interrupted,
    opener_for,
    queue_import,
    report_rows,
)
from .writing import ImportTakenOver, Writer, write_chunk

__all__ = [
    "BATCH_SIZE",
    "SHDK_NAMES",
    "Checker",
    "ImportRefused",
    "ImportTakenOver",
    "Outcome",
    "Writer",
    "check_file",
    "check_registry",
    "error_csv",
    "file_hash",
    "import_file",
    "note_interrupted",
    "open_table",
    "opener_for",
    "parse_date",
    "queue_import",
    "report_rows",
    "write_chunk",
]
