from datetime import date

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from pamong.villages import nik
from pamong.villages.models import TemporaryNikCounter

DISTRICTS = frozenset({"15", "01"})


def test_a_permanent_nik_of_the_regency_validates():
    assert nik.check_nik("3522155705800001", sex="P", birth_date=date(1980, 5, 17), districts=DISTRICTS) == (
        "3522155705800001"
    )


def test_a_nik_with_the_wrong_length_is_refused_naming_the_field():
    with pytest.raises(ValidationError) as exc:
        nik.check_nik("35221517058000", districts=DISTRICTS)
    assert exc.value.messages == ["NIK harus 16 angka (terisi 14 karakter)."]


def test_letters_in_a_nik_are_refused():
    with pytest.raises(ValidationError) as exc:
        nik.check_nik("35221517058O0001", districts=DISTRICTS)
    assert exc.value.code == "length"


def test_a_nik_of_another_regency_is_refused():
    with pytest.raises(ValidationError) as exc:
        nik.check_nik("3578151705800001", districts=DISTRICTS)
    assert exc.value.messages == ["NIK: 4 angka pertama harus 3522 (kode kabupaten), bukan 3578."]


def test_a_nik_of_an_unknown_kecamatan_is_refused():
    with pytest.raises(ValidationError) as exc:
        nik.check_nik("3522991705800001", label="NIK ayah", districts=DISTRICTS)
    assert exc.value.messages == ["NIK ayah: angka ke-5 dan ke-6 (99) bukan kode kecamatan di kabupaten ini."]


def test_the_kecamatan_list_comes_from_the_loaded_regions(district):
    assert nik.district_digits() == frozenset({"15"})


def test_an_impossible_birth_date_in_a_nik_is_refused():
    with pytest.raises(ValidationError) as exc:
        nik.check_nik("3522153202800001", districts=DISTRICTS)
    assert exc.value.code == "bad_date"


def test_a_womans_nik_given_for_a_man_is_refused():
    with pytest.raises(ValidationError) as exc:
        nik.check_nik("3522155705800001", sex="L", districts=DISTRICTS)
    assert exc.value.messages == [
        "NIK menunjukkan jenis kelamin perempuan, tidak cocok dengan jenis kelamin yang diisi."
    ]


def test_a_nik_whose_birth_date_disagrees_is_refused():
    with pytest.raises(ValidationError) as exc:
        nik.check_nik("3522151705800001", sex="L", birth_date=date(1980, 5, 18), districts=DISTRICTS)
    assert exc.value.messages == ["NIK memuat tanggal lahir 17-05-..80, tidak cocok dengan tanggal lahir 18-05-1980."]


def test_the_birth_year_is_compared_modulo_100():
    assert nik.check_nik("3522151705800001", sex="L", birth_date=date(1880, 5, 17), districts=DISTRICTS)


def test_a_temporary_nik_validates_by_its_village_code():
    assert nik.check_nik("0352215101100001", districts=DISTRICTS) == "0352215101100001"
    with pytest.raises(ValidationError):
        nik.check_nik("0357815101100001", districts=DISTRICTS)


def test_a_kk_number_is_checked_for_length_and_region():
    assert nik.check_kk("3522150101200001", districts=DISTRICTS)
    with pytest.raises(ValidationError) as exc:
        nik.check_kk("35221501012", districts=DISTRICTS)
    assert exc.value.messages == ["No. KK harus 16 angka (terisi 11 karakter)."]


def test_masking_keeps_the_first_and_last_four_digits():
    assert nik.mask("3522151705800001") == "3522********0001"
    assert nik.mask("") == ""


def test_temporary_numbers_count_up_per_village(village, other_village):
    assert nik.next_temporary_number(village) == "0352215101100001"
    assert nik.next_temporary_number(village) == "0352215101100002"
    assert nik.next_temporary_number(other_village) == "0352215201500001"
    assert TemporaryNikCounter.objects.get(pk=village.pk).last == 2


def test_a_temporary_number_already_in_use_is_skipped(village):
    assert nik.next_temporary_number(village, taken={"0352215101100001"}) == "0352215101100002"


sexes = st.sampled_from(["L", "P"])
birth_dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2026, 11, 20))
districts = st.sampled_from(["35.22.01", "35.22.15", "35.22.28"])
sequences = st.integers(min_value=1, max_value=9999)
ALL = frozenset({"01", "15", "28"})


@settings(max_examples=300)
@given(district=districts, birth_date=birth_dates, sex=sexes, seq=sequences)
def test_a_built_nik_validates_against_its_own_sex_and_birth_date(district, birth_date, sex, seq):
    value = nik.build_nik(district_code=district, birth_date=birth_date, sex=sex, seq=seq)
    assert nik.check_nik(value, sex=sex, birth_date=birth_date, districts=ALL) == value


@settings(max_examples=300)
@given(district=districts, birth_date=birth_dates, sex=sexes, seq=sequences)
def test_a_built_nik_is_refused_for_the_other_sex(district, birth_date, sex, seq):
    value = nik.build_nik(district_code=district, birth_date=birth_date, sex=sex, seq=seq)
    with pytest.raises(ValidationError) as exc:
        nik.check_nik(value, sex="P" if sex == "L" else "L", birth_date=birth_date, districts=ALL)
    assert exc.value.code == "sex_mismatch"
