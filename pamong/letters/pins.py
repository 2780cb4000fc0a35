"""Self-service PINs: issued by the village operator, changed by the resident at first use.

Contract:
- ``issue_pin(*, resident, by, phone="", email="", request=None) -> str``: a new random PIN for
  ``resident`` (returned once, only its hash is stored), must be changed at first sign-in;
  clears failures and lockout; ends sessions signed in with the old PIN. Operators of the
  resident's village (or admins) only.
- ``sign_in(*, nik, pin, request=None) -> SignIn``: never raises for a wrong PIN (the failure
  count must commit); after ``MAX_FAILURES`` wrong PINs the PIN is locked for ``LOCK_FOR``.
- ``change_pin(*, pin_row, current, new, request=None)``: the rules in ``check_new_pin``.
- ``issue_demo_pin(resident) -> str``: for the demo command (no operator, audited as system).
"""

import secrets
from dataclasses import dataclass
from datetime import timedelta
from itertools import pairwise

from django.contrib.auth.hashers import check_password, make_password
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.accounts.access import can_operate_village
from pamong.audit.services import client_ip, record
from pamong.villages.models import Resident

from .errors import LetterError
from .models import ResidentPin

MAX_FAILURES = 5
LOCK_FOR = timedelta(minutes=15)
# Per client address, across NIKs: one guessed PIN tried against many NIKs is stopped too.
MAX_FAILURES_PER_ADDRESS = 30
PIN_LENGTH = 6
# Hashing a throwaway PIN for an unknown NIK costs as much as checking a real one, so the
# answer time does not tell whether a NIK is registered.
_DUMMY_HASH = make_password("000000")


def is_weak(pin: str) -> bool:
    """All digits the same, or a run up or down (123456, 654321, 890123 …)."""
    if len(set(pin)) == 1:
        return True
    steps = {(int(b) - int(a)) % 10 for a, b in pairwise(pin)}
    return steps in ({1}, {9})


def check_new_pin(new: str, *, old_hash: str) -> None:
    if len(new) != PIN_LENGTH or not new.isdigit():
        raise LetterError(_("PIN harus 6 digit angka."), code="pin_format", field="new_pin")
    if is_weak(new):
        raise LetterError(
            _("PIN terlalu mudah ditebak (angka sama semua atau berurutan)."), code="pin_weak", field="new_pin"
        )
    if check_password(new, old_hash):
        raise LetterError(_("PIN baru harus berbeda dari PIN lama."), code="pin_same", field="new_pin")


def generate_pin() -> str:
    while True:
        pin = f"{secrets.randbelow(10**PIN_LENGTH):0{PIN_LENGTH}d}"
        if not is_weak(pin):
            return pin


@transaction.atomic
def issue_pin(*, resident: Resident, by, phone: str = "", email: str = "", request: HttpRequest | None = None) -> str:
    if not can_operate_village(by, resident.village):
        raise LetterError(_("Anda tidak berwenang atas penduduk desa ini."), code="forbidden")
    return _issue(resident, by=by, phone=phone.strip(), email=email.strip(), request=request)


def issue_demo_pin(resident: Resident) -> str:
    """A fresh PIN for the demo (printed by the demo command; changed at first sign-in)."""
    with transaction.atomic():
        return _issue(resident, by=None, phone="", email="", request=None)


def _issue(resident, *, by, phone, email, request) -> str:
    if resident.status != Resident.Status.ALIVE:
        raise LetterError(_("PIN hanya untuk penduduk yang tercatat hidup."), code="status")
    pin = generate_pin()
    defaults = {
        "pin_hash": make_password(pin),
        "must_change": True,
        "failed_attempts": 0,
        "locked_until": None,
        "issued_at": timezone.now(),
        "issued_by": by,
    }
    if phone:
        defaults["phone"] = phone
    if email:
        defaults["email"] = email
    row, created = ResidentPin.objects.update_or_create(resident=resident, defaults=defaults)
    if not created:
        ResidentPin.objects.filter(pk=row.pk).update(generation=F("generation") + 1)
    # The PIN itself never goes into the audit trail.
    record(actor=by, action="letters.pin_issue", obj=row, after={"resident": resident.pk}, request=request)
    return pin


@dataclass(frozen=True)
class SignIn:
    pin: ResidentPin | None
    error: str = ""  # "invalid", "locked" or "throttled"
    locked_until: object = None


def sign_in(*, nik: str, pin: str, request: HttpRequest | None = None) -> SignIn:
    address_key = f"letters:pin-failures:{client_ip(request) or 'unknown'}"
    if cache.get(address_key, 0) >= MAX_FAILURES_PER_ADDRESS:
        return SignIn(None, "throttled")
    result = _sign_in(nik=nik, pin=pin, request=request)
    if result.pin is None:
        cache.add(address_key, 0, int(LOCK_FOR.total_seconds()))
        cache.incr(address_key)
    return result


@transaction.atomic
def _sign_in(*, nik: str, pin: str, request: HttpRequest | None) -> SignIn:
    row = (
        ResidentPin.objects.select_for_update(of=("self",))
        .select_related("resident")
        .filter(resident__nik=nik.strip(), resident__status=Resident.Status.ALIVE)
        .first()
    )
    if row is None:
        check_password(pin, _DUMMY_HASH)
        return SignIn(None, "invalid")
    now = timezone.now()
    if row.locked_until and row.locked_until > now:
        return SignIn(None, "locked", row.locked_until)
    if not check_password(pin, row.pin_hash):
        row.failed_attempts += 1
        if row.failed_attempts >= MAX_FAILURES:
            row.failed_attempts, row.locked_until = 0, now + LOCK_FOR
            row.save(update_fields=["failed_attempts", "locked_until"])
            record(actor=None, action="letters.pin_locked", obj=row, request=request)
            return SignIn(None, "locked", row.locked_until)
        row.save(update_fields=["failed_attempts"])
        return SignIn(None, "invalid")
    row.failed_attempts, row.locked_until, row.last_sign_in_at = 0, None, now
    row.save(update_fields=["failed_attempts", "locked_until", "last_sign_in_at"])
    record(actor=None, action="letters.pin_sign_in", obj=row, request=request)
    return SignIn(row)


@transaction.atomic
def change_pin(*, pin_row: ResidentPin, current: str, new: str, request: HttpRequest | None = None) -> ResidentPin:
    row = ResidentPin.objects.select_for_update().get(pk=pin_row.pk)
    if not check_password(current, row.pin_hash):
        raise LetterError(_("PIN saat ini salah."), code="pin_wrong", field="current_pin")
    check_new_pin(new, old_hash=row.pin_hash)
    row.pin_hash = make_password(new)
    row.must_change = False
    row.generation += 1
    row.save(update_fields=["pin_hash", "must_change", "generation"])
    record(actor=None, action="letters.pin_change", obj=row, request=request)
    return row


@transaction.atomic
def update_contact(*, pin_row: ResidentPin, phone: str, email: str, request: HttpRequest | None = None) -> None:
    ResidentPin.objects.filter(pk=pin_row.pk).update(phone=phone.strip(), email=email.strip())
    record(actor=None, action="letters.contact_update", obj=pin_row, request=request)
