from datetime import date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pamong.audit.models import Event
from pamong.workdays.models import DayOff
from pamong.workdays.services import (
    add_working_days,
    delete_day_off,
    is_working_day,
    next_working_day,
    save_day_off,
    work_calendar,
    working_days_between,
)

WIB = ZoneInfo("Asia/Jakarta")
UTC = ZoneInfo("UTC")

# Cuti bersama around Idul Fitri 1447 H and Nyepi (SKB 3 Menteri for 2026).
CUTI_BERSAMA_2026 = [
    (date(2026, 3, 18), "Cuti bersama Hari Suci Nyepi"),
    (date(2026, 3, 20), "Cuti bersama Idul Fitri 1447 H"),
    (date(2026, 3, 23), "Cuti bersama Idul Fitri 1447 H"),
    (date(2026, 3, 24), "Cuti bersama Idul Fitri 1447 H"),
]


def wib(*args) -> datetime:
    return datetime(*args, tzinfo=WIB)


@pytest.fixture
def cuti_bersama_2026(db):
    return DayOff.objects.bulk_create(
        DayOff(date=day, name=name, kind=DayOff.Kind.CUTI_BERSAMA) for day, name in CUTI_BERSAMA_2026
    )


def test_friday_plus_one_working_day_is_monday_same_time(db):
    assert add_working_days(wib(2026, 1, 9, 10, 0), 1) == wib(2026, 1, 12, 10, 0)


def test_saturday_plus_one_working_day_is_monday_same_time(db):
    assert add_working_days(wib(2026, 1, 10, 10, 0), 1) == wib(2026, 1, 12, 10, 0)


def test_zero_working_days_is_the_start_itself(db):
    start = datetime(2026, 1, 10, 3, 0, tzinfo=UTC)

    assert add_working_days(start, 0) is start


def test_the_local_date_counts_not_the_utc_date(db):
    # Friday 20:00 UTC is already Saturday 03:00 in Bojonegoro.
    deadline = add_working_days(datetime(2026, 1, 9, 20, 0, tzinfo=UTC), 1)

    assert deadline == wib(2026, 1, 12, 3, 0)
    assert deadline.tzinfo == WIB


def test_national_holidays_are_not_working_days(db):
    assert is_working_day(date(2026, 8, 17)) is False  # Hari Kemerdekaan, a Monday
    assert is_working_day(date(2026, 3, 19)) is False  # Nyepi, a Thursday
    assert is_working_day(date(2026, 8, 18)) is True


def test_idul_fitri_2026_without_cuti_bersama(db):
    # Nyepi on Thursday 19 March; Idul Fitri on Saturday and Sunday 21-22 March.
    assert add_working_days(wib(2026, 3, 18, 9, 30), 1) == wib(2026, 3, 20, 9, 30)
    assert add_working_days(wib(2026, 3, 20, 9, 30), 1) == wib(2026, 3, 23, 9, 30)


def test_idul_fitri_2026_with_cuti_bersama_pushes_the_deadline_past_the_holidays(cuti_bersama_2026):
    # 18 cuti, 19 Nyepi, 20 cuti, 21-22 Idul Fitri (weekend), 23-24 cuti: next is Wednesday 25th.
    start = wib(2026, 3, 17, 14, 0)

    assert add_working_days(start, 1) == wib(2026, 3, 25, 14, 0)
    assert add_working_days(start, 5) == wib(2026, 3, 31, 14, 0)
    assert working_days_between(start, wib(2026, 3, 25, 8, 0)) == 1
    assert next_working_day(date(2026, 3, 17)) == date(2026, 3, 25)


def test_a_day_off_change_takes_effect_at_once(admin_user):
    start = wib(2026, 3, 20, 10, 0)
    assert add_working_days(start, 1) == wib(2026, 3, 23, 10, 0)

    day_off = save_day_off(day_off=DayOff(date=date(2026, 3, 23), name="Cuti bersama Idul Fitri"), by=admin_user)
    assert add_working_days(start, 1) == wib(2026, 3, 24, 10, 0)

    day_off.date = date(2026, 3, 24)
    save_day_off(day_off=day_off, by=admin_user)
    assert add_working_days(start, 1) == wib(2026, 3, 23, 10, 0)
    assert add_working_days(start, 2) == wib(2026, 3, 25, 10, 0)

    delete_day_off(day_off=day_off, by=admin_user)
    assert add_working_days(start, 2) == wib(2026, 3, 24, 10, 0)


def test_day_off_changes_are_audited(admin_user):
    day_off = save_day_off(day_off=DayOff(date=date(2026, 3, 23), name="Cuti bersama"), by=admin_user)
    day_off.name = "Cuti bersama Idul Fitri 1447 H"
    save_day_off(day_off=day_off, by=admin_user)
    delete_day_off(day_off=day_off, by=admin_user)

    assert list(Event.objects.order_by("id").values_list("action", "actor", "before", "after")) == [
        (
            "workdays.day_off_create",
            admin_user.pk,
            None,
            {"date": "2026-03-23", "name": "Cuti bersama", "kind": "cuti_bersama"},
        ),
        (
            "workdays.day_off_update",
            admin_user.pk,
            {"name": "Cuti bersama"},
            {"name": "Cuti bersama Idul Fitri 1447 H"},
        ),
        (
            "workdays.day_off_delete",
            admin_user.pk,
            {"date": "2026-03-23", "name": "Cuti bersama Idul Fitri 1447 H", "kind": "cuti_bersama"},
            None,
        ),
    ]


def test_working_days_between_ignores_the_time_of_day(db):
    assert working_days_between(wib(2026, 1, 12, 10, 0), wib(2026, 1, 13, 9, 0)) == 1
    assert working_days_between(wib(2026, 1, 12, 10, 0), wib(2026, 1, 12, 23, 0)) == 0


def test_working_days_between_is_negative_when_end_is_before_start(db):
    assert working_days_between(wib(2026, 1, 12, 10, 0), wib(2026, 1, 9, 10, 0)) == -1
    assert working_days_between(wib(2026, 1, 12, 10, 0), wib(2026, 1, 12, 9, 0)) == 0


def test_naive_datetimes_are_refused(db):
    with pytest.raises(ValueError, match="aware datetime"):
        add_working_days(datetime(2026, 1, 9, 10, 0), 1)
    with pytest.raises(ValueError, match="aware datetime"):
        working_days_between(wib(2026, 1, 9), datetime(2026, 1, 12))
    with pytest.raises(ValueError, match="aware datetime"):
        is_working_day(datetime(2026, 1, 9, 10, 0))


def test_negative_days_are_refused(db):
    with pytest.raises(ValueError, match="zero or more"):
        add_working_days(wib(2026, 1, 9, 10, 0), -1)


def test_one_query_per_year_touched(db, django_assert_num_queries):
    with django_assert_num_queries(1):
        add_working_days(wib(2026, 1, 9, 10, 0), 20)
    with django_assert_num_queries(2):
        add_working_days(wib(2026, 12, 21, 10, 0), 10)


def test_a_work_calendar_reads_each_year_once_for_a_whole_batch(db, django_assert_num_queries):
    calendar = work_calendar()
    with django_assert_num_queries(1):
        deadlines = [calendar.add_working_days(wib(2026, 3, day, 8, 0), 3) for day in range(1, 29)]

    assert deadlines[16] == wib(2026, 3, 23, 8, 0)  # Tue 17th + 3: Wed 18, Fri 20, Mon 23


@settings(deadline=None, max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    start=st.datetimes(min_value=datetime(2026, 2, 1), max_value=datetime(2026, 4, 30), timezones=st.just(WIB)),
    days=st.integers(min_value=0, max_value=30),
)
def test_deadlines_from_the_database_round_trip_and_avoid_cuti_bersama(cuti_bersama_2026, start, days):
    # The fixture's rows are created once for all examples; the examples only read them.
    deadline = add_working_days(start, days)

    assert working_days_between(start, deadline) == days
    if days:
        assert deadline.date() not in {day for day, _name in CUTI_BERSAMA_2026}
        assert is_working_day(deadline.date())
        assert deadline - start >= timedelta(days=days)


def test_import_cuti_bersama_adds_the_packages_list_once_and_keeps_existing_rows(db):
    DayOff.objects.create(date=date(2026, 3, 20), name="Cuti bersama (SK Bupati)")

    out = StringIO()
    call_command("import_cuti_bersama", "2026", stdout=out)
    call_command("import_cuti_bersama", "2026", stdout=StringIO())

    assert out.getvalue().splitlines()[-1] == "7 hari ditambahkan."
    assert DayOff.objects.get(date=date(2026, 3, 20)).name == "Cuti bersama (SK Bupati)"
    assert DayOff.objects.get(date=date(2026, 3, 23)).name == "Cuti Bersama Hari Raya Idul Fitri"
    assert DayOff.objects.filter(date__year=2026, kind=DayOff.Kind.CUTI_BERSAMA).count() == 8
    assert Event.objects.filter(action="workdays.day_off_create", actor=None).count() == 7
