import pytest

from pamong.regions.codes import RegionError
from pamong.regions.models import Region
from pamong.regions.queries import (
    configured_regency,
    get_region,
    get_village_in_regency,
    regency_districts,
    regency_villages,
)
from pamong.regions.services import load_regions


def test_configured_regency_is_the_one_in_settings(bojonegoro):
    assert configured_regency().name == "Kabupaten Bojonegoro"


def test_configured_regency_before_loading_says_how_to_load_it(db, settings):
    settings.PAMONG_REGION = "35.22"

    with pytest.raises(RegionError) as raised:
        configured_regency()

    assert raised.value.code == "not_loaded"
    assert str(raised.value) == "Wilayah 35.22 belum dimuat. Jalankan: manage.py load_regions 35.22"


def test_regency_districts_are_its_28_kecamatan_by_code_with_parent_selected(bojonegoro, django_assert_num_queries):
    with django_assert_num_queries(1):
        districts = [(d.code, d.name, d.parent.name) for d in regency_districts()]

    assert len(districts) == 28
    assert districts[0] == ("35.22.01", "Ngraho", "Kabupaten Bojonegoro")
    assert districts[-1] == ("35.22.28", "Gayam", "Kabupaten Bojonegoro")


def test_regency_villages_are_all_430_and_leave_out_other_regencies(bojonegoro, django_assert_num_queries):
    load_regions(code="35.21.01")

    with django_assert_num_queries(1):
        villages = [(v.code, v.parent.name) for v in regency_villages()]

    assert len(villages) == 430
    assert villages[0] == ("35.22.01.2001", "Ngraho")


def test_regency_villages_of_one_district_by_code_or_region(bojonegoro):
    by_code = list(regency_villages(district="35.22.15").values_list("code", flat=True))
    by_region = list(regency_villages(district=Region.objects.get(code="35.22.15")).values_list("code", flat=True))

    assert by_code == by_region
    assert len(by_code) == 18
    assert by_code[:2] == ["35.22.15.1001", "35.22.15.1004"]


def test_regency_villages_of_a_district_elsewhere_is_refused(bojonegoro):
    with pytest.raises(RegionError) as raised:
        regency_villages(district="35.21.01")

    assert raised.value.code == "outside_regency"
    assert str(raised.value) == "Kecamatan '35.21.01' berada di luar wilayah kabupaten/kota 35.22."


def test_get_village_in_regency_returns_it_with_its_kecamatan(bojonegoro, django_assert_num_queries):
    with django_assert_num_queries(1):
        village = get_village_in_regency("35.22.15.1011")
        assert (village.name, village.parent.name) == ("Kadipaten", "Bojonegoro")


def test_village_of_another_regency_is_refused_even_when_loaded(bojonegoro):
    load_regions(code="35.21.01.2001")

    with pytest.raises(RegionError) as raised:
        get_village_in_regency("35.21.01.2001")

    assert raised.value.code == "outside_regency"
    assert str(raised.value) == "Desa/kelurahan '35.21.01.2001' berada di luar wilayah kabupaten/kota 35.22."


def test_unknown_village_code_is_refused(bojonegoro):
    with pytest.raises(RegionError) as raised:
        get_village_in_regency("35.22.15.9999")

    assert raised.value.code == "unknown"
    assert str(raised.value) == "Desa/kelurahan dengan kode '35.22.15.9999' tidak ditemukan."


@pytest.mark.parametrize("code", ["35.22.15", "35.22", "kadipaten", "35.22.15.10111"])
def test_a_code_that_is_not_a_village_code_is_refused(bojonegoro, code):
    with pytest.raises(RegionError) as raised:
        get_village_in_regency(code)

    assert raised.value.code == "invalid"
    assert str(raised.value) == f"Kode desa/kelurahan '{code}' tidak valid. Format: 35.22.01.2001."


def test_get_region_prefetches_children_in_code_order(bojonegoro, django_assert_num_queries):
    with django_assert_num_queries(2):
        district = get_region("35.22.15")
        children = [child.code for child in district.children.all()]

    assert district.parent.code == "35.22"
    assert len(children) == 18
    assert children == sorted(children)
