"""Letter requests from citizen self-service, and the operator's steps on them.

Contract:
- ``submit_request(*, resident, letter_type, values, files, request=None)``: a new request in
  Sedang Diperiksa when every requirement came with a file, else Belum Lengkap.
- ``complete_request(*, letter_request, resident, files, request=None)``: the resident adds
  the missing files; Belum Lengkap → Sedang Diperiksa once every requirement has one.
- ``cancel_by_resident(*, letter_request, resident, request=None)``.
- ``act(*, letter_request, action, by, reason="", signer_name="", signer_nip="", request=None)``:
  an operator of the request's village moves it along the table in ``transitions.py``;
  "approve" issues the letter, cancelling a request awaiting signature revokes its letter.

Every step locks the request row, checks the table, writes a RequestEvent and an audit event,
and notifies the resident (SMS to their phone, else email, if they gave one) after commit.
Every refusal raises LetterError and writes nothing.
"""

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pamong.accounts.access import can_operate_village
from pamong.audit.services import record
from pamong.notifications.models import Notification
from pamong.notifications.services import notify
from pamong.villages.models import Resident

from . import services, transitions
from .errors import LetterError
from .models import LetterRequest, LetterType, RequestEvent, RequestFile, ResidentPin
from .uploads import check_upload

S = LetterRequest.Status
MAX_OPEN_REQUESTS = 5
OPEN_STATUSES = (S.INCOMPLETE, S.CHECKING, S.AWAITING_SIGNATURE)


def requirement_key(index: int) -> str:
    """The upload field name of the type's ``index``-th requirement."""
    return f"syarat_{index}"


@transaction.atomic
def submit_request(
    *,
    resident: Resident,
    letter_type: LetterType,
    values: dict,
    files: dict,
    request: HttpRequest | None = None,
) -> LetterRequest:
    if not (letter_type.is_active and letter_type.self_service):
        raise LetterError(_("Jenis surat ini tidak dapat diajukan lewat layanan mandiri."), code="not_self_service")
    if resident.status != Resident.Status.ALIVE:
        raise LetterError(_("Permohonan hanya untuk penduduk yang tercatat hidup."), code="status")
    clean = services.clean_values(letter_type, values)
    open_count = LetterRequest.objects.filter(resident=resident, status__in=OPEN_STATUSES).count()
    if open_count >= MAX_OPEN_REQUESTS:
        raise LetterError(
            _("Anda masih punya %(n)d permohonan yang diproses. Tunggu sampai selesai.") % {"n": open_count},
            code="too_many",
        )
    checked = _check_files(letter_type, files)
    now = timezone.now()
    letter_request = LetterRequest.objects.create(
        resident=resident,
        village=resident.village,
        letter_type=letter_type,
        values=clean,
        status=S.INCOMPLETE,
        created_at=now,
        updated_at=now,
    )
    _store_files(letter_request, checked)
    status = S.CHECKING if _is_complete(letter_request, adding=[]) else S.INCOMPLETE
    LetterRequest.objects.filter(pk=letter_request.pk).update(status=status)
    letter_request.status = status
    _log(letter_request, action="submit", from_status="", to_status=status, by=None, reason="", request=request)
    return letter_request


@transaction.atomic
def complete_request(
    *, letter_request: LetterRequest, resident: Resident, files: dict, request: HttpRequest | None = None
) -> LetterRequest:
    letter_request = _locked(letter_request)
    _check_owner(letter_request, resident)
    transition = _find("complete", transitions.RESIDENT, letter_request)
    checked = _check_files(letter_request.letter_type, files)
    # Checked before anything is stored, so a refusal leaves no orphan file behind.
    if not _is_complete(letter_request, adding=checked):
        raise LetterError(_("Masih ada persyaratan yang belum diunggah."), code="incomplete")
    _store_files(letter_request, checked)
    return _move(letter_request, transition, by=None, reason="", request=request)


@transaction.atomic
def cancel_by_resident(
    *, letter_request: LetterRequest, resident: Resident, request: HttpRequest | None = None
) -> LetterRequest:
    letter_request = _locked(letter_request)
    _check_owner(letter_request, resident)
    transition = _find("cancel", transitions.RESIDENT, letter_request)
    return _move(letter_request, transition, by=None, reason="", request=request)


@transaction.atomic
def act(
    *,
    letter_request: LetterRequest,
    action: str,
    by,
    reason: str = "",
    signer_name: str = "",
    signer_nip: str = "",
    request: HttpRequest | None = None,
) -> LetterRequest:
    letter_request = _locked(letter_request)
    if not can_operate_village(by, letter_request.village):
        raise LetterError(_("Anda tidak berwenang atas permohonan desa ini."), code="forbidden")
    transition = _find(action, transitions.OPERATOR, letter_request)
    reason = reason.strip()
    if transition.needs_reason and not reason:
        raise LetterError(_("Tuliskan alasannya untuk pemohon."), code="reason", field="reason")
    if action == "approve":
        letter = services.issue_letter(
            letter_type=letter_request.letter_type,
            resident=letter_request.resident,
            by=by,
            values=letter_request.values,
            signer_name=signer_name,
            signer_nip=signer_nip,
            request=request,
        )
        LetterRequest.objects.filter(pk=letter_request.pk).update(letter=letter)
        letter_request.letter = letter
    if action == "cancel" and letter_request.letter is not None:
        services.revoke_letter(letter=letter_request.letter, by=by, reason=reason, request=request)
    return _move(letter_request, transition, by=by, reason=reason, request=request)


def _locked(letter_request: LetterRequest) -> LetterRequest:
    # The row lock makes "check the state, then move" one step against a concurrent click.
    return (
        LetterRequest.objects.select_for_update(of=("self",))
        .select_related("letter_type", "resident", "village", "letter")
        .get(pk=letter_request.pk)
    )


def _check_owner(letter_request: LetterRequest, resident: Resident) -> None:
    if letter_request.resident_id != resident.pk:
        raise LetterError(_("Permohonan ini bukan milik Anda."), code="forbidden")


def _find(action: str, actor: str, letter_request: LetterRequest) -> transitions.Transition:
    transition = transitions.find(action, actor, letter_request.status)
    if transition is None:
        raise LetterError(
            _("Langkah ini tidak dapat dilakukan pada status %(status)s.")
            % {"status": letter_request.get_status_display()},
            code="transition",
        )
    return transition


def _move(letter_request, transition, *, by, reason, request) -> LetterRequest:
    from_status = letter_request.status
    now = timezone.now()
    LetterRequest.objects.filter(pk=letter_request.pk).update(status=transition.target, updated_at=now)
    letter_request.status, letter_request.updated_at = transition.target, now
    _log(
        letter_request,
        action=transition.action,
        from_status=from_status,
        to_status=transition.target,
        by=by,
        reason=reason,
        request=request,
    )
    return letter_request


def _log(letter_request, *, action, from_status, to_status, by, reason, request) -> RequestEvent:
    event = RequestEvent.objects.create(
        request=letter_request,
        action=action,
        from_status=from_status,
        to_status=to_status,
        by=by,
        by_resident=by is None,
        reason=reason,
    )
    record(
        actor=by,
        action=f"letters.request_{action}",
        obj=letter_request,
        before={"status": from_status} if from_status else None,
        after={"status": to_status, "by_resident": by is None, "reason": reason},
        request=request,
    )
    _notify_resident(letter_request, event)
    return event


def _notify_resident(letter_request: LetterRequest, event: RequestEvent) -> None:
    pin = ResidentPin.objects.filter(resident_id=letter_request.resident_id).first()
    if pin is None or not (pin.phone or pin.email):
        return
    channel, destination = (
        (Notification.Channel.SMS, pin.phone) if pin.phone else (Notification.Channel.EMAIL, pin.email)
    )
    # The resident has no language setting, and the operator's page language says nothing about
    # theirs: the message goes out in the regency's language.
    with translation.override(settings.LANGUAGE_CODE):
        status = str(S(event.to_status).label)
        # No personal data in the message: the type, the request number and the new state.
        body = _("Permohonan %(type)s no. %(id)d: %(status)s.") % {
            "type": letter_request.letter_type.name,
            "id": letter_request.pk,
            "status": status,
        }
        if event.reason:
            body += " " + _("Keterangan: %(reason)s") % {"reason": event.reason}
        subject = _("Permohonan surat: %(status)s") % {"status": status}
    notify(
        channel=channel,
        destination=destination,
        subject=subject,
        body=body,
        key=f"letters:request:{letter_request.pk}:event:{event.pk}",
    )


def _check_files(letter_type: LetterType, files: dict) -> list[tuple[str, object]]:
    checked = []
    for index, requirement in enumerate(letter_type.requirements):
        upload = files.get(requirement_key(index))
        if upload:
            checked.append((requirement, check_upload(upload, field=requirement_key(index))))
    return checked


def _store_files(letter_request: LetterRequest, checked: list) -> None:
    for requirement, upload in checked:
        RequestFile.objects.create(
            request=letter_request,
            requirement=requirement,
            file=upload.content,
            original_name=upload.name,
            content_type=upload.content_type,
            size=upload.content.size,
        )


def _is_complete(letter_request: LetterRequest, *, adding: list) -> bool:
    have = set(letter_request.files.values_list("requirement", flat=True)) | {req for req, _upload in adding}
    return all(requirement in have for requirement in letter_request.letter_type.requirements)
