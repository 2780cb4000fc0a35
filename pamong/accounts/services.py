"""Writes for accounts: registration, contact verification, throttled sign-in, profile, staff users.

Every function is keyword-only, runs in one transaction and records an audit event, so the
admin, the pages and the management commands share one path.
"""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pamong.audit.services import changes, client_ip, record
from pamong.notifications.services import notify

from .models import LoginFailure, OneTimeCode, Role, User
from .phones import looks_like_phone, normalize_phone

# How often a code may be sent to one destination: no faster than this, and at most
# CODES_PER_HOUR in an hour, so the SMS budget cannot be drained by a script.
RESEND_INTERVAL = timedelta(seconds=60)
CODES_PER_HOUR = 5


class AccountError(Exception):
    """A refused account action; the message is for the user, in their language."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class LoginThrottled(AccountError):
    pass


class OneTimeCodeError(AccountError):
    pass


# --- Registration -------------------------------------------------------------------------


@transaction.atomic
def register_citizen(
    *, full_name: str, email: str | None, phone: str | None, password: str, request: HttpRequest | None = None
) -> User:
    """Create a citizen account and send a one-time code to verify its contact.

    Raises AccountError (with the offending field) for a missing contact, a duplicate email or
    phone, or a weak password. Nothing is saved when it raises.
    """
    email, phone = clean_contact(email, phone)
    check_contact_free(email=email, phone=phone)
    user = User(full_name=full_name.strip(), email=email, phone=phone, role=Role.CITIZEN)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise AccountError(" ".join(exc.messages), field="password1") from exc
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:
        # Lost a race with another registration of the same contact.
        raise AccountError(_("Email atau nomor HP ini sudah terdaftar."), field="email") from exc
    record(actor=user, action="account.register", obj=user, after={"role": user.role}, request=request)
    channel, destination = primary_contact(user)
    try:
        with transaction.atomic():
            issue_one_time_code(
                purpose=OneTimeCode.Purpose.VERIFY_CONTACT, channel=channel, destination=destination, user=user
            )
    except OneTimeCodeError:
        # A code went to this contact moments ago (e.g. for a guest report): the account still
        # stands, and the verification page offers to send a new code once the limit allows.
        pass
    return user


def clean_contact(email: str | None, phone: str | None) -> tuple[str | None, str | None]:
    """Lower-case the email, normalise the phone to +62…; refuse when neither is given."""
    email = (email or "").strip().lower() or None
    phone = normalize_phone(phone) if phone else None
    if not email and not phone:
        raise AccountError(_("Isi email atau nomor HP (salah satu wajib)."), field="email")
    return email, phone


def check_contact_free(*, email: str | None, phone: str | None, exclude: User | None = None) -> None:
    others = User.objects.exclude(pk=exclude.pk) if exclude else User.objects.all()
    if email and others.filter(email__iexact=email).exists():
        raise AccountError(_("Email ini sudah terdaftar. Silakan masuk atau gunakan email lain."), field="email")
    if phone and others.filter(phone=phone).exists():
        raise AccountError(_("Nomor HP ini sudah terdaftar. Silakan masuk atau gunakan nomor lain."), field="phone")


def primary_contact(user: User) -> tuple[str, str]:
    """The channel and destination a code for this user goes to: email first, else SMS."""
    if user.email:
        return OneTimeCode.Channel.EMAIL, user.email
    return OneTimeCode.Channel.SMS, user.phone


# --- One-time codes -----------------------------------------------------------------------


def _hash_code(destination: str, code: str) -> str:
    message = f"{destination}:{code}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


@transaction.atomic
def issue_one_time_code(*, purpose: str, channel: str, destination: str, user: User | None = None) -> OneTimeCode:
    """Create a 6-digit code for ``destination`` and send it after commit.

    Refuses (OneTimeCodeError) when a code was sent to the same destination less than a
    minute ago or five times within the hour. Earlier open codes stay valid until they expire.
    """
    now = timezone.now()
    recent = OneTimeCode.objects.filter(destination=destination, created_at__gte=now - timedelta(hours=1))
    if recent.filter(created_at__gte=now - RESEND_INTERVAL).exists():
        raise OneTimeCodeError(_("Kode baru saja dikirim. Tunggu satu menit sebelum meminta lagi."))
    if recent.count() >= CODES_PER_HOUR:
        raise OneTimeCodeError(_("Terlalu banyak permintaan kode. Coba lagi dalam satu jam."))
    code = f"{secrets.randbelow(1_000_000):06d}"
    otc = OneTimeCode.objects.create(
        purpose=purpose,
        channel=channel,
        destination=destination,
        user=user,
        code_hash=_hash_code(destination, code),
        expires_at=now + timedelta(minutes=settings.ONE_TIME_CODE_TTL_MINUTES),
    )
    minutes = settings.ONE_TIME_CODE_TTL_MINUTES
    body = _(
        "Kode verifikasi Pamong Anda: %(code)s. Berlaku %(minutes)d menit. Jangan berikan kode ini kepada siapa pun."
    ) % {
        "code": code,
        "minutes": minutes,
    }
    notify(
        channel=channel,
        destination=destination,
        subject=_("Kode verifikasi Pamong"),
        body=body,
        key=f"otc:{otc.pk}",
        user=user,
        sensitive=True,
    )
    return otc


def consume_one_time_code(*, purpose: str, destination: str, code: str) -> OneTimeCode:
    """Spend the newest open code for ``destination``; raise OneTimeCodeError when it does not match.

    A wrong guess counts against the code; after ONE_TIME_CODE_MAX_ATTEMPTS it is dead. The code is
    spent by a conditional update, so two racing requests cannot both succeed. Deliberately not
    atomic: the counted wrong guess must survive the error raised right after it, so do not call
    this inside a transaction that the error rolls back.
    """
    now = timezone.now()
    otc = (
        OneTimeCode.objects.filter(purpose=purpose, destination=destination, used_at__isnull=True)
        .order_by("-created_at")
        .first()
    )
    if otc is None:
        raise OneTimeCodeError(_("Tidak ada kode aktif. Minta kode baru."), field="code")
    if otc.expires_at <= now:
        raise OneTimeCodeError(_("Kode sudah kedaluwarsa. Minta kode baru."), field="code")
    if otc.attempts >= settings.ONE_TIME_CODE_MAX_ATTEMPTS:
        raise OneTimeCodeError(_("Terlalu banyak percobaan salah. Minta kode baru."), field="code")
    if not hmac.compare_digest(otc.code_hash, _hash_code(destination, (code or "").strip())):
        OneTimeCode.objects.filter(pk=otc.pk).update(attempts=F("attempts") + 1)
        left = settings.ONE_TIME_CODE_MAX_ATTEMPTS - otc.attempts - 1
        raise OneTimeCodeError(
            ngettext("Kode salah. Sisa %(n)d percobaan.", "Kode salah. Sisa %(n)d percobaan.", left) % {"n": left},
            field="code",
        )
    spent = OneTimeCode.objects.filter(pk=otc.pk, used_at__isnull=True).update(used_at=now)
    if spent != 1:
        raise OneTimeCodeError(_("Kode sudah dipakai. Minta kode baru."), field="code")
    return otc


def verify_contact(*, user: User, code: str, request: HttpRequest | None = None) -> User:
    """Mark the user's primary contact verified when ``code`` matches the code sent to it."""
    channel, destination = primary_contact(user)
    # Not atomic as a whole: a wrong code must still count as an attempt (see consume_one_time_code).
    consume_one_time_code(purpose=OneTimeCode.Purpose.VERIFY_CONTACT, destination=destination, code=code)
    field = "email_verified_at" if channel == OneTimeCode.Channel.EMAIL else "phone_verified_at"
    with transaction.atomic():
        setattr(user, field, timezone.now())
        user.save(update_fields=[field])
        record(actor=user, action="account.verify_contact", obj=user, after={"channel": channel}, request=request)
    return user


def resend_verification(*, user: User) -> OneTimeCode:
    channel, destination = primary_contact(user)
    return issue_one_time_code(
        purpose=OneTimeCode.Purpose.VERIFY_CONTACT, channel=channel, destination=destination, user=user
    )


# --- Sign-in ------------------------------------------------------------------------------


def _throttle_key(identifier: str) -> str:
    """One key per account whatever the writing: 0812…, +62 812… and 62812… share one lock."""
    identifier = identifier.strip().lower()
    if looks_like_phone(identifier):
        try:
            return normalize_phone(identifier)
        except ValidationError:
            pass
    return identifier


def sign_in(*, request: HttpRequest, identifier: str, password: str) -> User:
    """Check the credentials, refusing while the identifier or the IP address is locked out.

    LOGIN_MAX_FAILURES failures for one identifier within LOGIN_LOCKOUT_MINUTES lock that
    identifier; four times as many from one IP address lock the address (password spraying).
    Raises LoginThrottled or AccountError; the caller logs the returned user in.
    """
    key = _throttle_key(identifier)
    ip = client_ip(request)
    since = timezone.now() - timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    recent = LoginFailure.objects.filter(at__gte=since)
    limit = settings.LOGIN_MAX_FAILURES
    if recent.filter(identifier=key).count() >= limit or (ip and recent.filter(ip_address=ip).count() >= 4 * limit):
        raise LoginThrottled(
            _("Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam %(minutes)d menit.")
            % {"minutes": settings.LOGIN_LOCKOUT_MINUTES}
        )
    user = authenticate(request, username=identifier, password=password)
    if user is None:
        with transaction.atomic():
            LoginFailure.objects.create(identifier=key, ip_address=ip)
            record(actor=None, action="auth.login_failed", after={"identifier": key}, request=request)
        raise AccountError(_("Email/nomor HP atau kata sandi salah."))
    with transaction.atomic():
        LoginFailure.objects.filter(Q(identifier=key)).delete()
        record(actor=user, action="auth.login", obj=user, request=request)
    return user


# --- Profile and staff --------------------------------------------------------------------

PROFILE_FIELDS = ["full_name", "email", "phone", "language"]


@transaction.atomic
def update_profile(*, user: User, by: User, request: HttpRequest | None = None, **values) -> User:
    """Change the user's own details. A changed email or phone loses its verification."""
    if by.pk != user.pk and by.role != Role.ADMIN:
        raise AccountError(_("Anda tidak berwenang mengubah profil ini."))
    values["email"], values["phone"] = clean_contact(values.get("email", user.email), values.get("phone", user.phone))
    check_contact_free(email=values["email"], phone=values["phone"], exclude=user)
    before, after = _apply(user, PROFILE_FIELDS, values)
    if not after:
        return user
    if "email" in after:
        user.email_verified_at = None
    if "phone" in after:
        user.phone_verified_at = None
    user.save()
    record(actor=by, action="account.update_profile", obj=user, before=before, after=after, request=request)
    return user


def check_staff_scope(*, role: str, village=None, agency=None) -> None:
    """Raise AccountError unless the scope fits the role: an operator needs a village, an officer an agency."""
    if role == Role.VILLAGE_OPERATOR and (village is None or not village.is_village):
        raise AccountError(_("Operator desa harus terikat pada satu desa/kelurahan."), field="village")
    if role == Role.OFFICER and agency is None:
        raise AccountError(_("Petugas OPD harus terikat pada satu perangkat daerah."), field="agency")
    if role != Role.VILLAGE_OPERATOR and village is not None:
        raise AccountError(_("Hanya operator desa yang dapat terikat pada desa."), field="village")
    if role != Role.OFFICER and agency is not None:
        raise AccountError(_("Hanya petugas OPD yang dapat terikat pada perangkat daerah."), field="agency")


@transaction.atomic
def create_staff_user(
    *,
    by: User | None,
    full_name: str,
    role: str,
    password: str,
    email: str | None = None,
    phone: str | None = None,
    village=None,
    agency=None,
    verified: bool = True,
) -> User:
    """Create a government account (operator, officer, coordinator, leadership, admin).

    ``by`` is the admin creating it, or None for set-up commands. Raises AccountError for a
    scope that does not fit the role, a missing or duplicate contact, or a weak password.
    """
    check_staff_scope(role=role, village=village, agency=agency)
    email, phone = clean_contact(email, phone)
    check_contact_free(email=email, phone=phone)
    now = timezone.now() if verified else None
    user = User(
        full_name=full_name,
        email=email,
        phone=phone,
        role=role,
        village=village,
        agency=agency,
        is_staff=role == Role.ADMIN,
        is_superuser=role == Role.ADMIN,
        email_verified_at=now if email else None,
        phone_verified_at=now if phone else None,
    )
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise AccountError(" ".join(exc.messages), field="password") from exc
    user.set_password(password)
    user.save()
    record(
        actor=by,
        action="account.create_staff",
        obj=user,
        after={"role": role, "village": getattr(village, "pk", None), "agency": getattr(agency, "pk", None)},
    )
    return user


def _apply(user: User, fields: list[str], values: dict) -> tuple[dict, dict]:
    """Set the changed ``fields`` from ``values`` on ``user`` (unsaved); return the audit pair."""
    before, after = changes(user, fields, values)
    for name in after:
        setattr(user, name, values[name])
    return before, after


ADMIN_FIELDS = ["full_name", "email", "phone", "role", "village", "agency", "language", "is_active"]


@transaction.atomic
def change_user(*, user: User, by: User, request: HttpRequest | None = None, **values) -> User:
    """An admin changes an account (role, scope, contact, active). Audited field by field."""
    if not (by.is_active and by.role == Role.ADMIN):
        raise AccountError(_("Hanya admin sistem yang dapat mengubah akun."))
    merged = {name: values.get(name, getattr(user, name)) for name in ADMIN_FIELDS}
    check_staff_scope(role=merged["role"], village=merged["village"], agency=merged["agency"])
    values["email"], values["phone"] = clean_contact(merged["email"], merged["phone"])
    check_contact_free(email=values["email"], phone=values["phone"], exclude=user)
    before, after = _apply(user, ADMIN_FIELDS, values)
    if not after:
        return user
    user.is_staff = user.is_superuser = user.role == Role.ADMIN
    user.save()
    record(actor=by, action="account.change", obj=user, before=before, after=after, request=request)
    return user
