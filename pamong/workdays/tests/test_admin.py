from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pamong.audit.models import Event
from pamong.workdays.models import DayOff

CHANGELIST = "admin:workdays_dayoff_changelist"


def _days_off():
    DayOff.objects.bulk_create(
        [
            DayOff(date=date(2025, 4, 2), name="Cuti bersama Idul Fitri 1446 H"),
            DayOff(date=date(2026, 3, 20), name="Cuti bersama Idul Fitri 1447 H"),
            DayOff(date=date(2026, 10, 20), name="Hari Jadi Kabupaten Bojonegoro", kind=DayOff.Kind.REGIONAL),
        ]
    )


def test_admin_lists_days_off_of_one_year(client, admin_user):
    _days_off()
    client.force_login(admin_user)

    response = client.get(reverse(CHANGELIST), {"tahun": "2026"})

    assert response.status_code == 200
    assert [d.name for d in response.context["cl"].result_list] == [
        "Cuti bersama Idul Fitri 1447 H",
        "Hari Jadi Kabupaten Bojonegoro",
    ]
    assert "Jumat" in response.content.decode()  # 20 March 2026, in Indonesian


def test_admin_searches_days_off_by_name(client, admin_user):
    _days_off()
    client.force_login(admin_user)

    response = client.get(reverse(CHANGELIST), {"q": "hari jadi"})

    assert [d.date for d in response.context["cl"].result_list] == [date(2026, 10, 20)]


def test_adding_a_day_off_in_the_admin_is_audited(client, admin_user):
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:workdays_dayoff_add"),
        {"date": "24-03-2026", "name": "Cuti bersama Idul Fitri 1447 H", "kind": "cuti_bersama"},
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    day_off = DayOff.objects.get()
    assert day_off.date == date(2026, 3, 24)
    assert list(Event.objects.values_list("action", "object_id", "actor")) == [
        ("workdays.day_off_create", str(day_off.pk), admin_user.pk)
    ]


def test_a_duplicate_date_is_refused_in_the_admin_and_nothing_is_saved(client, admin_user):
    _days_off()
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:workdays_dayoff_add"), {"date": "20-03-2026", "name": "Dobel", "kind": "cuti_bersama"}
    )

    assert response.status_code == 200
    assert "date" in response.context["adminform"].form.errors
    assert DayOff.objects.count() == 3
    assert Event.objects.count() == 0


def test_admin_list_queries_do_not_grow_with_the_rows(client, admin_user, django_assert_num_queries):
    client.force_login(admin_user)
    _days_off()
    with CaptureQueriesContext(connection) as few:
        client.get(reverse(CHANGELIST))
    DayOff.objects.bulk_create(DayOff(date=date(2027, 1, 1) + timedelta(days=i), name=f"Libur {i}") for i in range(30))

    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(reverse(CHANGELIST))

    assert len(response.context["cl"].result_list) == 33
