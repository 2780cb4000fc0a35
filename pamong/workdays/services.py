"""Working days in the regency's time zone: weekends, national holidays and DayOff rows are off.

The calendar (ADR docs/decisions/0005-working-days.md):

- Dates are local to the regency: ``settings.TIME_ZONE`` (the *default* zone, not the zone a
  request may have activated for display). An aware datetime is first converted to that zone.
- A day is a working day unless it is a Saturday or Sunday, a national public holiday from the
  ``holidays`` package (``country_holidays("ID")``, public category), or a ``DayOff`` row
  (cuti bersama, regional holidays, holidays the package does not know yet).

Contract:

- ``is_working_day(day: date) -> bool``. An aware datetime is accepted and means its local date.
- ``next_working_day(day: date) -> date``: the first working day strictly after ``day``.
- ``add_working_days(start: datetime, days: int) -> datetime``: the deadline "``days`` working
  days after ``start``": the same local wall-clock time on the ``days``-th working day strictly
  after ``start``'s local date; ``days=0`` returns ``start`` itself. Fri 10:00 + 1 → Mon 10:00;
  Sat 10:00 + 1 → Mon 10:00. The result is in the regency's zone.
- ``working_days_between(start: datetime, end: datetime) -> int``: the number of working days d
  with local date of ``start`` < d ≤ local date of ``end``; ``-working_days_between(end, start)``
  when ``end < start``. It counts dates and ignores the time of day, which is exactly what makes
  ``working_days_between(t, add_working_days(t, n)) == n`` hold for every t and n ≥ 0. To ask
  "is the deadline past", compare datetimes with the deadline, not this count (Mon 10:00 → Tue
  09:00 counts 1 although the 1-working-day deadline, Tue 10:00, has not passed).
- ``work_calendar() -> WorkCalendar``: the same functions as methods, reading each year's DayOff
  rows once. Use one per request or batch (a list page computing fifty deadlines); do not keep
  one for the life of the process, or DayOff changes stop taking effect.

ValueError for a naive datetime and for negative ``days``. The module-level functions read the
DayOff rows of the years they touch on every call (one small indexed query per year), so an
admin's change takes effect at once in every process. National holidays are cached per year for
the life of the process: they only change with the ``holidays`` package version.

Writes: ``save_day_off`` and ``delete_day_off`` (used by the admin) record audit events.
"""

import functools
import operator
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from typing import Any

import holidays
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from pamong.audit.services import changes, record

from .models import DayOff

ONE_DAY = timedelta(days=1)
SATURDAY = 5


@functools.lru_cache(maxsize=256)
def national_holidays(year: int) -> frozenset[date]:
    """Indonesia's public holidays in ``year`` according to the installed ``holidays`` package."""
    return frozenset(holidays.country_holidays("ID", years=year))


def regency_date(moment: datetime) -> date:
    """The date of the aware datetime ``moment`` in the regency's zone; ValueError if naive."""
    return _to_regency_zone(moment).date()


def _to_regency_zone(moment: datetime) -> datetime:
    if timezone.is_naive(moment):
        raise ValueError(
            f"Working-day calculations need an aware datetime (got naive {moment!r}); "
            "use django.utils.timezone.now() or attach a time zone."
        )
    return moment.astimezone(timezone.get_default_timezone())


class WorkCalendar:
    """The working-day rules over a source of extra days off; pure apart from that source.

    ``days_off_in(year)`` returns the extra non-working dates of a year (DayOff rows for the
    real calendar, a fixed set in tests). It is called at most once per year per calendar.
    """

    def __init__(self, days_off_in: Callable[[int], Iterable[date]]) -> None:
        self._days_off_in = days_off_in
        self._off: dict[int, frozenset[date]] = {}

    @classmethod
    def with_days_off(cls, days_off: Iterable[date]) -> "WorkCalendar":
        """A calendar whose extra days off are exactly ``days_off`` (no database)."""
        fixed = frozenset(days_off)
        return cls(lambda year: {day for day in fixed if day.year == year})

    def _days_off(self, year: int) -> frozenset[date]:
        if year not in self._off:
            self._off[year] = national_holidays(year) | frozenset(self._days_off_in(year))
        return self._off[year]

    def is_working_day(self, day: date) -> bool:
        if isinstance(day, datetime):
            day = regency_date(day)
        return day.weekday() < SATURDAY and day not in self._days_off(day.year)

    def next_working_day(self, day: date) -> date:
        if isinstance(day, datetime):
            day = regency_date(day)
        day += ONE_DAY
        while not self.is_working_day(day):
            day += ONE_DAY
        return day

    def add_working_days(self, start: datetime, days: int) -> datetime:
        days = operator.index(days)
        if days < 0:
            raise ValueError(f"days must be zero or more (got {days}); a deadline lies after its start.")
        local = _to_regency_zone(start)
        if days == 0:
            return start
        day = local.date()
        for _ in range(days):
            day = self.next_working_day(day)
        return local.replace(year=day.year, month=day.month, day=day.day)

    def working_days_between(self, start: datetime, end: datetime) -> int:
        first, last = regency_date(start), regency_date(end)
        if end < start:
            return -self._count(last, first)
        return self._count(first, last)

    def _count(self, after: date, until: date) -> int:
        """Working days d with after < d ≤ until (0 when until ≤ after)."""
        span = (until - after).days
        if span <= 0:
            return 0
        # Weekdays by arithmetic, then subtract the holidays that fall on a weekday: a range of
        # years costs a few set scans instead of a loop over every day.
        full_weeks, rest = divmod(span, 7)
        weekdays = full_weeks * 5 + sum(
            1 for offset in range(1, rest + 1) if (after + timedelta(days=offset)).weekday() < SATURDAY
        )
        holidays_on_weekdays = sum(
            1
            for year in range(after.year, until.year + 1)
            for day in self._days_off(year)
            if after < day <= until and day.weekday() < SATURDAY
        )
        return weekdays - holidays_on_weekdays


def _day_offs_in(year: int) -> list[date]:
    # date__year is a BETWEEN on the date column's unique index, on SQLite and PostgreSQL alike.
    return list(DayOff.objects.filter(date__year=year).values_list("date", flat=True))


def work_calendar() -> WorkCalendar:
    """A calendar over the DayOff table, reading each year's rows once (see module docstring)."""
    return WorkCalendar(_day_offs_in)


def is_working_day(day: date) -> bool:
    return work_calendar().is_working_day(day)


def next_working_day(day: date) -> date:
    return work_calendar().next_working_day(day)


def add_working_days(start: datetime, days: int) -> datetime:
    return work_calendar().add_working_days(start, days)


def working_days_between(start: datetime, end: datetime) -> int:
    return work_calendar().working_days_between(start, end)


DAY_OFF_FIELDS = ["date", "name", "kind"]


@transaction.atomic
def save_day_off(*, day_off: DayOff, by: Any, request: HttpRequest | None = None) -> DayOff:
    """Create or update ``day_off`` (validated by ``full_clean``) and audit the change.

    Deadlines computed afterwards see the change at once; deadlines already stored elsewhere
    (e.g. on a complaint) are not moved.
    """
    day_off.full_clean()
    old = DayOff.objects.select_for_update().filter(pk=day_off.pk).first() if day_off.pk else None
    values = {name: getattr(day_off, name) for name in DAY_OFF_FIELDS}
    if old is None:
        before, after = None, {name: str(value) for name, value in values.items()}
    else:
        before, after = changes(old, DAY_OFF_FIELDS, values)
    day_off.save()
    record(
        actor=by,
        action="workdays.day_off_create" if old is None else "workdays.day_off_update",
        obj=day_off,
        before=before,
        after=after,
        request=request,
    )
    return day_off


@transaction.atomic
def delete_day_off(*, day_off: DayOff, by: Any, request: HttpRequest | None = None) -> None:
    """Delete ``day_off`` (the date becomes a working day again, unless a weekend or holiday)."""
    record(
        actor=by,
        action="workdays.day_off_delete",
        obj=day_off,
        before={name: str(getattr(day_off, name)) for name in DAY_OFF_FIELDS},
        request=request,
    )
    day_off.delete()


def import_collective_leave(*, year: int, by: Any = None) -> list[DayOff]:
    """Copy ``year``'s cuti bersama as listed by the ``holidays`` package into DayOff rows.

    A starting point for the admin, who checks it against the published SKB: dates that already
    have a DayOff row are left alone, so running it twice adds nothing. Each row is audited like
    an admin's entry (``by`` None: the system). Returns the rows added.
    """
    listed = holidays.country_holidays("ID", years=year, categories=(holidays.GOVERNMENT,), language="id")
    existing = set(DayOff.objects.filter(date__year=year).values_list("date", flat=True))
    return [
        save_day_off(day_off=DayOff(date=day, name=name, kind=DayOff.Kind.CUTI_BERSAMA), by=by)
        for day, name in sorted(listed.items())
        if day not in existing
    ]
