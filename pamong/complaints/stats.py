"""Numbers for the leadership view, computed from ReportEvent rows (and so reusable later).

- Incoming per type and kecamatan: the events that put a report in the queue (``submit`` of
  signed-in reporters, ``confirm`` of guests) in the period.
- Dispositions per OPD: ``dispose`` events in the period.
- Answers per OPD and the on-time rate: ``answer`` events in the period; on time when the
  answer came no later than the deadline in force just before it (``previous_due_at``).
- Current status counts and the overdue list: the reports as they are now.
"""

from datetime import date, datetime, time, timedelta

from django.db.models import Count, F, Q
from django.utils import timezone

from pamong.agencies.models import Agency
from pamong.regions.models import Region

from .models import Report, ReportEvent
from .queries import overdue_reports
from .transitions import Action


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_default_timezone()  # the regency's zone, whatever a request activated
    return (
        datetime.combine(start, time.min, tzinfo=tz),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz),
    )


def period_numbers(*, start: date, end: date) -> dict:
    since, until = _bounds(start, end)
    events = ReportEvent.objects.filter(at__gte=since, at__lt=until)
    # A report enters the queue once: signed-in reporters at submit, guests at confirm.
    incoming = events.filter(Q(action="submit", to_status=Report.Status.SUBMITTED) | Q(action=Action.CONFIRM))
    by_type = dict(incoming.values_list("report__type").annotate(n=Count("id")).order_by())
    by_district = list(
        incoming.values("report__district_id").annotate(n=Count("id")).order_by("-n", "report__district_id")
    )
    districts = Region.objects.in_bulk([row["report__district_id"] for row in by_district])
    answers = events.filter(action=Action.ANSWER)
    by_agency = list(
        answers.values("agency_id")
        .annotate(
            answered=Count("id"),
            on_time=Count("id", filter=Q(previous_due_at__isnull=False, at__lte=F("previous_due_at"))),
        )
        .order_by("agency_id")
    )
    disposed = dict(events.filter(action=Action.DISPOSE).values_list("agency_id").annotate(n=Count("id")).order_by())
    agency_ids = {row["agency_id"] for row in by_agency} | set(disposed)
    agencies = Agency.objects.in_bulk([pk for pk in agency_ids if pk])
    per_agency = []
    for pk in sorted(agency_ids - {None}, key=lambda pk: str(agencies.get(pk, pk))):
        row = next((r for r in by_agency if r["agency_id"] == pk), {"answered": 0, "on_time": 0})
        per_agency.append(
            {
                "agency": agencies.get(pk),
                "disposed": disposed.get(pk, 0),
                "answered": row["answered"],
                "on_time": row["on_time"],
                "rate": round(100 * row["on_time"] / row["answered"]) if row["answered"] else None,
            }
        )
    status_counts = dict(Report.objects.values_list("status").annotate(n=Count("id")).order_by())
    return {
        "by_type": [(label, by_type.get(value, 0)) for value, label in Report.Type.choices],
        "by_district": [(districts.get(row["report__district_id"]), row["n"]) for row in by_district],
        "per_agency": per_agency,
        "by_status": [(label, status_counts.get(value, 0)) for value, label in Report.Status.choices],
        "overdue": list(overdue_reports(now=timezone.now())[:50]),
    }
