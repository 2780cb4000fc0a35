"""The report workflow as data: (state, action) → (new state, who may do it).

Services look every step up here before writing anything, so a step that is not in this
table cannot happen, whoever asks. ``None`` as the new state means "stays as it is"
(notes, escalations) or "decided by the service" (resume returns to the paused state).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import Report

S = Report.Status

# Actor kinds, relative to one report (see services.actor_kinds).
REPORTER = "reporter"
COORDINATOR = "coordinator"
OFFICER = "officer"  # an officer of the agency the report is assigned to (or its parent)
SYSTEM = "system"  # management commands: auto-close, escalation


class Action:
    CONFIRM = "confirm"
    DISPOSE = "dispose"
    HOLD = "hold"
    RESUME = "resume"
    REJECT = "reject"
    ACCEPT = "accept"
    START = "start"
    ANSWER = "answer"
    EXTEND = "extend"
    RETURN = "return"  # bukan wewenang
    FORWARD = "forward"
    CLOSE = "close"  # reporter accepts the answer and rates it
    REPLY = "reply"  # reporter answers back: reopens
    AUTO_CLOSE = "auto_close"
    ESCALATE = "escalate"
    NOTE = "note"


ACTION_LABELS = {
    "submit": _("Laporan dikirim"),
    Action.CONFIRM: _("Kontak pelapor dikonfirmasi"),
    Action.DISPOSE: _("Diverifikasi dan diteruskan ke OPD"),
    Action.HOLD: _("Ditunda"),
    Action.RESUME: _("Dilanjutkan"),
    Action.REJECT: _("Ditolak/diarsipkan"),
    Action.ACCEPT: _("Diterima OPD"),
    Action.START: _("Sedang ditindaklanjuti"),
    Action.ANSWER: _("Ditanggapi"),
    Action.EXTEND: _("Batas waktu diperpanjang"),
    Action.RETURN: _("Bukan wewenang: dikembalikan ke koordinator"),
    Action.FORWARD: _("Diteruskan ke unit kerja"),
    Action.CLOSE: _("Ditutup oleh pelapor"),
    Action.REPLY: _("Pelapor menanggapi: dibuka kembali"),
    Action.AUTO_CLOSE: _("Ditutup otomatis"),
    Action.ESCALATE: _("Dieskalasi"),
    Action.NOTE: _("Catatan internal"),
}

_OPD_WORKING = (S.DISPOSED, S.ACCEPTED, S.IN_PROGRESS)
_WAITING_COORDINATOR = (S.SUBMITTED, S.RETURNED)
# States in which the report is still being handled (escalation and re-disposition apply).
OPEN_STATES = frozenset({*_WAITING_COORDINATOR, *_OPD_WORKING, S.ON_HOLD})
# States whose due_at is a running deadline for staff.
# Sorted: the SQL "status IN (...)" then matches the partial index complaints_running_due.
DEADLINE_STATES = tuple(sorted({*_WAITING_COORDINATOR, *_OPD_WORKING}))


@dataclass(frozen=True)
class Step:
    to: str | None
    actors: frozenset[str]


def _step(to, *actors) -> Step:
    return Step(to=to, actors=frozenset(actors))


TRANSITIONS: dict[tuple[str, str], Step] = {
    (S.AWAITING_CONFIRMATION, Action.CONFIRM): _step(S.SUBMITTED, REPORTER),
    # Coordinator: verify and dispose, hold, reject; re-dispose at any time while open.
    **{(s, Action.DISPOSE): _step(S.DISPOSED, COORDINATOR) for s in OPEN_STATES},
    **{(s, Action.HOLD): _step(S.ON_HOLD, COORDINATOR) for s in (*_WAITING_COORDINATOR, *_OPD_WORKING)},
    (S.ON_HOLD, Action.RESUME): _step(None, COORDINATOR),
    **{(s, Action.REJECT): _step(S.REJECTED, COORDINATOR) for s in (*_WAITING_COORDINATOR, S.ON_HOLD)},
    # OPD.
    (S.DISPOSED, Action.ACCEPT): _step(S.ACCEPTED, OFFICER),
    (S.ACCEPTED, Action.START): _step(S.IN_PROGRESS, OFFICER),
    (S.ACCEPTED, Action.ANSWER): _step(S.ANSWERED, OFFICER),
    (S.IN_PROGRESS, Action.ANSWER): _step(S.ANSWERED, OFFICER),
    (S.ACCEPTED, Action.EXTEND): _step(None, OFFICER),
    (S.IN_PROGRESS, Action.EXTEND): _step(None, OFFICER),
    **{(s, Action.RETURN): _step(S.RETURNED, OFFICER) for s in _OPD_WORKING},
    **{(s, Action.FORWARD): _step(S.DISPOSED, OFFICER) for s in _OPD_WORKING},
    # Reporter, then the clock.
    (S.ANSWERED, Action.CLOSE): _step(S.CLOSED, REPORTER),
    (S.ANSWERED, Action.REPLY): _step(S.IN_PROGRESS, REPORTER),
    (S.ANSWERED, Action.AUTO_CLOSE): _step(S.CLOSED, SYSTEM),
    # Escalation: the coordinator by hand, the overdue sweep by itself.
    **{(s, Action.ESCALATE): _step(None, COORDINATOR, SYSTEM) for s in OPEN_STATES},
    # Internal notes by any handling staff, in any state but the first.
    **{(s, Action.NOTE): _step(None, COORDINATOR, OFFICER) for s in S.values if s != S.AWAITING_CONFIRMATION},
}


def allowed_actions(status: str, kinds: set[str]) -> list[str]:
    """The actions these actor kinds may take on a report in this state (for buttons)."""
    return [action for (state, action), step in TRANSITIONS.items() if state == status and step.actors & kinds]
