"""Importing residents and families from a Dukcapil/SIAK-shaped CSV or XLSX file.

Two passes over the file, so memory holds keys (NIKs, KK numbers), never all the rows:

1. **check**: the rows stream through ``Checker``; cleaned rows go to a spool file on disk.
   Then the registry is asked, one query per ``REGISTRY_CHUNK`` keys, which NIKs and KK
   numbers it already has. Any error (wrong encoding, missing column, a bad value, a NIK twice
   or already registered, a KK of another village, a family with no or two heads, a row of
   another village) refuses the import with a report naming row and column; nothing is written.
2. **write**: the spool, ``batch_size`` rows at a time, each chunk in one transaction together
   with the batch's ``processed`` count: COPY on PostgreSQL, ``bulk_create`` elsewhere.
   Importing the same file (same SHA-256) into the same target again resumes after the
   committed chunks.

The target is one village, or the served regency: then each row names its village in the
SIAK columns NO_PROP, NO_KAB, NO_KEC, NO_KEL and the batch is recorded against the regency's
Region row (ImportBatch.village is a Region FK, and one file is one resumable unit).
Column mapping and rules: IMPORT.md.
"""

import codecs
import csv
import functools
import hashlib
import io
import itertools
import marshal
import operator
import re
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.accounts.models import User
from pamong.audit.services import record
from pamong.core.bulkload import built_at_end
from pamong.core.storage import private_storage
from pamong.regions.models import Region

from . import nik as niks
from . import statstasks
from .models import Cluster, Family, ImportBatch, Lookup, Resident, TemporaryNikCounter
from .services import require_operator
from .tasks import run_import

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
BATCH_SIZE = 5000
# Keys per registry query: under SQLite's 32,766 bound parameters, and big enough that a
# regency file (1.3 M NIKs) costs a few hundred index probes' worth of queries, not millions.
REGISTRY_CHUNK = 5000
# A file this wrong is not worth reading to the end; the report stays small enough to store.
MAX_ERRORS = 10_000
# Value caches are per import; their size is bounded so a file of unique garbage stays cheap.
CACHE_LIMIT = 100_000
READ_BLOCK = 1 << 20
MISSING = object()
CITIZENSHIPS = frozenset(Resident.Citizenship.values)
# The columns Checker._quick reads, in the order it unpacks them.
FAST_COLUMNS = (
    "NIK", "NO_KK", "NAMA_LGKP", "JENIS_KLMIN", "TMPT_LHR", "TGL_LHR", "STAT_HBKEL", "KEWARGANEGARAAN",
    "NAMA_LGKP_AYAH", "NAMA_LGKP_IBU", "NIK_AYAH", "NIK_IBU", "DUSUN", "NO_RW", "NO_RT", "ALAMAT",
    *LOOKUP_COLUMNS, *REGION_COLUMNS,
)  # fmt: skip


class ImportRefused(Exception):
    """The file cannot be imported; ``errors`` are (row, column, message)."""

    def __init__(self, errors: list[tuple[int, str, str]]):
        super().__init__(errors[0][2] if errors else "")
        self.errors = errors


class ImportTakenOver(Exception):
    """Another run of the same batch committed first; this run stops without writing."""


@dataclass
class Outcome:
    batch: ImportBatch
    created: int = 0
    skipped: int = 0
    errors: list[tuple[int, str, str]] = field(default_factory=list)
    taken_over: bool = False


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


# --- reading ---------------------------------------------------------------------------------

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


# --- checking --------------------------------------------------------------------------------


def parse_date(value: str) -> date | None:
    """A birth date in one of DATE_FORMATS. The usual zero-padded shapes are read by slicing;
    anything else goes through strptime, which also takes unpadded days and months."""
    value = value.strip()
    try:
        if len(value) == 10 and value[2] in "-/" and value[5] == value[2]:
            return date(int(value[6:]), int(value[3:5]), int(value[:2]))
        if len(value) == 10 and value[4] == "-" and value[7] == "-":
            return date(int(value[:4]), int(value[5:7]), int(value[8:]))
    except ValueError:
        pass
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def _rw_rt(raw: str) -> str | None:
    """RW/RT zero-padded to 3 digits ("" stays ""), None if it is not 1-3 digits."""
    value = raw.strip()
    if not value:
        return ""
    if len(value) > 3 or not (value.isascii() and value.isdigit()):
        return None
    return value.zfill(3)


@functools.cache
def valid_birth_digits() -> frozenset[str]:
    """Every DDMMYY (day +40 for women) a permanent NIK may carry: what nik.check_nik accepts
    without a birth date to compare, as one set lookup (about 73,000 strings, built once)."""
    digits = set()
    day, end = date(1900, 1, 1), date(2099, 12, 31)
    while day <= end:
        digits.update(_birth_digits(day))
        day += timedelta(days=1)
    return frozenset(digits)


def _birth_digits(born: date) -> tuple[str, str]:
    """Digits 7-12 of a NIK issued to a man and to a woman born on ``born``."""
    tail = f"{born.month:02d}{born.year % 100:02d}"
    return f"{born.day:02d}{tail}", f"{born.day + 40:02d}{tail}"


class Checker:
    """Checks rows as they stream by and keeps the keys the consistency checks need.

    Errors are (row, column, message). ``later`` holds file-wide findings (duplicate NIKs,
    heads, KK of two villages) that are reported only when every row is fine on its own, as a
    headless family is often just a head row with a bad value.
    """

    def __init__(self, *, target: Region, header: list[str], start: int):
        self.target = target
        self.regency_mode = target.level == Region.Level.REGENCY
        self.start = start
        self.start_row: int | None = None
        self.prefix = niks.regency_prefix()
        self.districts = niks.district_digits()
        self.today = timezone.localdate()
        self.lookups = self._load_lookups()
        self.villages = self._load_villages() if self.regency_mode else {}
        self.width = len(header)
        columns = {name: i for i, name in enumerate(header)}  # a repeated column: the last wins
        self.col = {name: columns.get(name, self.width) for name in (*REQUIRED, *OPTIONAL, *REGION_COLUMNS)}
        self.errors: list[tuple[int, str, str]] = []
        self.later: list[tuple[int, str, str]] = []
        self.rows = 0  # non-blank rows seen
        self.niks: dict[int, int] = {}  # NIK (as int, 16 digits are unique) → first row
        self.kk_first: dict[str, int] = {}
        self.kk_head: dict[str, int] = {}
        self.kk_village: dict[str, str] = {}
        self.temporary: Counter[str] = Counter()  # village → rows without NIK still to write
        self.caches: dict[str, dict] = {
            name: {} for name in (*LOOKUP_COLUMNS, "sex", "relation", "date", "region", "NO_RW", "NO_RT")
        }
        self.pick = operator.itemgetter(*(self.col[name] for name in FAST_COLUMNS))
        self.today_iso = self.today.isoformat()
        self.birth_digits = valid_birth_digits()
        self._last_kk: str | None = None

    def _load_lookups(self) -> dict[str, dict[str, str]]:
        lookups: dict[str, dict[str, str]] = {}
        for kind, code, name, pk in Lookup.objects.filter(is_active=True).values_list("kind", "code", "name", "pk"):
            table = lookups.setdefault(kind, {})
            table[str(code)] = table[norm(name)] = str(pk)  # text: COPY writes it as it is
        for kind, aliases in ALIASES.items():
            for alias, code in aliases.items():
                if str(code) in lookups.get(kind, {}):
                    lookups[kind].setdefault(alias, lookups[kind][str(code)])
        return lookups

    def _load_villages(self) -> dict[str, str]:
        codes = Region.objects.filter(level=Region.Level.VILLAGE, code__startswith=self.target.code + ".")
        return {code: code for code in codes.values_list("code", flat=True)}

    def fail(self, row: int, column: str, message: str) -> None:
        self.errors.append((row, column, message))

    @property
    def full(self) -> bool:
        return len(self.errors) + len(self.later) >= MAX_ERRORS

    def row(self, number: int, cells: list[str]) -> tuple | None:
        """The cleaned row for the spool, or None after recording its errors."""
        if len(cells) == self.width:
            cells.append("")  # absent optional columns point here
            item = self._quick(cells)
            if item is not None:
                return item
            cells.pop()
        return self._careful(number, cells)

    def _quick(self, cells: list[str]) -> tuple | None:
        """The cleaned row if every value is one already seen and valid (the caches say so),
        else None and ``_careful`` looks again. Inlined on purpose: this runs 1.3 M times for a
        regency, and each function call here would cost more than the check it makes."""
        (
            nik, kk, name, sex, place, born, relation, citizenship, father, mother, father_nik, mother_nik, dusun,
            rw, rt, address, *lookups, prop, kab, kec, kel,
        ) = self.pick(cells)  # fmt: skip
        caches = self.caches
        dates = caches["date"]
        entry = dates.get(born, MISSING)
        if entry is MISSING:  # a regency has tens of thousands of birth dates: parse, don't fall back
            entry = self._date_entry(born)
            if len(dates) < CACHE_LIMIT:
                dates[born] = entry
        born = entry
        sex, relation = caches["sex"].get(sex), caches["relation"].get(relation)
        if sex is None or born is None or relation is None or born[0] > self.today_iso:
            return None
        agama, kwn, pddk, pkrjn, drh, cct = lookups
        religion, marital = caches["AGAMA"].get(agama), caches["STAT_KWN"].get(kwn)
        education, occupation = caches["PDDK_AKH"].get(pddk), caches["JENIS_PKRJN"].get(pkrjn)
        blood, disability = caches["GOL_DRH"].get(drh), caches["PNYDNG_CCT"].get(cct)
        if not religion or not marital or None in (education, occupation, blood, disability):
            return None
        name, place, nik, kk = name.strip(), place.strip(), nik.strip(), kk.strip()
        if not (0 < len(name) <= 150 and 0 < len(place) <= 100):
            return None
        if nik and not (
            len(nik) == 16
            and nik.isdigit()
            and nik.isascii()
            and nik[:4] == self.prefix
            and nik[4:6] in self.districts
            and nik[6:12] == born[1 if sex == "L" else 2]
        ):
            return None
        if kk != self._last_kk:
            if not (len(kk) == 16 and kk.isdigit() and kk.isascii() and kk[:4] == self.prefix):
                return None
            if kk[4:6] not in self.districts:
                return None
            self._last_kk = kk
        father_nik, mother_nik = father_nik.strip(), mother_nik.strip()
        for parent in (father_nik, mother_nik):
            if parent and not (
                len(parent) == 16
                and parent.isdigit()
                and parent.isascii()
                and parent[:4] == self.prefix
                and parent[4:6] in self.districts
                and parent[6:12] in self.birth_digits
            ):
                return None
        citizenship = citizenship.strip().upper() or "WNI"
        rw, rt = caches["NO_RW"].get(rw), caches["NO_RT"].get(rt)
        region = caches["region"].get((prop, kab, kec, kel))
        if citizenship not in CITIZENSHIPS or rw is None or rt is None or region is None or region[1]:
            return None
        return (
            region[0], kk, nik, relation, name, sex, place, born[0], religion, marital, education or None,
            occupation or None, blood or None, disability or None, citizenship, father.strip()[:150],
            mother.strip()[:150], father_nik, mother_nik, dusun.strip()[:60], rw, rt, address.strip()[:255],
        )  # fmt: skip

    def _careful(self, number: int, cells: list[str]) -> tuple | None:
        before = len(self.errors)
        cells = (cells + [""] * self.width)[: self.width]
        cells.append("")
        col = self.col
        name, place = cells[col["NAMA_LGKP"]].strip(), cells[col["TMPT_LHR"]].strip()
        self._text(number, "NAMA_LGKP", name, 150)
        self._text(number, "TMPT_LHR", place, 100)
        sex = self._cached("sex", cells[col["JENIS_KLMIN"]], lambda raw: SEXES.get(norm(raw)))
        if sex is None:
            self.fail(number, "JENIS_KLMIN", _("Isi LAKI-LAKI atau PEREMPUAN (atau 1/2)."))
        born = self._cached("date", cells[col["TGL_LHR"]], self._date_entry)
        if born is None:
            self.fail(number, "TGL_LHR", _("Tanggal tidak dikenali; gunakan DD-MM-YYYY."))
        elif born[0] > self.today_iso:
            self.fail(number, "TGL_LHR", _("Tanggal lahir sesudah hari ini."))
        lookups = [self._lookup(number, column, cells[col[column]]) for column in LOOKUP_COLUMNS]
        relation = self._cached("relation", cells[col["STAT_HBKEL"]], lambda raw: RELATIONS.get(norm(raw)))
        if relation is None:
            self.fail(number, "STAT_HBKEL", _("Hubungan dalam keluarga tidak dikenali."))
        nik = self._nik(number, cells[col["NIK"]].strip(), sex, born)
        father_nik = self._parent_nik(number, "NIK_AYAH", cells[col["NIK_AYAH"]].strip())
        mother_nik = self._parent_nik(number, "NIK_IBU", cells[col["NIK_IBU"]].strip())
        kk = self._kk(number, cells[col["NO_KK"]].strip())
        citizenship = cells[col["KEWARGANEGARAAN"]].strip().upper() or "WNI"
        if citizenship not in CITIZENSHIPS:
            self.fail(number, "KEWARGANEGARAAN", _("Isi WNI, WNA atau DUA."))
        rw, rt = self._rw_rt(number, "NO_RW", cells[col["NO_RW"]]), self._rw_rt(number, "NO_RT", cells[col["NO_RT"]])
        village = self._village(number, cells)
        if len(self.errors) > before:
            return None
        return (
            village, kk, nik, relation, name, sex, place, born[0], *lookups, citizenship,
            cells[col["NAMA_LGKP_AYAH"]].strip()[:150], cells[col["NAMA_LGKP_IBU"]].strip()[:150], father_nik,
            mother_nik, cells[col["DUSUN"]].strip()[:60], rw, rt, cells[col["ALAMAT"]].strip()[:255],
        )  # fmt: skip

    def _cached(self, cache_name: str, raw: str, compute: Callable):
        cache = self.caches[cache_name]
        value = cache.get(raw, MISSING)
        if value is MISSING:
            value = compute(raw)
            if len(cache) < CACHE_LIMIT:
                cache[raw] = value
        return value

    def _text(self, number: int, column: str, value: str, limit: int) -> None:
        if not value:
            self.fail(number, column, _("Wajib diisi."))
        elif len(value) > limit:
            self.fail(number, column, _("Terlalu panjang: paling banyak %(limit)d karakter.") % {"limit": limit})

    @staticmethod
    def _date_entry(raw: str) -> tuple[str, str, str] | None:
        """(ISO date, NIK digits 7-12 for a man, for a woman): ISO text compares, pickles and
        COPYs faster than a date object."""
        born = parse_date(raw)
        return None if born is None else (born.isoformat(), *_birth_digits(born))

    def _lookup(self, number: int, column: str, raw: str) -> str | None:
        kind = LOOKUP_COLUMNS[column][1]
        pk = self._cached(column, raw, lambda raw: self.lookups.get(kind, {}).get(norm(raw)) if raw.strip() else "")
        if pk is None:
            self.fail(number, column, _("Nilai '%(value)s' tidak ada di daftar rujukan.") % {"value": raw.strip()[:40]})
        elif pk == "":
            if column in REQUIRED:
                self.fail(number, column, _("Wajib diisi."))
            return None
        return pk

    def _nik(self, number: int, nik: str, sex: str | None, born: tuple | None) -> str:
        if not nik:
            return ""
        if (
            len(nik) == 16
            and nik.isascii()
            and nik.isdigit()
            and nik[:4] == self.prefix
            and nik[4:6] in self.districts
            and born is not None
            and sex is not None
            and nik[6:12] == born[1 if sex == "L" else 2]
        ):
            return nik
        try:  # the slow path names what is wrong (or accepts a temporary NIK)
            birth_date = date.fromisoformat(born[0]) if born else None
            return niks.check_nik(nik, sex=sex, birth_date=birth_date, label="NIK", districts=self.districts)
        except ValidationError as exc:
            self.fail(number, "NIK", " ".join(exc.messages))
            return ""

    def _parent_nik(self, number: int, column: str, nik: str) -> str:
        if not nik:
            return ""
        try:
            return niks.check_nik(nik, label=column, districts=self.districts)
        except ValidationError as exc:
            self.fail(number, column, " ".join(exc.messages))
            return ""

    def _kk(self, number: int, kk: str) -> str:
        if kk == self._last_kk:  # a family's rows usually follow each other
            return kk
        try:
            kk = niks.check_kk(kk, districts=self.districts)
        except ValidationError as exc:
            self.fail(number, "NO_KK", " ".join(exc.messages))
            return ""
        self._last_kk = kk
        return kk

    def _rw_rt(self, number: int, column: str, raw: str) -> str:
        value = self._cached(column, raw, _rw_rt)
        if value is None:
            self.fail(number, column, _("Isi nomor %(column)s, paling banyak 3 angka.") % {"column": column[3:]})
            return ""
        return value

    def _village(self, number: int, cells: list[str]) -> str:
        """The row's village code: the target, or (regency-wide) the one NO_PROP…NO_KEL name."""
        raw = tuple(cells[self.col[name]] for name in REGION_COLUMNS)
        found = self.caches["region"].get(raw)
        if found is None:
            found = self._region_of(raw)
            if len(self.caches["region"]) < CACHE_LIMIT:
                self.caches["region"][raw] = found
        code, errors = found
        for column, message in errors:
            self.fail(number, column, message)
        return code

    def _region_of(self, raw: tuple[str, ...]) -> tuple[str, tuple]:
        parts = [value.strip() for value in raw]
        errors = []
        for name, part, width in zip(REGION_COLUMNS, parts, REGION_WIDTHS, strict=True):
            if part and not (part.isascii() and part.isdigit() and len(part.lstrip("0")) <= width):
                errors.append((name, _("Isi kode wilayah %(width)d angka (nol di depan boleh dihilangkan).")
                               % {"width": width}))  # fmt: skip
            elif not part and self.regency_mode:
                errors.append((name, _("Wajib diisi.")))
        if errors:
            return "", tuple(errors)
        padded = [part.zfill(width)[-width:] if part else "" for part, width in zip(parts, REGION_WIDTHS, strict=True)]
        if not self.regency_mode:
            own = self.target.code.split(".")
            if all(not part or part == mine for part, mine in zip(padded, own, strict=True)):
                return self.target.code, ()
            shown = ".".join(part or mine for part, mine in zip(padded, own, strict=True))
            message = _(
                "Baris ini untuk desa %(code)s, bukan %(name)s (%(own)s): impor per desa hanya menerima baris desa itu."
            ) % {"code": shown, "name": self.target.name, "own": self.target.code}
            return "", (("NO_KEL", message),)
        code = ".".join(padded)
        if code[:5] != self.target.code:
            column = "NO_PROP" if padded[0] != self.target.code[:2] else "NO_KAB"
            message = _("Desa %(code)s berada di luar kabupaten/kota ini (%(regency)s).")
            return "", ((column, message % {"code": code, "regency": self.target.code}),)
        if code not in self.villages:
            return "", (("NO_KEL", _("Desa/kelurahan %(code)s tidak ada di tabel wilayah.") % {"code": code}),)
        return self.villages[code], ()

    def keep(self, number: int, item: tuple) -> bool:
        """Record the keys of a valid row; True if the row is still to be written (past ``start``)."""
        village, kk, nik, relation = item[:4]
        if nik:
            first = self.niks.setdefault(int(nik), number)
            if first != number:
                self.later.append((number, "NIK", _("NIK sama dengan baris %(row)d.") % {"row": first}))
        first = self.kk_first.setdefault(kk, number)
        if self.regency_mode and self.kk_village.setdefault(kk, village) != village:
            message = _("No. KK ini dipakai untuk desa lain di baris %(row)d.") % {"row": first}
            self.later.append((number, "NO_KK", message))
        if relation == Resident.Relation.HEAD:
            head = self.kk_head.setdefault(kk, number)
            if head != number:
                message = _("Keluarga ini sudah punya kepala keluarga di baris %(row)d.") % {"row": head}
                self.later.append((number, "STAT_HBKEL", message))
        self.rows += 1
        if self.rows <= self.start:
            return False
        if self.start_row is None:
            self.start_row = number
        if not nik:
            self.temporary[village] += 1
        return True

    def villages_touched(self) -> set[str]:
        return set(self.kk_village.values()) if self.regency_mode else {self.target.code}

    def village_of(self, kk: str) -> str:
        return self.kk_village[kk] if self.regency_mode else self.target.code

    def is_fresh(self, row: int) -> bool:
        return self.start_row is not None and row >= self.start_row


def check_file(rows: Iterator[list[str]], checker: Checker, spool, *, batch_size: int) -> None:
    """Stream the rows through ``checker``; fresh valid rows go to ``spool`` in chunks of ``batch_size``."""
    for chunk in check_rows(rows, checker, batch_size=batch_size):
        _spool(spool, chunk)


def check_rows(rows: Iterator[list[str]], checker: Checker, *, batch_size: int) -> Iterator[list[tuple]]:
    """Chunks of ``batch_size`` fresh valid rows (the last one shorter), as long as no row had
    an error and no file-wide rule was broken (a NIK twice, …); the rest of the file is still
    checked, for the report."""
    chunk: list[tuple] = []
    for index, cells in enumerate(rows):
        if not (cells and cells[0].strip()) and not "".join(cells).strip():
            continue
        number = index + 2
        item = checker.row(number, cells)
        if item is not None and checker.keep(number, item) and not (checker.errors or checker.later):
            chunk.append(item)
            if len(chunk) >= batch_size:
                yield chunk
                chunk = []
        if (item is None or checker.later) and checker.full:
            checker.fail(number, "", _("Terlalu banyak kesalahan: pemeriksaan berhenti di baris ini."))
            break
    if chunk and not checker.errors:
        yield chunk


def _spool(spool, chunk: list[tuple]) -> None:
    # Length-prefixed blobs: marshal.load on a file reads in tiny pieces, loads on bytes does not.
    blob = marshal.dumps(chunk)
    spool.write(len(blob).to_bytes(8, "big"))
    spool.write(blob)


def _unspool(spool) -> list[tuple]:
    size = int.from_bytes(spool.read(8), "big")
    return marshal.loads(spool.read(size))  # noqa: S302 - our own spool, written by this run


def check_registry(checker: Checker) -> dict[str, int]:
    """File-wide and registry checks after every row passed; the families that already exist
    (No. KK → id), which the rows join. One query per REGISTRY_CHUNK keys, never one per row."""
    v = checker
    fresh = ((f"{nik:016d}", row) for nik, row in v.niks.items() if v.is_fresh(row))
    for part in _chunks(fresh):
        rows = dict(part)
        for (nik,) in select_in(Resident, "nik", list(rows), ("nik",)):
            v.later.append((rows[nik], "NIK", _("NIK %(nik)s sudah terdaftar.") % {"nik": niks.mask(nik)}))
    families: dict[str, int] = {}
    elsewhere: set[str] = set()
    for part in _chunks(v.kk_first):
        for number, pk, village_id in select_in(Family, "number", part, ("number", "id", "village")):
            if village_id != v.village_of(number):
                v.later.append((v.kk_first[number], "NO_KK", _("No. KK ini terdaftar di desa lain.")))
                elsewhere.add(number)
            else:
                families[number] = pk
    with_head: set[str] = set()
    by_pk = {pk: number for number, pk in families.items()}
    for part in _chunks(by_pk):
        heads = select_in(Resident, "family", part, ("family",), is_head=True, status=Resident.Status.ALIVE)
        with_head.update(by_pk[pk] for (pk,) in heads)
    check_heads(v, with_head=with_head, elsewhere=elsewhere)
    return families


def check_heads(v: Checker, *, with_head: set[str], elsewhere: set[str]) -> None:
    """Every family ends with one head: from the file, or already in the registry
    (``with_head``); KK numbers of another village (``elsewhere``) were reported already.
    Also: room for the temporary NIKs of the rows without one."""
    for kk, row in v.kk_head.items():
        if kk in with_head and v.is_fresh(row):
            v.later.append((row, "STAT_HBKEL", _("Keluarga ini sudah punya kepala keluarga di data desa.")))
    for kk, row in v.kk_first.items():
        if kk not in v.kk_head and kk not in with_head and kk not in elsewhere:
            message = _("Keluarga No. KK %(kk)s tidak punya kepala keluarga.") % {"kk": niks.mask(kk)}
            v.later.append((row, "STAT_HBKEL", message))
    _check_temporary_room(v)


def select_in(model, key: str, values: list, columns: tuple[str, ...], **equal) -> list[tuple]:
    """``columns`` of the rows whose ``key`` is one of ``values`` (and whose fields match
    ``equal``), in one query. Plain SQL because building a 5,000-item ``__in`` lookup costs the
    ORM more than the query; PostgreSQL gets one array parameter instead of 5,000."""
    quote, field = connection.ops.quote_name, model._meta.get_field
    if connection.vendor == "postgresql":
        match, params = f"{quote(field(key).column)} = ANY(%s)", [list(values)]
    else:
        match, params = f"{quote(field(key).column)} IN ({', '.join(['%s'] * len(values))})", list(values)
    for name, value in equal.items():
        match += f" AND {quote(field(name).column)} = %s"
        params.append(value)
    names = ", ".join(quote(field(name).column) for name in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {names} FROM {quote(model._meta.db_table)} WHERE {match}", params)  # noqa: S608 - names from the model
        return cursor.fetchall()


def _check_temporary_room(v: Checker) -> None:
    if not v.temporary:
        return
    used = dict(TemporaryNikCounter.objects.filter(pk__in=list(v.temporary)).values_list("pk", "last"))
    for village, count in sorted(v.temporary.items()):
        if used.get(village, 0) + count > niks.TEMPORARY_SEQUENCE_MAX:
            message = _("Nomor NIK sementara desa %(code)s tidak cukup untuk %(count)d penduduk tanpa NIK.")
            v.later.append((0, "NIK", message % {"code": village, "count": count}))


def _chunks(items: Iterable) -> Iterator[list]:
    """Lists of REGISTRY_CHUNK items, built as they are needed (the keys of a regency file are
    many; a list of them all would double the memory the dicts already take)."""
    items = iter(items)
    while part := list(itertools.islice(items, REGISTRY_CHUNK)):
        yield part


# --- importing -------------------------------------------------------------------------------


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
        chunk = _unspool(spool)
        outcome.created += _write_chunk(writer, chunk, offset)
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
            with _copying(Resident, RESIDENT_COLUMNS) as copy:
                for chunk in check_rows(rows, checker, batch_size=batch_size):
                    numbered = [item for item in chunk if item[2]]
                    if len(numbered) < len(chunk):
                        _spool(spool, [item for item in chunk if not item[2]])
                    writer.add_families(numbered)
                    copy.write(_csv_block(_resident_rows(writer, numbered, {})))
                    written += len(numbered)
                    if progress:
                        progress(written, max(lines - 1, written))
            if checker.errors:
                raise ImportRefused(sorted(checker.errors))
            check_heads(checker, with_head=set(), elsewhere=set())
            if checker.later:
                raise ImportRefused(sorted(checker.later)[:MAX_ERRORS])
            spool.seek(0)
            while written < checker.rows:
                chunk = _unspool(spool)
                writer.add_families(chunk)
                _copy(Resident, RESIDENT_COLUMNS, _resident_rows(writer, chunk, _temporary_niks(writer, chunk)))
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
        raise ImportRefused(sorted(checker.later)[:MAX_ERRORS])
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


# --- writing ---------------------------------------------------------------------------------


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
        self.families_out.write(_csv_block(rows))
        self.family_count += len(rows)

    def write_clusters_and_families(self) -> None:
        _copy(Cluster, ("id", "village", "dusun", "rw", "rt"), self.new_clusters)
        self.families_out.seek(0)
        with _copying(Family, FAMILY_COLUMNS) as copy:
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
def _write_chunk(writer: Writer, chunk: list[tuple], offset: int) -> int:
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
    rows = _resident_rows(writer, chunk, _temporary_niks(writer, chunk))
    _insert(writer, Resident, RESIDENT_COLUMNS, rows)
    batch.processed = end
    record(actor=writer.by, action="villages.import_batch", obj=batch, after={"from": offset, "rows": len(chunk)})
    return len(chunk)


def _resident_rows(writer: Writer, chunk: list[tuple], temporary: dict[str, list[str]]) -> list[tuple]:
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


# Resident columns in the order _resident_rows builds rows (item[4:19] is name … mother_nik).
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
        _copy(Family, FAMILY_COLUMNS, [(pk, *row, now) for pk, row in zip(ids, rows, strict=True)])
        return ids
    objects = [Family(number=n, village_id=v, cluster_id=c, address=a, created_at=now) for n, v, c, a in rows]
    Family.objects.bulk_create(objects)
    return [family.pk for family in objects]


def _insert(writer: Writer, model, columns: tuple[str, ...], rows: list[tuple]) -> None:
    if writer.copy:
        _copy(model, columns, rows)
        return
    names = [model._meta.get_field(name).attname for name in columns]
    model.objects.bulk_create([model(**dict(zip(names, row, strict=True))) for row in rows], batch_size=1000)


def _copy(model, columns: tuple[str, ...], rows: list[tuple]) -> None:
    if rows:
        with _copying(model, columns) as copy:
            copy.write(_csv_block(rows))


@contextmanager
def _copying(model, columns: tuple[str, ...]):
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


def _csv_block(rows: list[tuple]) -> str:
    """Rows as CSV text for COPY, by the csv module's C writer: a quarter of the time psycopg's
    row-by-row ``write_row`` takes. None is written empty (NULL), True as "True"."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _temporary_niks(writer: Writer, chunk: list[tuple]) -> dict[str, list[str]]:
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
