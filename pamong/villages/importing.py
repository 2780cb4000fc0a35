"""Importing residents and families from a Dukcapil/SIAK-shaped CSV or XLSX file.

The whole file is read and validated first; any error (wrong encoding, missing column, a bad
value, a duplicate NIK in the file or already in the registry, a family with no or two heads)
refuses the import with a report naming row and column, and nothing is written. A valid file
is then written in chunks of ``batch_size`` rows, each chunk in one transaction together with
the import's ``processed`` count, so an interrupted import resumes where it stopped: importing
the same file (same SHA-256) into the same village again skips the committed chunks.
Column mapping: IMPORT.md.
"""

import csv
import hashlib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.accounts.models import User
from pamong.audit.services import record
from pamong.regions.models import Region

from . import nik as niks
from .models import Cluster, Family, ImportBatch, Lookup, Resident
from .services import require_operator

REQUIRED = ("NIK", "NO_KK", "NAMA_LGKP", "JENIS_KLMIN", "TMPT_LHR", "TGL_LHR", "AGAMA", "STAT_KWN", "STAT_HBKEL")
OPTIONAL = (
    "PDDK_AKH", "JENIS_PKRJN", "GOL_DRH", "PNYDNG_CCT", "NAMA_LGKP_AYAH", "NAMA_LGKP_IBU", "NIK_AYAH", "NIK_IBU",
    "ALAMAT", "NO_RT", "NO_RW", "DUSUN", "KEWARGANEGARAAN",
)  # fmt: skip
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
RELATIONS.update({value: value for value in Resident.Relation.values})
DATE_FORMATS = ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d", "%d-%m-%y")
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
BATCH_SIZE = 2000


class ImportRefused(Exception):
    """The file cannot be imported; ``errors`` are (row, column, message)."""

    def __init__(self, errors: list[tuple[int, str, str]]):
        super().__init__(errors[0][2] if errors else "")
        self.errors = errors


@dataclass
class Parsed:
    row: int
    kk: str
    is_head: bool
    values: dict
    cluster_key: tuple[str, str, str]
    address: str


@dataclass
class Outcome:
    batch: ImportBatch
    created: int = 0
    skipped: int = 0
    errors: list[tuple[int, str, str]] = field(default_factory=list)


def norm(value: str) -> str:
    """Upper-case letters and digits only; a trailing +/- (blood types) is kept as POS/NEG."""
    value = value.strip().upper()
    if value.endswith("+"):
        value = value[:-1] + "POS"
    elif value.endswith("-"):
        value = value[:-1] + "NEG"
    return re.sub(r"[^A-Z0-9]", "", value)


# --- reading ---------------------------------------------------------------------------------


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Latin-1 if it reads as text; ImportRefused otherwise."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
        if CONTROL.search(text):
            raise ImportRefused(
                [(0, "", _("Encoding berkas tidak dikenali: simpan ulang sebagai CSV UTF-8 (atau Latin-1)."))]
            ) from None
        return text


def read_table(data: bytes, file_name: str) -> tuple[list[str], list[list]]:
    """(header, rows) of a CSV (comma, semicolon, tab or pipe) or XLSX file."""
    if file_name.lower().endswith(".xlsx") or data[:4] == b"PK\x03\x04":
        return _read_xlsx(data)
    text = decode(data)
    if not text.strip():
        raise ImportRefused([(0, "", _("Berkas kosong."))])
    first = text.splitlines()[0]
    delimiter = max(",;\t|", key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = list(reader)
    return [h.strip().upper() for h in rows[0]], rows[1:]


def _read_xlsx(data: bytes) -> tuple[list[str], list[list]]:
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
    except Exception:  # openpyxl raises many kinds for a damaged or non-XLSX file
        raise ImportRefused([(0, "", _("Berkas XLSX tidak dapat dibaca."))]) from None
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    if not rows:
        raise ImportRefused([(0, "", _("Berkas kosong."))])
    return [str(h or "").strip().upper() for h in rows[0]], rows[1:]


# --- validating ------------------------------------------------------------------------------


class Validator:
    """Turns raw rows into Parsed rows, collecting (row, column, message) errors."""

    def __init__(self, village: Region):
        self.village = village
        self.districts = niks.district_digits()
        self.lookups: dict[str, dict[str, Lookup]] = {}
        for item in Lookup.objects.filter(is_active=True):
            table = self.lookups.setdefault(item.kind, {})
            table[str(item.code)] = item
            table[norm(item.name)] = item
        for kind, aliases in ALIASES.items():
            for alias, code in aliases.items():
                if str(code) in self.lookups.get(kind, {}):
                    self.lookups[kind].setdefault(alias, self.lookups[kind][str(code)])
        self.errors: list[tuple[int, str, str]] = []

    def fail(self, row: int, column: str, message: str) -> None:
        self.errors.append((row, column, message))

    def cell(self, raw: dict, column: str) -> str:
        value = raw.get(column)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()

    def parse_date(self, value) -> date | None:
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        for fmt in DATE_FORMATS:
            try:
                return datetime.strptime(str(value).strip(), fmt).date()
            except ValueError:
                continue
        return None

    def row(self, number: int, raw: dict) -> Parsed | None:
        before = len(self.errors)
        get = lambda column: self.cell(raw, column)  # noqa: E731
        values: dict = {"name": get("NAMA_LGKP"), "birth_place": get("TMPT_LHR")}
        for column in ("NAMA_LGKP", "TMPT_LHR"):
            if not get(column):
                self.fail(number, column, _("Wajib diisi."))
        sex = SEXES.get(norm(get("JENIS_KLMIN")))
        if sex is None:
            self.fail(number, "JENIS_KLMIN", _("Isi LAKI-LAKI atau PEREMPUAN (atau 1/2)."))
        birth = self.parse_date(raw.get("TGL_LHR"))
        if birth is None:
            self.fail(number, "TGL_LHR", _("Tanggal tidak dikenali; gunakan DD-MM-YYYY."))
        elif birth > timezone.localdate():
            self.fail(number, "TGL_LHR", _("Tanggal lahir sesudah hari ini."))
        for column, (name, kind) in LOOKUP_COLUMNS.items():
            text = get(column)
            item = self.lookups.get(kind, {}).get(norm(text)) if text else None
            if text and item is None:
                self.fail(number, column, _("Nilai '%(value)s' tidak ada di daftar rujukan.") % {"value": text[:40]})
            elif not text and column in REQUIRED:
                self.fail(number, column, _("Wajib diisi."))
            values[name] = item
        relation = RELATIONS.get(norm(get("STAT_HBKEL")))
        if relation is None:
            self.fail(number, "STAT_HBKEL", _("Hubungan dalam keluarga tidak dikenali."))
        values["nik"] = self._nik(number, "NIK", get("NIK"), sex=sex, birth=birth, required=False)
        values["father_nik"] = self._nik(number, "NIK_AYAH", get("NIK_AYAH"))
        values["mother_nik"] = self._nik(number, "NIK_IBU", get("NIK_IBU"))
        kk = get("NO_KK")
        try:
            kk = niks.check_kk(kk, districts=self.districts)
        except ValidationError as exc:
            self.fail(number, "NO_KK", " ".join(exc.messages))
        citizenship = get("KEWARGANEGARAAN").upper() or Resident.Citizenship.WNI
        if citizenship not in Resident.Citizenship.values:
            self.fail(number, "KEWARGANEGARAAN", _("Isi WNI, WNA atau DUA."))
        if len(self.errors) > before:
            return None
        values.update(
            sex=sex, birth_date=birth, relation=relation, citizenship=citizenship,
            father_name=get("NAMA_LGKP_AYAH")[:150], mother_name=get("NAMA_LGKP_IBU")[:150],
        )  # fmt: skip
        rw, rt = get("NO_RW"), get("NO_RT")
        cluster_key = (get("DUSUN")[:60], rw.zfill(3) if rw else "", rt.zfill(3) if rt else "")
        return Parsed(number, kk, relation == Resident.Relation.HEAD, values, cluster_key, get("ALAMAT")[:255])

    def _nik(self, number, column, value, *, sex=None, birth=None, required=False) -> str:
        if not value:
            if required:
                self.fail(number, column, _("Wajib diisi."))
            return ""
        try:
            return niks.check_nik(value, sex=sex, birth_date=birth, label=column, districts=self.districts)
        except ValidationError as exc:
            self.fail(number, column, " ".join(exc.messages))
            return ""


def validate(header: list[str], rows: list[list], village: Region, *, start: int = 0) -> list[Parsed]:
    """Every row parsed, or ImportRefused with all the errors. Rows before ``start`` were
    committed by an earlier run (``start`` counts parsed, non-blank rows): they are checked for
    shape but not against the registry."""
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ImportRefused([(1, c, _("Kolom wajib tidak ada.")) for c in missing])
    validator = Validator(village)
    parsed: list[Parsed] = []
    for index, values in enumerate(rows):
        if not any(v not in (None, "") for v in values):
            continue
        item = validator.row(index + 2, dict(zip(header, values, strict=False)))
        if item is not None:
            parsed.append(item)
    if not validator.errors:
        _check_consistency(parsed, validator, village, start=start)
    if validator.errors:
        raise ImportRefused(sorted(validator.errors))
    return parsed


def _check_consistency(parsed: list[Parsed], v: Validator, village: Region, *, start: int) -> None:
    seen: dict[str, int] = {}
    for item in parsed:
        nik = item.values["nik"]
        if nik and nik in seen:
            v.fail(item.row, "NIK", _("NIK sama dengan baris %(row)d.") % {"row": seen[nik]})
        seen.setdefault(nik, item.row) if nik else None
    fresh = parsed[start:]
    niks_fresh = [p.values["nik"] for p in fresh if p.values["nik"]]
    taken: set[str] = set()
    for chunk in range(0, len(niks_fresh), 5000):
        taken |= set(Resident.objects.filter(nik__in=niks_fresh[chunk : chunk + 5000]).values_list("nik", flat=True))
    for item in fresh:
        if item.values["nik"] in taken:
            v.fail(item.row, "NIK", _("NIK %(nik)s sudah terdaftar.") % {"nik": niks.mask(item.values["nik"])})
    numbers = sorted({p.kk for p in parsed})
    families: dict[str, tuple[str, bool]] = {}
    for chunk in range(0, len(numbers), 5000):
        for number, village_id in Family.objects.filter(number__in=numbers[chunk : chunk + 5000]).values_list(
            "number", "village_id"
        ):
            families[number] = (village_id, False)
    with_head = set(
        Resident.objects.filter(family__number__in=list(families), status=Resident.Status.ALIVE, is_head=True)
        .values_list("family__number", flat=True)
    ) if families else set()  # fmt: skip
    heads: dict[str, int] = {}
    first_row: dict[str, int] = {}
    for index, item in enumerate(parsed):
        first_row.setdefault(item.kk, item.row)
        if item.kk in families and families[item.kk][0] != village.pk:
            v.fail(item.row, "NO_KK", _("No. KK ini terdaftar di desa lain."))
        if item.is_head:
            if item.kk in heads:
                v.fail(item.row, "STAT_HBKEL", _("Keluarga ini sudah punya kepala keluarga di baris %(row)d.") % {
                    "row": heads[item.kk]})  # fmt: skip
            elif item.kk in with_head and index >= start:
                v.fail(item.row, "STAT_HBKEL", _("Keluarga ini sudah punya kepala keluarga di data desa."))
            heads.setdefault(item.kk, item.row)
    for kk, row in first_row.items():
        if kk not in heads and kk not in with_head:
            v.fail(row, "STAT_HBKEL", _("Keluarga No. KK %(kk)s tidak punya kepala keluarga.") % {"kk": niks.mask(kk)})


# --- writing ---------------------------------------------------------------------------------


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def error_csv(errors: list[tuple[int, str, str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["baris", "kolom", "pesan"])
    writer.writerows(errors)
    return out.getvalue()


def import_file(
    *,
    by: User | None,
    village: Region,
    data: bytes,
    file_name: str,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int, int], None] | None = None,
) -> Outcome:
    """Import (or resume importing) a file into ``village``. ``by`` None = a management command.

    Refused files leave an ImportBatch with status ``ditolak`` and the error report; nothing
    else is written. Each chunk commits with the batch's ``processed`` count.
    """
    if by is not None:
        require_operator(by, village)
    digest = file_hash(data)
    batch = ImportBatch.objects.filter(village=village, file_hash=digest, status=ImportBatch.Status.RUNNING).first()
    if batch is None:
        batch = ImportBatch.objects.create(village=village, file_name=file_name[:255], file_hash=digest, created_by=by)
    start = batch.processed
    try:
        header, rows = read_table(data, file_name)
        parsed = validate(header, rows, village, start=start)
    except ImportRefused as exc:
        batch.status, batch.error_count = ImportBatch.Status.FAILED, len(exc.errors)
        batch.error_report, batch.finished_at = error_csv(exc.errors), timezone.now()
        batch.save()
        record(actor=by, action="villages.import_refused", obj=batch, after={"errors": len(exc.errors)})
        return Outcome(batch=batch, errors=exc.errors)
    total = len(parsed)
    ImportBatch.objects.filter(pk=batch.pk).update(total_rows=total)
    batch.total_rows = total
    outcome = Outcome(batch=batch, skipped=start)
    clusters: dict[tuple, Cluster] = {}
    for offset in range(start, total, batch_size):
        outcome.created += _write_chunk(batch, village, parsed[offset : offset + batch_size], clusters, offset, by)
        if progress:
            progress(batch.processed, total)
    batch.status, batch.finished_at = ImportBatch.Status.DONE, timezone.now()
    batch.save(update_fields=["status", "finished_at"])
    record(actor=by, action="villages.import_done", obj=batch, after={"rows": total, "created": outcome.created})
    return outcome


@transaction.atomic
def _write_chunk(batch, village, chunk: list[Parsed], clusters: dict, offset: int, by) -> int:
    numbers = {p.kk for p in chunk}
    families = {f.number: f for f in Family.objects.filter(number__in=numbers, village=village)}
    new_families = []
    for item in chunk:
        if item.kk in families:
            continue
        key = item.cluster_key
        if any(key) and key not in clusters:
            clusters[key], _created = Cluster.objects.get_or_create(village=village, dusun=key[0], rw=key[1], rt=key[2])
        family = Family(number=item.kk, village=village, address=item.address, cluster=clusters.get(key))
        families[item.kk] = family
        new_families.append(family)
    Family.objects.bulk_create(new_families)
    if new_families and new_families[0].pk is None:  # backends that return no ids (none we run on today)
        families.update({f.number: f for f in Family.objects.filter(number__in=numbers, village=village)})
    residents = []
    taken: set[str] = set()
    for item in chunk:
        values = dict(item.values)
        if not values["nik"]:
            values["nik"] = niks.next_temporary_number(village, taken=taken)
            taken.add(values["nik"])
        residents.append(Resident(**values, family=families[item.kk], village=village, is_head=item.is_head))
    Resident.objects.bulk_create(residents, batch_size=1000)
    batch.processed = offset + len(chunk)
    ImportBatch.objects.filter(pk=batch.pk).update(processed=batch.processed)
    record(actor=by, action="villages.import_batch", obj=batch, after={"from": offset, "rows": len(chunk)})
    return len(chunk)
