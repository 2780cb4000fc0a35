"""Properties of the working-day rules, on the pure WorkCalendar: no database per example."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from pamong.workdays.services import WorkCalendar, national_holidays, regency_date

JAKARTA = ZoneInfo("Asia/Jakarta")
ZONES = st.sampled_from([JAKARTA, ZoneInfo("UTC"), ZoneInfo("Asia/Jayapura"), ZoneInfo("America/Sao_Paulo")])
MOMENTS = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31), timezones=ZONES)
DAYS = st.integers(min_value=0, max_value=60)


@st.composite
def calendars(draw, moment: datetime) -> WorkCalendar:
    """Extra days off clustered after ``moment``, where they change the answers (cuti bersama
    come in runs around the holidays, so runs of adjacent days are likely too)."""
    offsets = draw(st.sets(st.integers(min_value=-3, max_value=90), max_size=25))
    start = regency_date(moment)
    return WorkCalendar.with_days_off(start + timedelta(days=offset) for offset in offsets)


@st.composite
def scenarios(draw):
    moment = draw(MOMENTS)
    return draw(calendars(moment)), moment


def _is_off(calendar: WorkCalendar, day: date) -> bool:
    return day.weekday() >= 5 or day in national_holidays(day.year) or day in calendar._days_off(day.year)


@settings(deadline=None)
@given(scenarios(), DAYS)
def test_a_deadline_never_lands_on_a_weekend_holiday_or_day_off(scenario, days):
    calendar, start = scenario
    deadline = calendar.add_working_days(start, days)
    if days == 0:
        assert deadline == start
        return
    local = deadline.astimezone(JAKARTA)
    assert local.weekday() < 5
    assert local.date() not in national_holidays(local.year)
    assert not _is_off(calendar, local.date())
    assert local.time() == start.astimezone(JAKARTA).time()


@settings(deadline=None)
@given(scenarios(), DAYS, DAYS)
def test_add_working_days_is_strictly_monotonic_in_days(scenario, a, b):
    calendar, start = scenario
    if a < b:
        assert calendar.add_working_days(start, a) < calendar.add_working_days(start, b)
    elif a == b:
        assert calendar.add_working_days(start, a) == calendar.add_working_days(start, b)


@settings(deadline=None)
@given(scenarios(), DAYS)
def test_working_days_between_undoes_add_working_days(scenario, days):
    calendar, start = scenario
    deadline = calendar.add_working_days(start, days)
    assert calendar.working_days_between(start, deadline) == days
    assert calendar.working_days_between(deadline, start) == -days


@settings(deadline=None)
@given(scenarios(), DAYS, DAYS)
def test_add_working_days_is_additive(scenario, a, b):
    calendar, start = scenario
    assert calendar.add_working_days(calendar.add_working_days(start, a), b) == calendar.add_working_days(start, a + b)


@settings(deadline=None)
@given(scenarios(), st.integers(min_value=-400, max_value=400))
def test_working_days_between_counts_like_a_walk_over_the_days(scenario, offset):
    calendar, start = scenario
    end = start + timedelta(days=offset, hours=offset % 24)
    first, last = regency_date(start), regency_date(end)
    low, high = min(first, last), max(first, last)
    walked = sum(not _is_off(calendar, low + timedelta(days=i)) for i in range(1, (high - low).days + 1))
    assert calendar.working_days_between(start, end) == (-walked if end < start else walked)


@settings(deadline=None)
@given(scenarios())
def test_the_next_working_day_is_the_first_one_after(scenario):
    calendar, start = scenario
    day = regency_date(start)
    following = calendar.next_working_day(day)
    assert following > day
    assert calendar.is_working_day(following)
    assert all(_is_off(calendar, day + timedelta(days=i)) for i in range(1, (following - day).days))
