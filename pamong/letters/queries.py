"""Reading letters and requests, each permission rule in one place.

Self-service sessions: the signed-in resident is kept under its own session key
(``SESSION_KEY``), never as a logged-in User, together with the PIN's generation, so issuing or
changing a PIN ends every other session opened with the old one.
"""

from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from pamong.accounts.access import can_operate_village, has_role
from pamong.accounts.models import Role
from pamong.villages.models import Resident
from pamong.villages.nik import mask
from pamong.villages.queries import find_living_by_nik

from .models import Letter, LetterRequest, LetterType, ResidentPin

SESSION_KEY = "letters_resident"
DOWNLOADABLE = (LetterRequest.Status.READY, LetterRequest.Status.COLLECTED)


# --- self-service session ---------------------------------------------------------------


def start_session(request: HttpRequest, pin_row: ResidentPin) -> None:
    request.session.cycle_key()  # no session fixation
    request.session[SESSION_KEY] = {"id": pin_row.resident_id, "gen": pin_row.generation}


def refresh_session(request: HttpRequest, pin_row: ResidentPin) -> None:
    request.session[SESSION_KEY] = {"id": pin_row.resident_id, "gen": pin_row.generation}


def end_session(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)
    request.session.cycle_key()


def signed_in_pin(request: HttpRequest) -> ResidentPin | None:
    """The PIN row of the resident signed in to self-service, or None (stale sessions end here)."""
    data = request.session.get(SESSION_KEY)
    if not isinstance(data, dict):
        return None
    row = (
        ResidentPin.objects.select_related("resident__family__cluster", "resident__village__parent")
        .filter(resident_id=data.get("id"), resident__status=Resident.Status.ALIVE)
        .first()
    )
    if row is None or row.generation != data.get("gen"):
        request.session.pop(SESSION_KEY, None)
        return None
    return row


def family_members(resident: Resident) -> list[Resident]:
    """The resident's living family, head first; ``masked_nik`` set for everyone but themselves."""
    members = list(
        Resident.objects.filter(family_id=resident.family_id, status=Resident.Status.ALIVE).order_by(
            "-is_head", "relation", "birth_date", "pk"
        )
    )
    for member in members:
        member.masked_nik = member.nik if member.pk == resident.pk else mask(member.nik)
    return members


def is_family_head_of(head: Resident, resident: Resident) -> bool:
    return head.is_head and head.status == Resident.Status.ALIVE and head.family_id == resident.family_id


# --- letter types ------------------------------------------------------------------------


def active_types() -> QuerySet[LetterType]:
    return LetterType.objects.filter(is_active=True).order_by("name")


def self_service_types() -> QuerySet[LetterType]:
    return active_types().filter(self_service=True)


def get_self_service_type(code: str) -> LetterType:
    type_ = self_service_types().filter(code=code).first()
    if type_ is None:
        raise Http404
    return type_


# --- requests ----------------------------------------------------------------------------


def requests_of(resident: Resident) -> QuerySet[LetterRequest]:
    return LetterRequest.objects.filter(resident=resident).select_related("letter_type", "letter")


def get_request_for_resident(resident: Resident, pk: int) -> LetterRequest:
    letter_request = requests_of(resident).filter(pk=pk).first()
    if letter_request is None:
        raise Http404
    return letter_request


def requests_for_operator(user, *, status: str = "") -> QuerySet[LetterRequest]:
    """Requests the user may work: their village's (admins: every village), oldest first."""
    qs = LetterRequest.objects.select_related("letter_type", "resident", "village", "letter").order_by(
        "created_at", "pk"
    )
    if not has_role(user, Role.ADMIN):
        qs = qs.filter(village_id=user.village_id) if has_role(user, Role.VILLAGE_OPERATOR) else qs.none()
    if status:
        qs = qs.filter(status=status)
    return qs


def get_request_for_operator(user, pk: int) -> LetterRequest:
    letter_request = requests_for_operator(user).filter(pk=pk).first()
    if letter_request is None:
        raise Http404
    return letter_request


def letters_for_operator(user) -> QuerySet[Letter]:
    qs = Letter.objects.select_related("letter_type", "resident", "village")
    if has_role(user, Role.ADMIN):
        return qs
    if has_role(user, Role.VILLAGE_OPERATOR):
        return qs.filter(village_id=user.village_id)
    return qs.none()


def resident_for_operator(user, nik: str) -> Resident | None:
    """The living resident with this NIK in a village the user operates, else None."""
    resident = find_living_by_nik(nik)
    if resident is None or not can_operate_village(user, resident.village):
        return None
    return resident


# --- letters -----------------------------------------------------------------------------


def access_letter_pdf(*, user, pin_row: ResidentPin | None, pk: int) -> Letter:
    """The letter whose PDF the visitor may download; Http404 for anyone else.

    Allowed: operators of the letter's village (and admins) at any time; the resident named on
    it and their family head (signed in to self-service) once it is ready to collect.
    """
    letter = Letter.objects.select_related("village", "resident", "letter_type").filter(pk=pk).first()
    if letter is None or not letter.pdf:
        raise Http404
    if can_operate_village(user, letter.village):
        return letter
    if pin_row is None or not letter.is_valid:
        raise Http404
    holder = pin_row.resident
    if holder.pk != letter.resident_id and not is_family_head_of(holder, letter.resident):
        raise Http404
    letter_request = LetterRequest.objects.filter(letter=letter).first()
    if letter_request is not None and letter_request.status not in DOWNLOADABLE:
        raise Http404
    return letter


def letter_by_token(token: str) -> Letter | None:
    return (
        Letter.objects.select_related("letter_type", "village__parent", "resident")
        .filter(verification_token=token)
        .first()
    )
