"""Writing letters: letter types, numbering and issuing.

Contract:
- ``save_letter_type(*, letter_type, by, request=None)``: validates the field spec and number
  format, saves, audits (the admin calls it).
- ``issue_letter(*, letter_type, resident, by, values, …) -> Letter``: takes the next number of
  the resident's village for this year (counter row locked until commit), fills the template,
  stores the letter with its hash and verification token, audits, and enqueues the PDF on
  commit. Refuses (LetterError, nothing written) an operator of another village, a resident
  who is not alive, an inactive type, a missing required field or an unknown signer.
- ``revoke_letter(*, letter, by, reason)``: the verification page then says "not valid".
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pamong.accounts.access import can_operate_village
from pamong.agencies.queries import village_government
from pamong.audit.services import record
from pamong.villages.models import Resident

from . import templating
from .errors import LetterError
from .models import Letter, LetterCounter, LetterType, Paper
from .tasks import schedule_pdf

MAX_VALUE_LENGTH = 500


@transaction.atomic
def save_letter_type(*, letter_type: LetterType, by, request: HttpRequest | None = None) -> LetterType:
    from django.core.exceptions import ValidationError

    try:
        letter_type.fields = templating.check_field_spec(letter_type.fields)
        templating.check_number_format(letter_type.number_format)
    except ValidationError as exc:
        raise LetterError(exc.messages[0], code="invalid_type") from None
    created = letter_type.pk is None
    letter_type.save()
    record(
        actor=by,
        action="letters.type_create" if created else "letters.type_update",
        obj=letter_type,
        after={"code": letter_type.code, "name": letter_type.name, "is_active": letter_type.is_active},
        request=request,
    )
    return letter_type


def clean_values(letter_type: LetterType, values: dict) -> dict[str, str]:
    """The requester's values for the type's fields, stripped; LetterError for a missing one."""
    clean = {}
    for field in letter_type.fields:
        value = str(values.get(field["name"], "") or "").strip()
        if field.get("required") and not value:
            raise LetterError(
                _("%(label)s wajib diisi.") % {"label": field["label"]}, code="required", field=field["name"]
            )
        if len(value) > MAX_VALUE_LENGTH:
            raise LetterError(
                _("%(label)s terlalu panjang (maksimal %(n)d karakter).")
                % {"label": field["label"], "n": MAX_VALUE_LENGTH},
                code="too_long",
                field=field["name"],
            )
        clean[field["name"]] = value
    return clean


def signer_for(village, *, name: str = "", nip: str = "", title: str = "") -> tuple[str, str, str]:
    """(name, NIP, title) of the signing official: what the operator typed, else the village head
    on record today. The letter keeps a copy, so a later change of head does not alter it."""
    # Printed on the letter: in the letter's language, not the language of the operator's pages.
    with translation.override(settings.LANGUAGE_CODE):
        default_title = _("Lurah") if village.village_kind == "kelurahan" else _("Kepala Desa")
    name, nip, title = name.strip(), nip.strip(), title.strip() or default_title
    if name:
        if nip and not (nip.isdigit() and len(nip) == 18):
            raise LetterError(_("NIP harus 18 digit angka."), code="signer_nip", field="signer_nip")
        return name, nip, title
    government = village_government(village.code)
    if government is None or not government.head_name:
        raise LetterError(
            _("Nama penandatangan belum tercatat untuk desa ini; isi nama penandatangan."),
            code="no_signer",
            field="signer_name",
        )
    return government.head_name, government.head_nip, title


def next_sequence(village, year: int) -> int:
    """The next number in ``village`` for ``year``. Must run inside the issuing transaction:
    the counter row stays locked until it commits, so concurrent issuers wait in line."""
    LetterCounter.objects.get_or_create(village=village, year=year)
    counter = LetterCounter.objects.select_for_update().get(village=village, year=year)
    LetterCounter.objects.filter(pk=counter.pk).update(last=F("last") + 1)
    return counter.last + 1


@transaction.atomic
def issue_letter(
    *,
    letter_type: LetterType,
    resident: Resident,
    by,
    values: dict,
    signer_name: str = "",
    signer_nip: str = "",
    signer_title: str = "",
    paper: str = "",
    request: HttpRequest | None = None,
) -> Letter:
    village = resident.village
    if not can_operate_village(by, village):
        raise LetterError(_("Anda tidak berwenang menerbitkan surat untuk desa ini."), code="forbidden")
    if resident.status != Resident.Status.ALIVE:
        raise LetterError(_("Surat hanya dapat diterbitkan untuk penduduk yang masih tercatat hidup."), code="status")
    if not letter_type.is_active:
        raise LetterError(_("Jenis surat ini tidak aktif."), code="inactive")
    if paper and paper not in Paper.values:
        raise LetterError(_("Ukuran kertas tidak dikenal."), code="paper", field="paper")
    clean = clean_values(letter_type, values)
    name, nip, title = signer_for(village, name=signer_name, nip=signer_nip, title=signer_title)

    now = timezone.now()
    today = timezone.localdate(now)
    valid_until = today + timedelta(days=letter_type.validity_days)
    sequence = next_sequence(village, today.year)
    number = templating.format_number(
        letter_type.number_format, code=letter_type.code, sequence=sequence, village_code=village.code, on=today
    )
    # A letter is an official document in the regency's language (Indonesian): choice labels
    # such as sex, citizenship and desa/kelurahan are filled in that language even when the
    # operator reads the pages in English.
    with translation.override(settings.LANGUAGE_CODE):
        placeholders = {
            **templating.resident_values(resident),
            **templating.village_values(village),
            **clean,
            "format_nomor_surat": number,
            "tanggal_surat": templating.indonesian_date(today),
            "berlaku_sampai": templating.indonesian_date(valid_until),
            "nama_penandatangan": name,
            "jabatan_penandatangan": title,
        }
    body_html = templating.render(letter_type.body, placeholders)
    letter = Letter.objects.create(
        letter_type=letter_type,
        resident=resident,
        village=village,
        year=today.year,
        sequence=sequence,
        number=number,
        issued_at=now,
        valid_until=valid_until,
        values=clean,
        body_html=body_html,
        content_hash=hashlib.sha256(body_html.encode()).hexdigest(),
        verification_token=secrets.token_urlsafe(24),
        signer_name=name,
        signer_nip=nip,
        signer_title=title,
        paper=paper or letter_type.paper,
        issued_by=by,
    )
    record(
        actor=by,
        action="letters.issue",
        obj=letter,
        after={"number": number, "type": letter_type.code, "resident": resident.pk, "signer": name},
        request=request,
    )
    schedule_pdf(letter.pk)
    return letter


@transaction.atomic
def revoke_letter(*, letter: Letter, by, reason: str, request: HttpRequest | None = None) -> bool:
    """Mark ``letter`` not valid; False (nothing changed) if it already was or ``by`` may not."""
    if not can_operate_village(by, letter.village):
        raise LetterError(_("Anda tidak berwenang atas surat desa ini."), code="forbidden")
    if not Letter.objects.filter(pk=letter.pk, revoked_at=None).update(revoked_at=timezone.now()):
        return False
    letter.refresh_from_db(fields=["revoked_at"])
    record(actor=by, action="letters.revoke", obj=letter, after={"reason": reason}, request=request)
    return True
