"""Reading an import file: its encoding and hash, its rows as lists of strings (CSV or XLSX),
and the column names and spellings of a Dukcapil/SIAK export (IMPORT.md)."""

import codecs
import csv
import hashlib
import io
import itertools
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import BinaryIO

from django.utils.translation import gettext as _

from ..models import Lookup, Resident

REQUIRED = ("NIK", "NO_KK", "NAMA_LGKP", "JENIS_KLMIN", "TMPT_LHR", "TGL_LHR", "AGAMA", "STAT_KWN", "STAT_HBKEL")
OPTIONAL = (
    "PDDK_AKH", "JENIS_PKRJN", "GOL_DRH", "PNYDNG_CCT", "NAMA_LGKP_AYAH", "NAMA_LGKP_IBU", "NIK_AYAH", "NIK_IBU",
    "ALAMAT", "NO_RT", "NO_RW", "DUSUN", "KEWARGANEGARAAN",
)  # fmt: skip
# Where the row's village is written in a SIAK export; required for a regency-wide file.
REGION_COLUMNS = ("NO_PROP", "NO_KAB", "NO_KEC", "NO_KEL")
REGION_WIDTHS = (2, 2, 2, 4)
LOOKUP_COLUMNS = {
    "AGAMA": ("religion", Lookup.Kind.RELIGION),
    "STAT_KWN": ("marital_status", Lookup.Kind.MARITAL_STATUS),
    "PDDK_AKH": ("education", Lookup.Kind.EDUCATION),
    "JENIS_PKRJN": ("occupation", Lookup.Kind.OCCUPATION),
    "GOL_DRH": ("blood_type", Lookup.Kind.BLOOD_TYPE),
    "PNYDNG_CCT": ("disability", Lookup.Kind.DISABILITY),
}
# Spellings found in SIAK exports that differ from our list's names (normalised: letters and digits).
ALIASES = {
    Lookup.Kind.RELIGION: {
        "KATHOLIK": 3,
        "BUDHA": 5,
        "KONGHUCU": 6,
        "KONGHUCHU": 6,
        "KONGHUCHUCU": 6,
        "KEPERCAYAAN": 7,
    },
    Lookup.Kind.EDUCATION: {
        "TIDAKBLMSEKOLAH": 1,
        "TIDAKBELUMSEKOLAH": 1,
        "AKADEMIDIPLOMAIIISMUDA": 7,
        "STRATAI": 8,
        "S1": 8,
        "S2": 9,
        "S3": 10,
    },
    Lookup.Kind.MARITAL_STATUS: {"BELUMKAWIN": 1, "KAWINTERCATAT": 2, "KAWINBELUMTERCATAT": 2},
    Lookup.Kind.BLOOD_TYPE: {"TIDAKTAHU": 13, "TDKTAHU": 13},
}
SEXES = {"L": "L", "LAKILAKI": "L", "1": "L", "P": "P", "PEREMPUAN": "P", "2": "P"}
# STAT_HBKEL as SIAK writes it (names or the SHDK code 1-11).
SHDK_NAMES = (
    "KEPALA KELUARGA", "SUAMI", "ISTRI", "ANAK", "MENANTU", "CUCU", "ORANG TUA", "MERTUA", "FAMILI LAIN",
    "PEMBANTU", "LAINNYA",
)  # fmt: skip
RELATIONS = {re.sub(r"[^A-Z0-9]", "", name): str(code) for code, name in enumerate(SHDK_NAMES, 1)}
RELATIONS.update({str(value): str(value) for value in Resident.Relation.values})  # plain str: the spool is marshal
DATE_FORMATS = ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d", "%d-%m-%y")
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
READ_BLOCK = 1 << 20


class ImportRefused(Exception):
    """The file cannot be imported; ``errors`` are (row, column, message)."""

    def __init__(self, errors: list[tuple[int, str, str]]):
        super().__init__(errors[0][2] if errors else "")
        self.errors = errors


def norm(value: str) -> str:
    """Upper-case letters and digits only; a trailing +/- (blood types) is kept as POS/NEG."""
    value = value.strip().upper()
    if value.endswith("+"):
        value = value[:-1] + "POS"
    elif value.endswith("-"):
        value = value[:-1] + "NEG"
    return re.sub(r"[^A-Z0-9]", "", value)


def refuse(message: str, *, row: int = 0, column: str = "") -> ImportRefused:
    return ImportRefused([(row, column, message)])


Opener = Callable[[], BinaryIO]


def is_xlsx(opener: Opener, file_name: str) -> bool:
    if file_name.lower().endswith(".xlsx"):
        return True
    with opener() as stream:
        return stream.read(4) == b"PK\x03\x04"


def scan(opener: Opener, *, xlsx: bool) -> tuple[str, str | None, int]:
    """(SHA-256, text encoding, line breaks) in one read of the file; the encoding is None when
    the file is no text we can read, "" for XLSX. The line breaks estimate the rows of a CSV
    file for progress bars (a quoted cell may hold one).

    UTF-8 (with or without BOM) is tried first; otherwise Latin-1 if it reads as text. A NUL
    byte is never text (UTF-16 files are full of them, and PostgreSQL cannot store one).
    """
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8, nul, lines = True, False, 0
    with opener() as stream:
        while block := stream.read(READ_BLOCK):
            digest.update(block)
            if xlsx:
                continue
            lines += block.count(b"\n")
            nul = nul or b"\x00" in block
            if utf8:
                try:
                    decoder.decode(block)
                except UnicodeDecodeError:
                    utf8 = False
    if xlsx:
        return digest.hexdigest(), "", 0
    if utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8 = False
    if nul or (not utf8 and _has_control_characters(opener)):
        return digest.hexdigest(), None, lines
    return digest.hexdigest(), "utf-8-sig" if utf8 else "latin-1", lines


def _has_control_characters(opener: Opener) -> bool:
    with opener() as stream:
        while block := stream.read(READ_BLOCK):
            if CONTROL.search(block.decode("latin-1")):
                return True
    return False


@contextmanager
def open_table(opener: Opener, *, encoding: str):
    """(header, rows) of the file: upper-cased column names and an iterator of string lists.

    XLSX cells come as strings too (whole numbers without ``.0``, dates as DD-MM-YYYY), so the
    checker sees one shape whatever the format.
    """
    with opener() as stream:
        if not encoding:
            yield _xlsx_rows(stream)
            return
        text = io.TextIOWrapper(stream, encoding=encoding, newline="")
        first = text.readline()
        delimiter = max(",;\t|", key=first.count)
        reader = csv.reader(itertools.chain([first], text), delimiter=delimiter)
        header = next(reader, [])
        yield [h.strip().upper() for h in header], _csv_rows(reader)


def _csv_rows(reader) -> Iterator[list[str]]:
    try:
        yield from reader
    except csv.Error:
        message = _("Baris ini tidak dapat dibaca sebagai CSV: periksa tanda kutip dan panjang isi selnya.")
        raise refuse(message, row=reader.line_num) from None


def _xlsx_rows(stream) -> tuple[list[str], Iterator[list[str]]]:
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(stream, read_only=True, data_only=True).worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
    except Exception:  # openpyxl raises many kinds for a damaged or non-XLSX file
        raise refuse(_("Berkas XLSX tidak dapat dibaca.")) from None
    if header is None:
        return [], iter(())
    return [str(h or "").strip().upper() for h in header], (list(map(_xlsx_cell, r)) for r in rows)


def _xlsx_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.strftime("%d-%m-%Y")
    return str(value)
