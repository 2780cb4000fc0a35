"""NIK and No. KK: structure checks and temporary numbers.

A NIK is 16 digits: province 2 + regency 2 + kecamatan 2 (where it was issued), the birth date
as DDMMYY with 40 added to the day for women, and a 4-digit sequence. A resident without a NIK
gets a temporary one: ``0`` + the 10-digit village code + a 5-digit sequence per village.

The checks are structural (the Dukcapil database is the only authority on whether a NIK was
really issued). Every message names the field it is about, in Indonesian.
"""

from collections.abc import Collection
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from pamong.regions.models import Region

from .models import Family, Resident, TemporaryNikCounter

TEMPORARY_SEQUENCE_MAX = 99_999


def regency_prefix() -> str:
    """The 4 digits every NIK issued in the served regency starts with ("35.22" → "3522")."""
    return settings.PAMONG_REGION.replace(".", "")


def district_digits() -> frozenset[str]:
    """The 2-digit codes of the served regency's kecamatan ("35.22.15" → "15"). One query."""
    codes = Region.objects.filter(parent_id=settings.PAMONG_REGION, level=Region.Level.DISTRICT).values_list(
        "code", flat=True
    )
    return frozenset(code.rsplit(".", 1)[1] for code in codes)


def _check_region(value: str, *, label: str, offset: int, districts: Collection[str] | None) -> None:
    prefix = regency_prefix()
    if value[offset : offset + 4] != prefix:
        raise ValidationError(
            _("%(label)s: 4 angka pertama harus %(prefix)s (kode kabupaten), bukan %(found)s.")
            % {"label": label, "prefix": prefix, "found": value[offset : offset + 4]},
            code="wrong_regency",
        )
    if districts is None:
        districts = district_digits()
    kec = value[offset + 4 : offset + 6]
    if kec not in districts:
        raise ValidationError(
            _("%(label)s: angka ke-5 dan ke-6 (%(kec)s) bukan kode kecamatan di kabupaten ini.")
            % {"label": label, "kec": kec},
            code="wrong_district",
        )


def _check_digits(value: str, *, label: str) -> str:
    value = (value or "").strip()
    if not (len(value) == 16 and value.isascii() and value.isdigit()):
        raise ValidationError(
            _("%(label)s harus 16 angka (terisi %(length)d karakter).") % {"label": label, "length": len(value)},
            code="length",
        )
    return value


def decode_birth(nik: str) -> tuple[int, int, int, str]:
    """(day, month, two-digit year, sex "L"/"P") encoded in a permanent NIK's digits 7-12."""
    day, month, year = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    sex = "L"
    if day > 40:
        day, sex = day - 40, "P"
    return day, month, year, sex


def _valid_day(day: int, month: int, yy: int) -> bool:
    for century in (1900, 2000):
        try:
            date(century + yy, month, day)
        except ValueError:
            continue
        return True
    return False


def check_nik(
    nik: str,
    *,
    sex: str | None = None,
    birth_date: date | None = None,
    label: str = "NIK",
    districts: Collection[str] | None = None,
) -> str:
    """The cleaned NIK, or ValidationError naming ``label``.

    With ``sex`` and ``birth_date`` the encoded birth date must agree with them (women +40 on
    the day; the 2-digit year compared modulo 100). ``districts`` (2-digit kecamatan codes)
    saves the query when many NIKs are checked (imports).
    """
    nik = _check_digits(nik, label=label)
    if nik.startswith("0"):
        _check_region(nik, label=label, offset=1, districts=districts)
        return nik
    _check_region(nik, label=label, offset=0, districts=districts)
    day, month, yy, encoded_sex = decode_birth(nik)
    if not _valid_day(day, month, yy):
        raise ValidationError(
            _(
                "%(label)s: angka ke-7 sampai ke-12 (%(digits)s) bukan tanggal lahir yang sah "
                "(DDMMYY, +40 untuk perempuan)."
            )
            % {"label": label, "digits": nik[6:12]},
            code="bad_date",
        )
    if sex and sex != encoded_sex:
        raise ValidationError(
            _("%(label)s menunjukkan jenis kelamin %(encoded)s, tidak cocok dengan jenis kelamin yang diisi.")
            % {"label": label, "encoded": _("perempuan") if encoded_sex == "P" else _("laki-laki")},
            code="sex_mismatch",
        )
    if birth_date and (birth_date.day, birth_date.month, birth_date.year % 100) != (day, month, yy):
        raise ValidationError(
            _(
                "%(label)s memuat tanggal lahir %(day)02d-%(month)02d-..%(yy)02d, "
                "tidak cocok dengan tanggal lahir %(given)s."
            )
            % {"label": label, "day": day, "month": month, "yy": yy, "given": birth_date.strftime("%d-%m-%Y")},
            code="birth_mismatch",
        )
    return nik


def check_kk(number: str, *, label: str | None = None, districts: Collection[str] | None = None) -> str:
    """The cleaned No. KK (16 digits, the regency's code, an existing kecamatan) or ValidationError.

    A number starting with 0 is a temporary one (same shape as a temporary NIK).
    """
    # Resolved here rather than as the default value, so the label follows the request's language.
    label = label if label is not None else _("No. KK")
    number = _check_digits(number, label=label)
    _check_region(number, label=label, offset=1 if number.startswith("0") else 0, districts=districts)
    return number


def build_nik(*, district_code: str, birth_date: date, sex: str, seq: int) -> str:
    """A permanent NIK issued in the kecamatan ``district_code`` ("35.22.15")."""
    day = birth_date.day + (40 if sex == "P" else 0)
    return f"{district_code.replace('.', '')}{day:02d}{birth_date.month:02d}{birth_date.year % 100:02d}{seq:04d}"


def temporary_prefix(village: Region) -> str:
    return "0" + village.code.replace(".", "")


def _bump(village: Region) -> int:
    updated = TemporaryNikCounter.objects.filter(pk=village.pk).update(last=F("last") + 1)
    if not updated:
        try:
            with transaction.atomic():
                TemporaryNikCounter.objects.create(village=village, last=1)
            return 1
        except IntegrityError:
            # Another request created the counter first: take the next number from it.
            TemporaryNikCounter.objects.filter(pk=village.pk).update(last=F("last") + 1)
    # The UPDATE holds the row lock until our transaction ends, so this read is ours alone.
    return TemporaryNikCounter.objects.values_list("last", flat=True).get(pk=village.pk)


@transaction.atomic
def next_temporary_number(village: Region, *, taken: Collection[str] = ()) -> str:
    """The next free temporary number of ``village`` (``0`` + village code + 5 digits).

    Used for temporary NIKs and temporary KK numbers alike. The per-village counter row is
    incremented with F() (the UPDATE locks the row until the caller's transaction commits), so
    concurrent callers never get the same number. Numbers already used by a resident or a
    family (e.g. imported ones), or listed in ``taken``, are skipped.
    """
    prefix = temporary_prefix(village)
    while True:
        seq = _bump(village)
        if seq > TEMPORARY_SEQUENCE_MAX:
            raise ValidationError(
                _("Nomor urut NIK sementara desa ini sudah habis (%(max)d).") % {"max": TEMPORARY_SEQUENCE_MAX},
                code="exhausted",
            )
        number = f"{prefix}{seq:05d}"
        if number in taken:
            continue
        if Resident.objects.filter(nik=number).exists() or Family.objects.filter(number=number).exists():
            continue
        return number


def mask(number: str) -> str:
    """``3522********0001``: the first 4 and last 4 digits, for lists shown beyond the village."""
    if not number:
        return ""
    return number[:4] + "*" * max(len(number) - 8, 0) + number[-4:]
