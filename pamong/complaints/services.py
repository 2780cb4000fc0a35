"""Writes for reports: submission and every workflow step (periodic sweeps: ``sweeps.py``).

Every step goes through ``_transition``: it locks the report row, looks the step up in
``transitions.TRANSITIONS``, checks the actor's role and scope, applies the change, writes a
ReportEvent and an audit event, and queues the notifications on commit (``notifying.py``). A
refused step raises ComplaintError with a message for the user and changes nothing.
"""

import contextlib
import secrets
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.accounts.access import can_work_for_agency, has_role
from pamong.accounts.models import OneTimeCode, Role, User
from pamong.accounts.services import OneTimeCodeError, consume_one_time_code, issue_one_time_code
from pamong.agencies.models import Agency
from pamong.audit.services import client_ip, record

from . import deadlines
from .attachments import CheckedFile, check_files, store
from .errors import ComplaintError, ComplaintThrottled
from .models import Attachment, Category, Rating, RejectionReason, Report
from .models import ReportEvent as Event
from .notifying import notify_about_event
from .transitions import ACTION_LABELS, COORDINATOR, OFFICER, REPORTER, TRANSITIONS, Action
from .validation import (
    BODY_MAX,
    BODY_MIN,
    TEXT_MAX,
    TITLE_MAX,
    TITLE_MIN,
    check_point,
    check_text,
    guest_contact,
    new_tracking_code,
)
from .villages import village_in_regency

S = Report.Status
# The reporter may react to an answer for this many days; then the report closes by itself.
REACTION_DAYS = settings.COMPLAINTS_REACTION_DAYS


# --- Submission ---------------------------------------------------------------------------


def submit_report(
    *,
    by: User | None,
    type: str,
    title: str,
    body: str,
    village,
    category: Category | None = None,
    latitude=None,
    longitude=None,
    address: str = "",
    event_date: date | None = None,
    channel: str = Report.Channel.WEB,
    is_anonymous: bool = False,
    is_confidential: bool = False,
    guest_name: str = "",
    contact: str = "",
    idempotency_key: str = "",
    files: list | tuple = (),
    on_behalf: bool = False,
    trusted_intake: bool = False,
    request: HttpRequest | None = None,
) -> Report:
    """Record a new report; a guest's waits for the one-time code sent to their contact.

    - ``by`` signed in: the report is theirs and enters the queue at once.
    - ``on_behalf``: ``by`` is a coordinator recording what a citizen (``guest_name``,
      ``contact``) said face to face, by phone, SMS or WhatsApp; no code is needed.
    - ``trusted_intake``: the channel vouches for the guest's contact (an Open311 client with
      an API key), so no code is needed either.

    Idempotent by ``idempotency_key`` per reporter (or guest contact): a retry returns the
    report the first call created. Raises ComplaintError for bad input; nothing is saved then.
    """
    actor = by if by is not None and by.is_authenticated else None
    if on_behalf and not has_role(actor, Role.COORDINATOR):
        raise ComplaintError(_("Hanya koordinator yang dapat mencatat laporan atas nama warga."))
    reporter = None if on_behalf else actor
    fields = _checked_fields(
        reporter=reporter,
        type=type,
        title=title,
        body=body,
        village=village,
        category=category,
        latitude=latitude,
        longitude=longitude,
        address=address,
        event_date=event_date,
        channel=channel,
        is_anonymous=is_anonymous,
        is_confidential=is_confidential,
        guest_name=guest_name,
        contact=contact,
        idempotency_key=(idempotency_key or "")[:64],
    )
    existing = _idempotent_match(reporter, fields["guest_contact"], fields["idempotency_key"])
    if existing is not None:
        return existing
    try:
        checked = check_files(list(files))
    except ValidationError as exc:
        raise ComplaintError(exc.messages[0], field="files") from None
    confirmed = reporter is not None or on_behalf or trusted_intake
    if not confirmed:
        fields["submitted_from_ip"] = client_ip(request)
        _check_guest_rate(fields["submitted_from_ip"])
    try:
        return _create_report(fields=fields, files=checked, by=actor, confirmed=confirmed, request=request)
    except IntegrityError:
        existing = _idempotent_match(reporter, fields["guest_contact"], fields["idempotency_key"])
        if existing is not None:
            return existing  # a concurrent duplicate submission won the race
        raise


def _check_guest_rate(ip: str | None) -> None:
    """Refuse a guest's report when their address already sent the hourly allowance.

    Each guest report stores a row and sends a one-time code (an SMS costs money); the code
    limit is per destination, so without this a script with fresh numbers is unlimited.
    """
    if ip is None:
        return
    since = timezone.now() - timedelta(hours=1)
    sent = Report.objects.filter(reporter__isnull=True, submitted_from_ip=ip, created_at__gte=since).count()
    if sent >= settings.COMPLAINTS_GUEST_REPORTS_PER_HOUR:
        raise ComplaintThrottled(_("Terlalu banyak laporan dari alamat ini. Coba lagi dalam satu jam."))


def _checked_fields(*, reporter: User | None, type: str, title: str, body: str, village, **values) -> dict:
    """The report's fields, validated; ComplaintError (with the form field) otherwise."""
    if type not in Report.Type.values:
        raise ComplaintError(_("Pilih jenis laporan."), field="type")
    if values["channel"] not in Report.Channel.values:
        raise ComplaintError(_("Kanal tidak dikenal."), field="channel")
    try:
        village = village_in_regency(village)
    except ValueError as exc:
        raise ComplaintError(str(exc), field="village") from None
    category = values["category"]
    if category is not None and not category.is_active:
        raise ComplaintError(_("Kategori tidak aktif."), field="category")
    if values["event_date"] and values["event_date"] > timezone.localdate():
        raise ComplaintError(_("Tanggal kejadian tidak boleh di masa depan."), field="event_date")
    latitude, longitude = check_point(values["latitude"], values["longitude"])
    g_channel, g_contact = ("", "") if reporter is not None else guest_contact(values["contact"])
    guest_name = "" if reporter is not None else values["guest_name"].strip()
    if len(guest_name) > 150:
        raise ComplaintError(_("Nama terlalu panjang."), field="guest_name")
    return dict(
        type=type,
        title=check_text(title, label=_("Judul"), minimum=TITLE_MIN, maximum=TITLE_MAX, field="title"),
        body=check_text(body, label=_("Isi laporan"), minimum=BODY_MIN, maximum=BODY_MAX, field="body"),
        category=category,
        village=village,
        district_id=village.parent_id,
        latitude=latitude,
        longitude=longitude,
        address=(values["address"] or "").strip()[:255],
        event_date=values["event_date"],
        channel=values["channel"],
        is_anonymous=bool(values["is_anonymous"]),
        is_confidential=bool(values["is_confidential"]),
        reporter=reporter,
        guest_name=guest_name,
        guest_contact=g_contact,
        guest_channel=g_channel,
        idempotency_key=values["idempotency_key"],
    )


def _idempotent_match(reporter: User | None, contact: str, key: str) -> Report | None:
    if not key:
        return None
    if reporter is not None:
        return Report.objects.filter(reporter=reporter, idempotency_key=key).first()
    return Report.objects.filter(reporter__isnull=True, guest_contact=contact, idempotency_key=key).first()


@transaction.atomic
def _create_report(*, fields: dict, files: list[CheckedFile], by: User | None, confirmed: bool, request) -> Report:
    now = timezone.now()
    awaiting = not confirmed
    report = None
    for _attempt in range(5):  # a tracking-code collision is rare; retry with a new code
        try:
            with transaction.atomic():
                report = Report.objects.create(
                    code=new_tracking_code(now),
                    access_token=secrets.token_urlsafe(32),
                    status=S.AWAITING_CONFIRMATION if awaiting else S.SUBMITTED,
                    submitted_at=None if awaiting else now,
                    due_at=None if awaiting else deadlines.verification_due(now),
                    created_at=now,
                    **fields,
                )
            break
        except IntegrityError:
            if _idempotent_match(fields["reporter"], fields["guest_contact"], fields["idempotency_key"]):
                raise
    if report is None:
        raise ComplaintError(_("Gagal membuat kode pelacakan. Silakan coba lagi."))
    for checked in files:
        store(checked, report=report, by=by)
    event = _write_event(report=report, action="submit", by=by, from_status="", note="", at=now)
    record(actor=by, action="complaints.submit", obj=report, after={"status": report.status}, request=request)
    if awaiting:
        _send_guest_code(report)
    else:
        notify_about_event(event)
    return report


def _send_guest_code(report: Report) -> None:
    # Refused when a code went to this contact moments ago: that code confirms this report too.
    with contextlib.suppress(OneTimeCodeError):
        issue_one_time_code(
            purpose=OneTimeCode.Purpose.GUEST_REPORT, channel=report.guest_channel, destination=report.guest_contact
        )


def resend_guest_code(*, report: Report) -> None:
    if report.status != S.AWAITING_CONFIRMATION:
        raise ComplaintError(_("Laporan ini sudah dikonfirmasi."))
    try:
        issue_one_time_code(
            purpose=OneTimeCode.Purpose.GUEST_REPORT, channel=report.guest_channel, destination=report.guest_contact
        )
    except OneTimeCodeError as exc:
        raise ComplaintError(exc.message, field="code") from None


def confirm_guest_report(*, report: Report, code: str, request: HttpRequest | None = None) -> Report:
    """Put a guest's report into the queue once the code sent to their contact matches.

    Not atomic as a whole: a wrong code must count as an attempt (accounts' contract).
    """
    if report.status != S.AWAITING_CONFIRMATION:
        raise ComplaintError(_("Laporan ini sudah dikonfirmasi."), field="code")
    try:
        consume_one_time_code(purpose=OneTimeCode.Purpose.GUEST_REPORT, destination=report.guest_contact, code=code)
    except OneTimeCodeError as exc:
        raise ComplaintError(exc.message, field="code") from None

    def apply(r: Report, now: datetime) -> dict:
        return {"submitted_at": now, "due_at": deadlines.verification_due(now)}

    return _transition(report=report, action=Action.CONFIRM, by=None, kinds={REPORTER}, apply=apply, request=request)


# --- The workflow -------------------------------------------------------------------------


def actor_kinds(user: User | None, report: Report, *, token: str | None = None) -> set[str]:
    """What this person is to this report: reporter, coordinator, officer of its agency."""
    kinds = set()
    if token and secrets.compare_digest(token, report.access_token):
        kinds.add(REPORTER)
    if user is None or not user.is_authenticated or not user.is_active:
        return kinds
    if report.reporter_id == user.pk:
        kinds.add(REPORTER)
    if has_role(user, Role.COORDINATOR):
        kinds.add(COORDINATOR)
    if report.agency_id and can_work_for_agency(user, report.agency):
        kinds.add(OFFICER)
    return kinds


def _transition(
    *,
    report: Report,
    action: str,
    by: User | None,
    apply=None,
    kinds: set[str] | None = None,
    token: str | None = None,
    note: str = "",
    reason: str = "",
    rejection_reason: RejectionReason | None = None,
    is_internal: bool = False,
    request: HttpRequest | None = None,
) -> Report:
    """Lock, check, change, record. ``apply(locked, now) -> dict`` gives the changed fields.

    Holds a row lock on the report for the transaction. Returns ``report`` refreshed, with the
    new ReportEvent as ``report.last_event``. ``apply`` may raise ComplaintError to refuse.
    """
    with transaction.atomic():
        locked = Report.objects.select_for_update(of=("self",)).select_related("agency", "category").get(pk=report.pk)
        step = TRANSITIONS.get((locked.status, action))
        if step is None:
            raise ComplaintError(
                _("Aksi “%(action)s” tidak dapat dilakukan pada laporan berstatus “%(status)s”.")
                % {"action": ACTION_LABELS.get(action, action), "status": locked.get_status_display()}
            )
        actor = kinds if kinds is not None else actor_kinds(by, locked, token=token)
        if not actor & step.actors:
            raise ComplaintError(_("Anda tidak berwenang melakukan aksi ini pada laporan ini."))
        now = timezone.now()
        from_status, previous_due = locked.status, locked.due_at
        values = apply(locked, now) if apply else {}
        to_status = values.pop("status", step.to or locked.status)
        values["status"] = to_status
        before = {name: _plain(getattr(locked, name)) for name in values}
        for name, value in values.items():
            setattr(locked, name, value)
        locked.save()
        event = _write_event(
            report=locked,
            action=action,
            by=by,
            from_status=from_status,
            note=note,
            reason=reason,
            rejection_reason=rejection_reason,
            is_internal=is_internal,
            previous_due_at=previous_due,
            at=now,
        )
        after = {name: _plain(getattr(locked, name)) for name in values}
        record(actor=by, action=f"complaints.{action}", obj=locked, before=before, after=after, request=request)
        notify_about_event(event)
    # The caller's instance now shows the new state (stale related objects are dropped).
    for field in Report._meta.concrete_fields:
        setattr(report, field.attname, getattr(locked, field.attname))
    report._state.fields_cache.clear()
    report.last_event = event
    return report


def record_identity_view(*, report: Report, by: User, request: HttpRequest | None = None) -> None:
    """Audit that a staff member was shown the reporter's identity and contact (DESIGN: privacy)."""
    record(actor=by, action="complaints.view_reporter", obj=report, request=request)


def _plain(value):
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, datetime | date | Decimal):
        return str(value)
    return value


def _write_event(*, report: Report, action: str, by, from_status: str, at: datetime, **extra) -> Event:
    return Event.objects.create(
        report=report,
        action=action,
        actor=by if by is not None and by.is_authenticated else None,
        from_status=from_status,
        to_status=report.status,
        agency_id=report.agency_id,
        due_at=report.due_at,
        at=at,
        **extra,
    )


def _required(text: str, label: str, field: str = "reason") -> str:
    return check_text(text, label=label, minimum=3, maximum=TEXT_MAX, field=field)


def dispose(
    *,
    report: Report,
    agency: Agency,
    by: User,
    category: Category | None = None,
    note: str = "",
    is_anonymous: bool | None = None,
    is_confidential: bool | None = None,
    request: HttpRequest | None = None,
) -> Report:
    """Verify the report and send it to one OPD (also re-disposition, at any time while open).

    The OPD's deadline starts now. The coordinator may set anonim/rahasia here.
    """
    if agency is None or not agency.is_active:
        raise ComplaintError(_("Pilih perangkat daerah yang aktif."), field="agency")

    def apply(r: Report, now: datetime) -> dict:
        values = {
            "agency": agency,
            "handler": None,
            "escalation_level": 0,
            "paused_at": None,
            "paused_from_status": "",
            "verified_at": r.verified_at or now,
        }
        if category is not None:
            values["category"] = category
            r.category = category  # the deadline rule follows the new category
        if is_anonymous is not None:
            values["is_anonymous"] = is_anonymous
        if is_confidential is not None:
            values["is_confidential"] = is_confidential
        values["due_at"] = deadlines.follow_up_due(r, now)
        return values

    return _transition(report=report, action=Action.DISPOSE, by=by, apply=apply, note=note, request=request)


def hold(*, report: Report, by: User, reason: str, request: HttpRequest | None = None) -> Report:
    """Put the report on hold: the deadline clock stops until ``resume``."""
    reason = _required(reason, _("Alasan penundaan"))

    def apply(r: Report, now: datetime) -> dict:
        return {"paused_at": now, "paused_from_status": r.status}

    return _transition(report=report, action=Action.HOLD, by=by, apply=apply, reason=reason, request=request)


def resume(*, report: Report, by: User, note: str = "", request: HttpRequest | None = None) -> Report:
    """Back to the state before the hold; the deadline moves by the working days spent on hold."""

    def apply(r: Report, now: datetime) -> dict:
        return {
            "status": r.paused_from_status or S.SUBMITTED,
            "due_at": deadlines.resumed_due(r.due_at, r.paused_at or now, now),
            "paused_at": None,
            "paused_from_status": "",
        }

    return _transition(report=report, action=Action.RESUME, by=by, apply=apply, note=note, request=request)


def reject(
    *, report: Report, by: User, reason: RejectionReason, note: str = "", request: HttpRequest | None = None
) -> Report:
    if reason is None or not reason.is_active:
        raise ComplaintError(_("Pilih alasan penolakan."), field="reason")

    def apply(r: Report, now: datetime) -> dict:
        return {"due_at": None, "closed_at": now, "paused_at": None, "paused_from_status": ""}

    return _transition(
        report=report,
        action=Action.REJECT,
        by=by,
        apply=apply,
        rejection_reason=reason,
        reason=reason.label,
        note=note,
        request=request,
    )


def accept(*, report: Report, by: User, note: str = "", request: HttpRequest | None = None) -> Report:
    """The OPD takes the report on; the accepting officer becomes its handler."""
    return _transition(
        report=report, action=Action.ACCEPT, by=by, apply=lambda r, now: {"handler": by}, note=note, request=request
    )


def start(*, report: Report, by: User, note: str = "", request: HttpRequest | None = None) -> Report:
    return _transition(report=report, action=Action.START, by=by, note=note, request=request)


def answer(*, report: Report, by: User, text: str, evidence=None, request: HttpRequest | None = None) -> Report:
    """The OPD's follow-up. ``evidence``: an optional photo or PDF, checked like report files."""
    text = check_text(text, label=_("Tanggapan"), minimum=10, maximum=TEXT_MAX, field="text")
    checked = None
    if evidence is not None:
        try:
            checked = check_files([evidence])[0]
        except ValidationError as exc:
            raise ComplaintError(exc.messages[0], field="evidence") from None

    def apply(r: Report, now: datetime) -> dict:
        return {"answered_at": now, "due_at": None}

    with transaction.atomic():
        report = _transition(report=report, action=Action.ANSWER, by=by, apply=apply, note=text, request=request)
        if checked is not None:
            store(checked, report=report, by=by, kind=Attachment.Kind.EVIDENCE, event=report.last_event)
    return report


def extend(*, report: Report, by: User, reason: str, request: HttpRequest | None = None) -> Report:
    """Extend the deadline once, where the rule allows (information requests: 7 working days)."""
    reason = _required(reason, _("Alasan perpanjangan"))

    def apply(r: Report, now: datetime) -> dict:
        if r.extended or deadlines.follow_up_rule(r).extension_days == 0:
            raise ComplaintError(_("Batas waktu laporan ini tidak dapat diperpanjang."))
        return {"extended": True, "due_at": deadlines.extended_due(r)}

    return _transition(report=report, action=Action.EXTEND, by=by, apply=apply, reason=reason, request=request)


def return_to_coordinator(*, report: Report, by: User, reason: str, request: HttpRequest | None = None) -> Report:
    """*Bukan wewenang*: the OPD sends the report back for re-disposition."""
    reason = _required(reason, _("Alasan bukan wewenang"))

    def apply(r: Report, now: datetime) -> dict:
        return {"agency": None, "handler": None, "due_at": deadlines.verification_due(now), "escalation_level": 0}

    return _transition(report=report, action=Action.RETURN, by=by, apply=apply, reason=reason, request=request)


def forward(*, report: Report, by: User, unit: Agency, note: str = "", request: HttpRequest | None = None) -> Report:
    """Pass the report to a sub-unit of its OPD; the OPD's deadline stays."""

    def apply(r: Report, now: datetime) -> dict:
        if unit is None or unit.parent_id != r.agency_id or not unit.is_active:
            raise ComplaintError(_("Pilih unit kerja di bawah perangkat daerah ini."), field="unit")
        return {"agency": unit, "handler": None}

    return _transition(report=report, action=Action.FORWARD, by=by, apply=apply, note=note, request=request)


def close_with_rating(
    *,
    report: Report,
    by: User | None,
    score: int,
    comment: str = "",
    token: str | None = None,
    request: HttpRequest | None = None,
) -> Report:
    """The reporter accepts the answer and rates it (1 Tidak Puas … 4 Sangat Puas)."""
    if score not in Rating.Score.values:
        raise ComplaintError(_("Pilih penilaian."), field="score")
    comment = (comment or "").strip()
    if len(comment) > TEXT_MAX:
        raise ComplaintError(_("Komentar terlalu panjang."), field="comment")

    def apply(r: Report, now: datetime) -> dict:
        Rating.objects.create(report=r, score=score, comment=comment, agency=r.agency, created_at=now)
        return {"closed_at": now}

    return _transition(
        report=report, action=Action.CLOSE, by=by, token=token, apply=apply, note=comment, request=request
    )


def reply(
    *, report: Report, by: User | None, text: str, token: str | None = None, request: HttpRequest | None = None
) -> Report:
    """The reporter answers back within the reaction window: the OPD works on it again."""
    text = check_text(text, label=_("Tanggapan"), minimum=10, maximum=TEXT_MAX, field="text")

    def apply(r: Report, now: datetime) -> dict:
        if r.answered_at and now > r.answered_at + timedelta(days=REACTION_DAYS):
            raise ComplaintError(_("Batas waktu untuk menanggapi jawaban sudah lewat."))
        return {"due_at": deadlines.follow_up_due(r, now), "answered_at": None, "escalation_level": 0}

    return _transition(report=report, action=Action.REPLY, by=by, token=token, apply=apply, note=text, request=request)


def escalate(*, report: Report, by: User, note: str = "", request: HttpRequest | None = None) -> Report:
    """The coordinator flags the report to the OPD and leadership by hand."""
    return _transition(report=report, action=Action.ESCALATE, by=by, note=note, is_internal=True, request=request)


def add_note(*, report: Report, by: User, text: str, request: HttpRequest | None = None) -> Report:
    """An internal note by handling staff; never shown to the public or the reporter."""
    text = check_text(text, label=_("Catatan"), minimum=1, maximum=TEXT_MAX, field="text")
    return _transition(report=report, action=Action.NOTE, by=by, note=text, is_internal=True, request=request)
