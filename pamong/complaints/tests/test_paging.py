"""Report lists page without counting every report: exact totals up to a cap, honest above it."""

import pytest
from django.urls import reverse

from pamong.complaints import paging, services
from pamong.complaints.models import Report

from .conftest import make_report


@pytest.fixture
def small_pages(monkeypatch):
    """Two reports a page, counted four at a time, paging stops at six: the regency's 20, 1,000
    and 10,000 behave the same way, this only needs fewer rows to show it."""
    monkeypatch.setattr(paging, "PER_PAGE", 2)
    monkeypatch.setattr(paging, "COUNT_STEP", 4)
    monkeypatch.setattr(paging, "MAX_ROWS", 6)


def publish(n, *, citizen, village, coordinator, agency, **fields) -> list[Report]:
    reports = []
    for i in range(n):
        report = make_report(by=citizen, village=village, title=f"Jalan rusak di gang nomor {i}", **fields)
        reports.append(services.dispose(report=report, agency=agency, by=coordinator))
    return reports


def shown(start, end, total) -> str:
    return f"Menampilkan {start}\N{EN DASH}{end} dari {total} laporan"


def codes_in(html: str, reports) -> list[str]:
    return [r.code for r in reports if r.code in html]


def test_below_the_count_step_the_list_says_the_exact_total_and_pages_by_next_and_previous(
    client, small_pages, citizen, village, coordinator, agency, clock
):
    reports = publish(4, citizen=citizen, village=village, coordinator=coordinator, agency=agency)

    html = client.get(reverse("complaints:list")).content.decode()
    assert codes_in(html, reports) == [reports[2].code, reports[3].code]  # newest first
    assert shown(1, 2, 4) in html
    assert "Halaman 1 dari 2" in html
    assert 'href="?page=2" rel="next"' in html
    assert 'rel="prev"' not in html

    html = client.get(reverse("complaints:list"), {"page": "2"}).content.decode()
    assert codes_in(html, reports) == [reports[0].code, reports[1].code]
    assert shown(3, 4, 4) in html
    assert "Halaman 2 dari 2" in html
    assert 'href="?page=1" rel="prev"' in html
    assert 'rel="next"' not in html


def test_above_the_count_step_the_list_says_more_than_the_step_instead_of_a_total(
    client, small_pages, citizen, village, coordinator, agency, clock, django_assert_num_queries
):
    publish(7, citizen=citizen, village=village, coordinator=coordinator, agency=agency)
    html = client.get(reverse("complaints:list")).content.decode()
    assert shown(1, 2, "lebih dari 4") in html  # counted up to the first step only
    assert "Halaman 1</span>" in html  # no "dari N": the number of pages is not known
    assert 'href="?page=2" rel="next"' in html
    html = client.get(reverse("complaints:list"), {"page": "3"}).content.decode()
    assert shown(5, 6, "lebih dari 6") in html  # past the first step, counted up to the next


def test_a_filtered_list_below_the_step_says_its_exact_total(
    client, small_pages, citizen, village, other_village, coordinator, agency, clock
):
    publish(5, citizen=citizen, village=village, coordinator=coordinator, agency=agency)
    publish(3, citizen=citizen, village=other_village, coordinator=coordinator, agency=agency)
    html = client.get(
        reverse("complaints:list"), {"district": "35.22.15", "village": other_village.pk}
    ).content.decode()
    assert shown(1, 2, 3) in html


def test_paging_stops_at_the_cap_and_says_to_narrow_the_list_with_filters(
    client, small_pages, citizen, village, coordinator, agency, clock
):
    reports = publish(7, citizen=citizen, village=village, coordinator=coordinator, agency=agency)
    for page in ("3", "4", "999999"):
        html = client.get(reverse("complaints:list"), {"page": page}).content.decode()
        assert "Halaman 3</span>" in html, page
        assert codes_in(html, reports) == [reports[1].code, reports[2].code], page  # the 5th and 6th newest
        assert 'rel="next"' not in html
        assert "Hanya 6 laporan pertama yang dapat dibuka halaman demi halaman" in html


@pytest.mark.parametrize("raw", ["abc", "0", "-2", "1.5", "", "٢", "2e0", "1234567"])
def test_a_page_number_that_is_not_a_positive_number_shows_the_first_page(
    client, small_pages, citizen, village, coordinator, agency, clock, raw
):
    reports = publish(3, citizen=citizen, village=village, coordinator=coordinator, agency=agency)
    response = client.get(reverse("complaints:list"), {"page": raw})
    assert response.status_code == 200
    assert response.context["page"].number == 1
    assert codes_in(response.content.decode(), reports) == [reports[1].code, reports[2].code]


def test_a_page_past_the_last_shows_the_last_page(client, small_pages, citizen, village, coordinator, agency, clock):
    reports = publish(3, citizen=citizen, village=village, coordinator=coordinator, agency=agency)
    response = client.get(reverse("complaints:list"), {"page": "5"})
    assert (response.context["page"].number, response.context["page"].count) == (2, 3)
    assert codes_in(response.content.decode(), reports) == [reports[0].code]


def test_page_links_keep_the_filters(client, small_pages, citizen, village, coordinator, agency, district, clock):
    publish(3, citizen=citizen, village=village, coordinator=coordinator, agency=agency, type=Report.Type.ASPIRATION)
    publish(1, citizen=citizen, village=village, coordinator=coordinator, agency=agency)
    html = client.get(reverse("complaints:list"), {"type": "aspirasi", "district": district.pk}).content.decode()
    assert shown(1, 2, 3) in html
    assert 'href="?type=aspirasi&amp;district=35.22.15&amp;page=2" rel="next"' in html


def test_a_filter_value_outside_the_list_is_refused_with_a_message_and_filters_nothing(
    client, small_pages, citizen, village, coordinator, agency, clock
):
    publish(1, citizen=citizen, village=village, coordinator=coordinator, agency=agency)
    response = client.get(reverse("complaints:list"), {"status": "rejected", "type": "keluhan"})
    html = response.content.decode()
    assert response.status_code == 200
    assert not response.context["form"].is_valid()
    assert "Masukkan pilihan yang valid. keluhan bukan salah satu dari pilihan yang tersedia." in html
    assert "Menampilkan" not in html  # one page: no paging


def test_staff_lists_page_the_same_way(client, small_pages, citizen, village, coordinator, clock):
    reports = [make_report(by=citizen, village=village) for _ in range(3)]
    client.force_login(coordinator)
    html = client.get(reverse("complaints:queue")).content.decode()
    assert codes_in(html, reports) == [reports[0].code, reports[1].code]  # nearest deadline first
    assert shown(1, 2, 3) in html
    html = client.get(reverse("complaints:queue"), {"page": "2"}).content.decode()
    assert codes_in(html, reports) == [reports[2].code]


def test_the_capped_count_reads_no_more_than_the_cap_plus_one(small_pages, citizen, village, clock):
    for _ in range(8):
        make_report(by=citizen, village=village)
    assert paging.capped_count(Report.objects.all()) is None
    assert paging.capped_count(Report.objects.all(), limit=8) == 8
    assert paging.capped_count(Report.objects.filter(title="tidak ada")) == 0
