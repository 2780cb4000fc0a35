"""Periodic sweeps, run by management commands: auto-close and overdue escalation.

Both go through the same workflow step as a person would (``services._transition`` with the
system as actor) and are safe to run again or concurrently.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import deadlines
from .errors import ComplaintError
from .models import Report
from .services import REACTION_DAYS, S, _transition
from .transitions import DEADLINE_STATES, SYSTEM, Action

# Overdue reports: level 1 tells the OPD at once; level 2 tells coordinators and leadership
# once the report is this many working days late.
ESCALATION_LEVEL2_DAYS = 2


def close_stale_reports(*, now: datetime | None = None) -> int:
    """Close answered reports the reporter did not react to within REACTION_DAYS."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=REACTION_DAYS)
    closed = 0
    for report in Report.objects.filter(status=S.ANSWERED, answered_at__lt=cutoff).only("pk"):
        try:
            _transition(
                report=report,
                action=Action.AUTO_CLOSE,
                by=None,
                kinds={SYSTEM},
                apply=lambda r, at: {"closed_at": at},
            )
            closed += 1
        except ComplaintError:
            continue  # changed by someone else meanwhile
    return closed


def escalate_overdue_reports(*, now: datetime | None = None) -> int:
    """Escalate overdue reports, once per report, level and deadline.

    Level 1 (overdue): the handling officers. Level 2 (overdue by ESCALATION_LEVEL2_DAYS
    working days): coordinators and leadership. Each report is claimed with a conditional
    update on ``escalation_level``, so concurrent or repeated runs escalate it once.
    """
    now = now or timezone.now()
    escalated = 0
    overdue = Report.objects.filter(status__in=DEADLINE_STATES, due_at__lt=now, escalation_level__lt=2)
    for report in overdue.only("pk", "due_at", "escalation_level"):
        late_days = deadlines.working_days_between(report.due_at, now)
        level = 2 if late_days >= ESCALATION_LEVEL2_DAYS else 1
        if level <= report.escalation_level:
            continue
        try:
            with transaction.atomic():
                claimed = Report.objects.filter(pk=report.pk, escalation_level=report.escalation_level).update(
                    escalation_level=level
                )
                if claimed != 1:
                    continue  # another run got there first
                _transition(
                    report=report,
                    action=Action.ESCALATE,
                    by=None,
                    kinds={SYSTEM},
                    note=_("Terlambat %(n)d hari kerja (tingkat %(level)d).") % {"n": late_days, "level": level},
                    is_internal=True,
                )
        except ComplaintError:
            continue  # the report left its deadline state meanwhile; the claim rolled back
        escalated += 1
    return escalated
