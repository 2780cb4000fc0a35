"""API server errors found while fuzzing, now fixed; these tests keep them fixed.

Each is a 500 (a crash, logged as an error, and on PostgreSQL an aborted transaction) from
input that any visitor can send; the answer must be a client error or an ordinary result.

1. ``GET /api/complaints/open311/requests.json?page=10**20``: the offset overflows the
   database's integer (SQLite "datatype mismatch", PostgreSQL "bigint out of range").
   Fix in ``pamong/complaints/api.py`` ``requests_list``: bound the parameters, e.g.
   ``page: Annotated[int, Field(ge=1, le=10_000)] = 1`` and
   ``page_size: Annotated[int, Field(ge=1, le=MAX_PAGE_SIZE)] = 50`` (a 422 for the rest).
2. ``…requests.json?service_code=99999999999999999999999``: ``category_id__in`` with a number
   past 64 bits (SQLite OverflowError). Fix: refuse codes longer than 18 digits with the
   existing 400 "service_code tidak valid." (``len(c) <= 18`` next to ``c.isdigit()``).
3. ``…requests.json?start_date=0001-01-01T00:00:00``: a naive datetime near year 1 overflows
   when Django makes it aware in Asia/Jakarta. Fix: in ``requests_list``, make the dates
   aware inside ``try/except OverflowError`` and answer 400 "start_date/end_date tidak
   valid." (or clamp to ``datetime.min`` plus a day).
4. ``GET /api/agencies/?page=10**20``: the same overflow in django-ninja's
   ``PageNumberPagination`` (its ``page`` has no upper bound). Fix in
   ``pamong/agencies/api.py``: a subclass whose ``Input`` declares
   ``page: int = Field(1, ge=1, le=10_000)`` and use it in ``@paginate``.
5. ``POST …requests.json`` with ``lat=NaN`` (an API-key holder): ``Decimal("NaN")`` passes
   the conversion and then raises InvalidOperation in the range comparison. Fix in
   ``pamong/complaints/validation.py`` ``check_point``: after the conversion,
   ``if not (lat.is_finite() and long.is_finite()): raise ComplaintError(_("Koordinat tidak
   valid."), field="latitude")``.
"""

import pytest

from .conftest import client_as

HUGE = "100000000000000000000"


def get(client, url, params):
    return client_as(client, None).get(url, params)


def test_a_huge_page_number_of_the_open311_list_is_a_client_error(shared_client, world):
    response = get(shared_client, "/api/complaints/open311/requests.json", {"page": HUGE})

    assert response.status_code == 422


def test_a_huge_service_code_is_refused_as_invalid(shared_client, world):
    response = get(shared_client, "/api/complaints/open311/requests.json", {"service_code": "9" * 23})

    assert response.status_code == 400
    assert response.json() == [{"code": 400, "description": "service_code tidak valid."}]


@pytest.mark.parametrize("param", ["start_date", "end_date"])
def test_a_date_at_the_edge_of_the_calendar_is_a_client_error(shared_client, world, param):
    response = get(shared_client, "/api/complaints/open311/requests.json", {param: "0001-01-01T00:00:00"})

    assert response.status_code == 400


def test_a_huge_page_number_of_the_agency_list_is_a_client_error(shared_client, world):
    response = get(shared_client, "/api/agencies/", {"page": HUGE})

    assert response.status_code == 422


@pytest.mark.parametrize("value", ["NaN", "sNaN", "-NaN"])
def test_a_key_holder_posting_nan_coordinates_gets_a_clear_refusal(shared_client, world, settings, value):
    settings.OPEN311_API_KEYS = ["kunci-uji"]

    response = client_as(shared_client, None).post(
        "/api/complaints/open311/requests.json",
        {
            "api_key": "kunci-uji",
            "description": "Lubang besar di tengah jalan dekat pasar desa.",
            "attribute[village]": world.village.code,
            "email": "warga@example.org",
            "lat": value,
            "long": "111.88",
        },
    )

    assert response.status_code == 400
    assert response.json() == [{"code": 400, "description": "Koordinat tidak valid."}]
