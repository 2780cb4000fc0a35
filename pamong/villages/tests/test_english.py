"""The registry's pages in English, for a visitor or operator who chose English (language cookie)."""

import pytest
from django.conf import settings
from django.urls import reverse

from pamong.conftest import PASSWORD
from pamong.villages.models import Family, Resident

from .conftest import KK, lookup


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def operator_in_english(english, village_operator):
    assert english.login(username=village_operator.email, password=PASSWORD)
    return english


def test_the_public_statistics_index_is_in_english(english, family, head, wife):
    body = english.get(reverse("villages:index")).content.decode()

    assert '<html lang="en">' in body
    assert "Population statistics for Kabupaten Bojonegoro" in body
    assert "To protect personal data, counts from 1 to 4 are shown as <5" in body
    for heading in ("Male", "Female", "Total", "Relationship in the family", "Citizenship"):
        assert heading in body, heading
    for indonesian in ("Statistik penduduk", "Laki-laki", "Perempuan", "Kewarganegaraan"):
        assert indonesian not in body, indonesian


def test_the_operators_dashboard_is_in_english(operator_in_english, family, head, village):
    body = operator_in_english.get(reverse("villages:dashboard", args=[village.code])).content.decode()

    assert "Kadipaten village data" in body
    for text in ("Living residents", "Families", "This month", "Monthly report", "Latest events", "Overview"):
        assert text in body, text
    for indonesian in ("Data desa Kadipaten", "Penduduk hidup", "Peristiwa terakhir", "Ringkasan"):
        assert indonesian not in body, indonesian


def test_the_resident_list_is_in_english_with_english_relations(operator_in_english, family, head, wife, village):
    body = operator_in_english.get(reverse("villages:residents", args=[village.code])).content.decode()

    assert "Residents of Kadipaten" in body
    expected = ("KK number", "Relationship", "Hamlet (dusun)/RW/RT", "Head of family", "Wife", "Search by name or NIK")
    for text in expected:
        assert text in body, text
    for indonesian in ("Hubungan", "Kepala Keluarga", "Istri", "Cari nama atau NIK"):
        assert indonesian not in body, indonesian


def test_a_wrong_kk_number_is_refused_in_english_and_nothing_is_saved(operator_in_english, village):
    data = {
        "kk-number": "35221501", "kk-address": "Jl. Diponegoro 4", "kk-dusun": "", "kk-rw": "", "kk-rt": "",
        "kepala-nik": "", "kepala-name": "Darmaji", "kepala-sex": "L", "kepala-birth_place": "Bojonegoro",
        "kepala-birth_date": "1970-01-01", "kepala-religion": lookup("religion", 1).pk,
        "kepala-marital_status": lookup("marital_status", 2).pk, "kepala-citizenship": "WNI",
        "kepala-residency": "tetap",
    }  # fmt: skip

    response = operator_in_english.post(reverse("villages:family_create", args=[village.code]), data)

    body = response.content.decode()
    assert response.status_code == 200
    assert "KK number must be 16 digits (8 characters entered)." in body
    assert "harus 16 angka" not in body
    assert (Family.objects.count(), Resident.objects.count()) == (0, 0)


def test_a_nik_from_another_regency_is_refused_in_english(operator_in_english, village):
    data = {
        "kk-number": KK, "kk-address": "Jl. Diponegoro 4", "kk-dusun": "", "kk-rw": "", "kk-rt": "",
        "kepala-nik": "3578151701700001", "kepala-name": "Darmaji", "kepala-sex": "L",
        "kepala-birth_place": "Bojonegoro", "kepala-birth_date": "1970-01-17",
        "kepala-religion": lookup("religion", 1).pk, "kepala-marital_status": lookup("marital_status", 2).pk,
        "kepala-citizenship": "WNI", "kepala-residency": "tetap",
    }  # fmt: skip

    response = operator_in_english.post(reverse("villages:family_create", args=[village.code]), data)

    body = response.content.decode()
    assert "NIK: the first 4 digits must be 3522 (the regency code), not 3578." in body
    assert "kode kabupaten" not in body
    assert (Family.objects.count(), Resident.objects.count()) == (0, 0)


def test_the_cluster_page_and_its_refusals_are_in_english(operator_in_english, village):
    page = reverse("villages:clusters", args=[village.code])
    body = operator_in_english.post(page, {"dusun": "", "rw": "A", "rt": ""}).content.decode()

    expected = ("Dusun/RW/RT of Kadipaten", "Add a dusun/RW/RT", "Enter a number of at most 3 digits (e.g. 1 or 001).")
    for text in expected:
        assert text in body, text
    for indonesian in ("Tambah dusun/RW/RT", "Isi angka"):
        assert indonesian not in body, indonesian
