"""The letter-request workflow as data: (action, who) → {from state: to state}.

Services look every step up here before writing anything, so a step that is not in this table
cannot happen, whoever asks. "submit" is not here: a new request starts in Belum Lengkap or
Sedang Diperiksa depending on whether every requirement came with a file.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import LetterRequest

S = LetterRequest.Status
RESIDENT = "resident"
OPERATOR = "operator"


@dataclass(frozen=True)
class Transition:
    action: str
    actor: str
    sources: frozenset
    target: str
    label: str
    needs_reason: bool = False


TRANSITIONS = (
    # The resident sends the missing files and asks for the check again.
    Transition("complete", RESIDENT, frozenset({S.INCOMPLETE}), S.CHECKING, _("Dilengkapi dan dikirim ulang")),
    Transition("return", OPERATOR, frozenset({S.CHECKING}), S.INCOMPLETE, _("Dikembalikan: belum lengkap"), True),
    # Approving issues the letter (number, PDF); the head signs it next.
    Transition("approve", OPERATOR, frozenset({S.CHECKING}), S.AWAITING_SIGNATURE, _("Disetujui, surat diterbitkan")),
    Transition("sign", OPERATOR, frozenset({S.AWAITING_SIGNATURE}), S.READY, _("Ditandatangani, siap diambil")),
    Transition("hand_over", OPERATOR, frozenset({S.READY}), S.COLLECTED, _("Sudah diambil")),
    Transition("cancel", RESIDENT, frozenset({S.INCOMPLETE, S.CHECKING}), S.CANCELLED, _("Dibatalkan pemohon")),
    Transition(
        "cancel",
        OPERATOR,
        frozenset({S.INCOMPLETE, S.CHECKING, S.AWAITING_SIGNATURE}),
        S.CANCELLED,
        _("Dibatalkan petugas"),
        True,
    ),
)
_TABLE = {(t.action, t.actor): t for t in TRANSITIONS}
# For the request's history: one label per action (cancel by either side reads alike).
ACTION_LABELS = {"submit": _("Permohonan dikirim"), "cancel": _("Dibatalkan")} | {
    t.action: t.label for t in TRANSITIONS if t.action != "cancel"
}


def find(action: str, actor: str, status: str) -> Transition | None:
    """The transition ``actor`` may take with ``action`` from ``status``, or None."""
    transition = _TABLE.get((action, actor))
    if transition is None or status not in transition.sources:
        return None
    return transition


def available(actor: str, status: str) -> list[Transition]:
    return [t for t in TRANSITIONS if t.actor == actor and status in t.sources]


def labelled(events) -> list:
    """Events with ``label`` (what happened) and ``to_label`` (the state it led to) set."""
    events = list(events)
    for event in events:
        event.label = ACTION_LABELS.get(event.action, event.action)
        event.to_label = S(event.to_status).label
    return events
