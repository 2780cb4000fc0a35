"""Numbers for the leadership view, computed from ReportEvent rows (and so reusable later).

- Incoming per type and kecamatan: the events that put a report in the queue (``submit`` of
  signed-in reporters, ``confirm`` of guests) in the period; one query for both tables.
- Dispositions per OPD, and reports closed or rejected: ``dispose``, ``close``/``auto_close``
  and ``reject`` events in the period, in one query.
- Answers per OPD and the on-time rate: ``answer`` events in the period; on time when the
  answer came no later than the deadline in force just before it (``previous_due_at``).
- Reports still open, per status, and the overdue list: the reports as they are now. Only open
  statuses are counted (a few thousand rows, an index-only scan on ``complaints_status_due``):
  counting every closed report of all years was a scan of the whole table on each visit, and
  the period's closed and rejected numbers say more.
"""

from datetime import date, datetime, time, timedelta

from django.db.models import Count, F, Q
from django.utils import timezone

from pamong.agencies.models import Agency

from .models import Report, ReportEvent
from .queries import overdue_reports
from .transitions import Action


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_default_timezone()  # the regency's zone, whatever a request activated
    return (
        datetime.combine(start, time.min, tzinfo=tz),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz),
    )


# The statuses of reports still being handled (or waiting for the reporter), in display order.
OPEN_STATUSES = [value for value in Report.Status.values if value not in {Report.Status.CLOSED, Report.Status.REJECTED}]
CLOSING_ACTIONS = {Action.CLOSE: "closed", Action.AUTO_CLOSE: "closed", Action.REJECT: "rejected"}


def period_numbers(*, start: date, end: date) -> dict:
    since, until = _bounds(start, end)
    events = ReportEvent.objects.filter(at__gte=since, at__lt=until)
    by_type, by_district = _incoming(events)
    per_agency, outcomes = _per_agency(events)
    # COUNT(*), not COUNT(id): the index holds status but not id, and must answer alone.
    open_counts = dict(
        Report.objects.filter(status__in=OPEN_STATUSES).values_list("status").annotate(n=Count("*")).order_by()
    )
    labels = dict(Report.Status.choices)
    return {
        "by_type": by_type,
        "by_district": by_district,
        "per_agency": per_agency,
        "by_status": [(labels[value], open_counts.get(value, 0)) for value in OPEN_STATUSES],
        "closed": outcomes["closed"],
        "rejected": outcomes["rejected"],
        # The list shows the OPD only: one join instead of four keeps the plan simple.
        "overdue": list(overdue_reports(now=timezone.now()).select_related(None).select_related("agency")[:50]),
    }


def _per_agency(events) -> tuple[list[dict], dict[str, int]]:
    """Dispositions, answers and the on-time rate per OPD; reports closed and rejected."""
    answers = events.filter(action=Action.ANSWER)
    by_agency = {
        row["agency_id"]: row
        for row in answers.values("agency_id")
        .annotate(
            answered=Count("id"),
            on_time=Count("id", filter=Q(previous_due_at__isnull=False, at__lte=F("previous_due_at"))),
        )
        .order_by()
    }
    disposed, outcomes = {}, {"closed": 0, "rejected": 0}
    steps = events.filter(action__in=[Action.DISPOSE, *CLOSING_ACTIONS]).values_list("action", "agency_id")
    for action, agency_id, n in steps.annotate(n=Count("id")).order_by():
        if action == Action.DISPOSE:
            disposed[agency_id] = n
        else:
            outcomes[CLOSING_ACTIONS[action]] += n
    agency_ids = (set(by_agency) | set(disposed)) - {None}
    agencies = Agency.objects.in_bulk(agency_ids)
    per_agency = []
    for pk in sorted(agency_ids, key=lambda pk: str(agencies.get(pk, pk))):
        row = by_agency.get(pk, {"answered": 0, "on_time": 0})
        per_agency.append(
            {
                "agency": agencies.get(pk),
                "disposed": disposed.get(pk, 0),
                "answered": row["answered"],
                "on_time": row["on_time"],
                "rate": round(100 * row["on_time"] / row["answered"]) if row["answered"] else None,
            }
        )
    return per_agency, outcomes


def _incoming(events) -> tuple[list, list]:
    """Reports that entered the queue in the period, per type and per kecamatan (named)."""
    # A report enters the queue once: signed-in reporters at submit, guests at confirm.
    incoming = events.filter(Q(action="submit", to_status=Report.Status.SUBMITTED) | Q(action=Action.CONFIRM))
    rows = incoming.values_list("report__type", "report__district_id", "report__district__name").annotate(n=Count("id"))
    per_type: dict[str, int] = {}
    per_district: dict[str, list] = {}
    for type_, district_id, name, n in rows.order_by():
        per_type[type_] = per_type.get(type_, 0) + n
        per_district.setdefault(district_id, [name, 0])[1] += n
    by_type = [(label, per_type.get(value, 0)) for value, label in Report.Type.choices]
    ranked = sorted(per_district.items(), key=lambda item: (-item[1][1], item[0]))
    return by_type, [(name, n) for _district_id, (name, n) in ranked]
