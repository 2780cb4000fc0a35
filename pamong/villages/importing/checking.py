"""Checking rows as they stream by (``Checker``), then against each other and the registry."""

import functools
import itertools
import marshal
import operator
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.regions.models import Region

from .. import nik as niks
from ..models import Family, Lookup, Resident, TemporaryNikCounter
from .reading import (
    ALIASES,
    DATE_FORMATS,
    LOOKUP_COLUMNS,
    OPTIONAL,
    REGION_COLUMNS,
    REGION_WIDTHS,
    RELATIONS,
    REQUIRED,
    SEXES,
    norm,
)

# Keys per registry query: under SQLite's 32,766 bound parameters, and big enough that a
# regency file (1.3 M NIKs) costs a few hundred index probes' worth of queries, not millions.
REGISTRY_CHUNK = 5000
# A file this wrong is not worth reading to the end; the report stays small enough to store.
MAX_ERRORS = 10_000
# Value caches are per import; their size is bounded so a file of unique garbage stays cheap.
CACHE_LIMIT = 100_000
MISSING = object()
CITIZENSHIPS = frozenset(Resident.Citizenship.values)
# The columns Checker._quick reads, in the order it unpacks them.
FAST_COLUMNS = (
    "NIK", "NO_KK", "NAMA_LGKP", "JENIS_KLMIN", "TMPT_LHR", "TGL_LHR", "STAT_HBKEL", "KEWARGANEGARAAN",
    "NAMA_LGKP_AYAH", "NAMA_LGKP_IBU", "NIK_AYAH", "NIK_IBU", "DUSUN", "NO_RW", "NO_RT", "ALAMAT",
    *LOOKUP_COLUMNS, *REGION_COLUMNS,
)  # fmt: skip


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
        spool_chunk(spool, chunk)


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


def spool_chunk(spool, chunk: list[tuple]) -> None:
    # Length-prefixed blobs: marshal.load on a file reads in tiny pieces, loads on bytes does not.
    blob = marshal.dumps(chunk)
    spool.write(len(blob).to_bytes(8, "big"))
    spool.write(blob)


def unspool_chunk(spool) -> list[tuple]:
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
