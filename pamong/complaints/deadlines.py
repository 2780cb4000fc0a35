"""Legal deadlines for reports, on the foundation's working-day calendar.

- Verification by the coordinator: 3 working days from submission (or from the OPD's
  *bukan wewenang*).
- Follow-up by the OPD: 5 working days from disposition; information requests 10 working
  days, extendable once by 7 (UU 14/2008, marked "check" in REFERENCE §1: kept as data here).
- A category's override (days, unit, extension) wins over the type's rule: disputes get
  categories with 14 or 60 calendar days.
- On hold the clock stops: resuming moves due_at by the working days spent on hold.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pamong.workdays.services import add_working_days, working_days_between

from .models import DaysUnit, Report
from .transitions import DEADLINE_STATES

VERIFICATION_DAYS = 3


@dataclass(frozen=True)
class Rule:
    days: int
    unit: str = DaysUnit.WORKING
    extension_days: int = 0


TYPE_RULES = {
    Report.Type.ASPIRATION: Rule(5),
    Report.Type.COMPLAINT: Rule(5),
    Report.Type.INFORMATION: Rule(10, extension_days=7),
}


def follow_up_rule(report: Report) -> Rule:
    base = TYPE_RULES[report.type]
    category = report.category
    if category is None or category.follow_up_days is None:
        return base
    return Rule(
        days=category.follow_up_days,
        unit=category.follow_up_unit,
        extension_days=category.extension_days if category.extension_days is not None else base.extension_days,
    )


def add_days(start: datetime, days: int, unit: str) -> datetime:
    if unit == DaysUnit.CALENDAR:
        return start + timedelta(days=days)
    return add_working_days(start, days)


def verification_due(start: datetime) -> datetime:
    return add_working_days(start, VERIFICATION_DAYS)


def follow_up_due(report: Report, start: datetime) -> datetime:
    rule = follow_up_rule(report)
    return add_days(start, rule.days, rule.unit)


def extended_due(report: Report) -> datetime:
    rule = follow_up_rule(report)
    return add_days(report.due_at, rule.extension_days, rule.unit)


def resumed_due(due_at: datetime | None, paused_at: datetime, now: datetime) -> datetime | None:
    """The deadline after a pause: shifted by the working days spent on hold."""
    if due_at is None:
        return None
    spent = working_days_between(paused_at, now)
    return add_working_days(due_at, spent) if spent > 0 else due_at


# --- Computed state, for lists and pages ----------------------------------------------------
ON_TIME, DUE_SOON, OVERDUE, PAUSED = "on_time", "due_soon", "overdue", "paused"
STATE_LABELS = {
    ON_TIME: _("Tepat waktu"),
    DUE_SOON: _("Segera jatuh tempo"),
    OVERDUE: _("Terlambat"),
    PAUSED: _("Ditunda (waktu berhenti)"),
}


@dataclass(frozen=True)
class Clock:
    """ "Now" and the due-soon cutoff, computed once per page so rows cost no queries."""

    now: datetime
    soon: datetime

    @classmethod
    def current(cls) -> "Clock":
        now = timezone.now()
        return cls(now=now, soon=add_working_days(now, 1))

    def state(self, report: Report) -> str | None:
        if report.status == Report.Status.ON_HOLD:
            return PAUSED
        if report.status not in DEADLINE_STATES or report.due_at is None:
            return None
        if report.due_at < self.now:
            return OVERDUE
        if report.due_at <= self.soon:
            return DUE_SOON
        return ON_TIME
