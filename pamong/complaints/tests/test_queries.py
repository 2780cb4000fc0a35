"""Accessors, search, and query counts that do not grow with the page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pamong.accounts.models import Role, User
from pamong.complaints import paging, queries, services
from pamong.complaints.models import Report
from pamong.complaints.seed import seed_reference_data
from pamong.conftest import make_user
from pamong.notifications.models import Notification

from .conftest import make_report


def many(n, *, by, village, coordinator=None, agency=None, **fields):
    reports = []
    for i in range(n):
        report = make_report(by=by, village=village, title=f"Laporan jalan rusak nomor {i}", **fields)
        if coordinator:
            services.dispose(report=report, agency=agency, by=coordinator)
        reports.append(report)
    return reports


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("url_name", "login", "dispose"),
    [
        ("complaints:list", None, True),
        ("complaints:mine", "citizen", False),
        ("complaints:queue", "coordinator", False),
        ("complaints:inbox", "officer", True),
        ("complaints:overdue", "coordinator", False),
    ],
)
def test_list_pages_use_the_same_number_of_queries_for_3_and_15_rows(
    client, request, citizen, village, coordinator, officer, agency, clock, url_name, login, dispose
):
    if login:
        client.force_login(request.getfixturevalue(login))
    url = reverse(url_name)
    kwargs = {"coordinator": coordinator, "agency": agency} if dispose else {}
    many(3, by=citizen, village=village, **kwargs)
    client.get(url)  # warm the process-wide caches (regency name) first
    few = count_queries(client, url)
    many(12, by=citizen, village=village, **kwargs)
    assert count_queries(client, url) == few


# --- Exact query counts of the five pages the benchmark measures -------------------------------
# Each is pinned at two sizes with more than one page of reports (two a page here), so the
# count does not depend on how many reports there are.


@pytest.fixture
def two_per_page(monkeypatch):
    monkeypatch.setattr(paging, "PER_PAGE", 2)


def test_public_list_query_count_is_pinned(
    client, two_per_page, citizen, village, coordinator, agency, clock, django_assert_num_queries
):
    seed_reference_data()  # ~50 categories with parents in the filter's select
    for n in (3, 9):
        many(n - Report.objects.count(), by=citizen, village=village, coordinator=coordinator, agency=agency)
        # The page (one row more than shown: is there a next page?), the count capped at
        # paging.MAX_ROWS, the DayOff rows for the due-soon cutoff, and the filter form's three
        # choice lists (categories, agencies, kecamatan; villages only once one is chosen).
        with django_assert_num_queries(6):
            response = client.get(reverse("complaints:list"))
        assert response.context["page"].count == n


def test_coordinator_queue_query_count_is_pinned(
    client, two_per_page, citizen, village, coordinator, clock, django_assert_num_queries
):
    client.force_login(coordinator)
    for n in (3, 9):
        many(n - Report.objects.count(), by=citizen, village=village)
        # Session, user, the page, the capped count, DayOff.
        with django_assert_num_queries(5):
            response = client.get(reverse("complaints:queue"))
        assert response.context["page"].count == n


def test_opd_inbox_query_count_is_pinned(
    client, two_per_page, citizen, village, coordinator, officer, agency, sub_unit, clock, django_assert_num_queries
):
    client.force_login(officer)
    for n in (3, 9):
        many(n - Report.objects.count(), by=citizen, village=village, coordinator=coordinator, agency=agency)
        # Session, user, the officer's OPD, its units (two levels of the tree: the OPD's, its
        # unit's), the page, the capped count, DayOff.
        with django_assert_num_queries(8):
            response = client.get(reverse("complaints:inbox"))
        assert response.context["page"].count == n


def test_leadership_view_query_count_is_pinned(
    client, citizen, village, coordinator, agency, officer, regent, clock, django_assert_num_queries
):
    client.force_login(regent)
    for n in (2, 6):
        for report in many(
            n - Report.objects.count(), by=citizen, village=village, coordinator=coordinator, agency=agency
        ):
            services.accept(report=report, by=officer)
            services.answer(report=report, by=officer, text="Sudah ditambal oleh tim lapangan.")
        # Session, user, reports coming in (per type and kecamatan at once), answers per OPD,
        # dispositions/closed/rejected, the OPDs' names, open reports per status, the overdue list.
        with django_assert_num_queries(8):
            response = client.get(reverse("complaints:leadership"), {"start": "2026-03-01", "end": "2026-03-31"})
        assert ("Pengaduan", n) in response.context["by_type"]


def test_submission_query_count_is_pinned_whatever_the_number_of_coordinators(
    client,
    citizen,
    village,
    category,
    coordinator,
    clock,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
):
    client.force_login(citizen)
    for coordinators in (1, 4):
        while User.objects.filter(role=Role.COORDINATOR).count() < coordinators:
            make_user(email=f"koordinator{User.objects.count()}@example.id", role=Role.COORDINATOR)
        data = {
            "type": "pengaduan",
            "title": "Jalan berlubang di Jl. Veteran",
            "body": "Lubang besar di tengah jalan dekat pasar, sudah dua motor jatuh minggu ini.",
            "village": village.code,
            "category": category.pk,
            "idempotency_key": f"kunci-{coordinators}",
        }
        # Session, user; the category and the village (one lookup each); the idempotency check;
        # the transaction (a savepoint inside the test's: 2); a savepoint around the insert for
        # the tracking-code retry (2), DayOff, the report; the event, the audit event; the staff to
        # notify; one INSERT for every notification, in a savepoint (3).
        with django_capture_on_commit_callbacks() as callbacks, django_assert_num_queries(17):
            response = client.post(reverse("complaints:submit"), data)
        assert response.status_code == 302
        report = Report.objects.get(idempotency_key=f"kunci-{coordinators}")
        assert Notification.objects.filter(key__startswith=f"complaint:{report.pk}:").count() == coordinators + 1
        assert len(callbacks) == 1  # every delivery enqueued by one callback after the commit


def test_the_village_filter_lists_the_chosen_kecamatans_villages(client, village, other_village, district):
    html = client.get(reverse("complaints:list")).content.decode()
    assert 'type="hidden" name="village"' in html
    html = client.get(reverse("complaints:list"), {"district": district.pk}).content.decode()
    assert f'<option value="{village.pk}">' in html and f'<option value="{other_village.pk}">' in html


def test_reports_visible_to_each_role(
    citizen, other_citizen, officer, other_officer, coordinator, regent, village, agency, clock
):
    mine = make_report(by=citizen, village=village)
    secret = make_report(by=citizen, village=village, is_confidential=True)
    services.dispose(report=secret, agency=agency, by=coordinator)
    codes = lambda user: set(queries.reports_visible_to(user).values_list("code", flat=True))  # noqa: E731
    assert codes(citizen) == {mine.code, secret.code}
    assert codes(other_citizen) == set()
    assert codes(officer) == {secret.code}
    assert codes(other_officer) == set()
    assert codes(coordinator) == codes(regent) == {mine.code, secret.code}


def test_coordinator_queue_lists_unverified_reports_by_deadline_and_held_ones_apart(
    citizen, village, coordinator, clock
):
    from .conftest import MONDAY

    first = make_report(by=citizen, village=village)
    clock(MONDAY.replace(day=3))
    second = make_report(by=citizen, village=village)
    held = make_report(by=citizen, village=village)
    clock(MONDAY)
    third = make_report(by=citizen, village=village)  # same deadline as the first, later id
    services.hold(report=held, by=coordinator, reason="Menunggu data")
    assert list(queries.coordinator_queue().values_list("code", flat=True)) == [first.code, third.code, second.code]
    assert list(queries.held_reports().values_list("code", flat=True)) == [held.code]


def test_search_drops_indonesian_stopwords_and_matches_every_word(citizen, village, clock):
    hole = make_report(
        by=citizen,
        village=village,
        title="Lubang di jalan desa",
        body="Ada lubang besar di jalan utama yang membahayakan.",
    )
    make_report(
        by=citizen, village=village, title="Lampu taman mati", body="Lampu di taman desa mati sejak minggu lalu."
    )
    assert queries.search_terms("lubang di jalan yang rusak") == ["lubang", "jalan", "rusak"]
    found = queries.search(Report.objects.all(), "lubang di jalan")
    assert list(found.values_list("code", flat=True)) == [hole.code]
    assert queries.search(Report.objects.all(), "di yang").count() == 2  # only stopwords: no filter


def test_the_running_deadline_index_names_exactly_the_deadline_states():
    from pamong.complaints.models import Report as ReportModel
    from pamong.complaints.transitions import DEADLINE_STATES

    (index,) = [i for i in ReportModel._meta.indexes if i.name == "complaints_running_due"]
    assert list(index.condition.children[0][1]) == list(DEADLINE_STATES)
