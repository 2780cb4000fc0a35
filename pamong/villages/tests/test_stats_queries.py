"""Query counts that must not grow with the number of villages or residents."""

from datetime import date

import pytest
from django.urls import reverse

from pamong.conftest import PASSWORD, make_user
from pamong.regions.models import Region
from pamong.villages import services, statstasks

from .conftest import person


def grow(village, operator, *, families: int, members: int, first_seq: int) -> None:
    """``families`` families of ``members`` people each in ``village``."""
    seq = first_seq
    for f in range(families):
        family = services.create_family(
            by=operator, village=village, head=person(name=f"Kepala {seq}", seq=seq, birth_date=date(1970, 1, 1 + f))
        )
        seq += 1
        for m in range(members - 1):
            services.add_member(
                by=operator, family=family, relation="4",
                person=person(name=f"Anak {seq}", sex="LP"[m % 2], birth_date=date(2000 + m, 2, 1 + f), seq=seq),
            )  # fmt: skip
            seq += 1


@pytest.fixture
def more_villages(district, village, other_village):
    """A third village, in a second kecamatan, so the regency spans two kecamatan."""
    second = Region.objects.create(code="35.22.16", name="Kapas", level="district", parent=district.parent)
    third = Region.objects.create(
        code="35.22.16.2001", name="Bendo", level="village", parent=second, village_kind=Region.VillageKind.DESA
    )
    return [village, other_village, third]


def operators(villages):
    return [make_user(email=f"op{i}@example.id", role="village_operator", village=v) for i, v in enumerate(villages)]


# The statistics page's queries: the region (with its parent) and its children (prefetched); the
# configured regency; the summary's freshness; the summed counts; the reference-list labels; the
# kecamatan or villages listed. The CSV lists no children. (The regency's name in the header is
# cached by the first request.)
PAGE_QUERIES = 7


@pytest.mark.parametrize(
    ("url_name", "code", "expected"),
    [
        ("villages:stats", "35.22", PAGE_QUERIES),
        ("villages:stats", "35.22.15", PAGE_QUERIES),
        ("villages:stats_csv", "35.22", PAGE_QUERIES - 1),
        ("villages:stats_csv", "35.22.15", PAGE_QUERIES - 1),
    ],
)
def test_the_regency_and_kecamatan_pages_take_the_same_queries_for_one_small_or_three_larger_villages(
    client, more_villages, django_assert_num_queries, url_name, code, expected
):
    ops = operators(more_villages)
    grow(more_villages[0], ops[0], families=1, members=2, first_seq=1)
    statstasks.refresh_villages(more_villages)
    args = [code, "religion"] if url_name.endswith("csv") else [code]
    url = reverse(url_name, args=args)
    client.get(url)
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
    for i, (village, operator) in enumerate(zip(more_villages, ops, strict=True)):
        grow(village, operator, families=3, members=4, first_seq=100 * (i + 1))
    statstasks.refresh_villages(more_villages)
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(("signed_in", "expected"), [(False, PAGE_QUERIES - 2), (True, PAGE_QUERIES)])
def test_the_regency_index_takes_the_same_queries_for_the_public_and_for_staff(
    client, more_villages, regent, django_assert_num_queries, signed_in, expected
):
    # The index reaches the regency without the region lookup and its prefetch; staff add the
    # session and the user, and see full counts from the same summary.
    statstasks.refresh_villages(more_villages)
    if signed_in:
        assert client.login(username=regent.email, password=PASSWORD)
    client.get(reverse("villages:index"))
    with django_assert_num_queries(expected):
        assert client.get(reverse("villages:index")).context["full"] is signed_in


@pytest.mark.parametrize("residents", [5, 50])
def test_the_operators_resident_list_takes_five_queries_for_5_or_50_residents(
    client, village, village_operator, django_assert_num_queries, residents
):
    grow(village, village_operator, families=residents // 5, members=5, first_seq=1)
    assert client.login(username=village_operator.email, password=PASSWORD)
    url = reverse("villages:residents", args=[village.code])
    client.get(url)
    # Session, user, the village (with its kecamatan), the count, the page.
    with django_assert_num_queries(5):
        page = client.get(url).context["page_obj"]
    assert (page.paginator.count, len(page)) == (residents, min(residents, 25))
