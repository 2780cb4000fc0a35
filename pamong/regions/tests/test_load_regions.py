import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pamong.regions.models import Region
from pamong.regions.services import Counts, RegionError, load_regions


def snapshot() -> list[tuple]:
    return list(Region.objects.order_by("code").values_list("code", "name", "level", "parent_id", "village_kind"))


def test_loading_bojonegoro_creates_its_28_kecamatan_and_430_villages(bojonegoro):
    assert bojonegoro.levels == {
        "province": Counts(created=1),
        "regency": Counts(created=1),
        "district": Counts(created=28),
        "village": Counts(created=430),
    }
    assert bojonegoro.villages_by_kind == {"desa": 419, "kelurahan": 11}
    assert Region.objects.filter(parent_id="35.22", level="district").count() == 28
    assert Region.objects.filter(code__startswith="35.22.", level="village").count() == 430
    assert Region.objects.filter(level="village", village_kind="desa").count() == 419
    # Every kelurahan of Bojonegoro lies in Kecamatan Bojonegoro.
    assert set(Region.objects.filter(village_kind="kelurahan").values_list("parent_id", flat=True)) == {"35.22.15"}


def test_loaded_rows_carry_the_official_names_and_their_parents(bojonegoro):
    assert Region.objects.get(code="35").name == "Jawa Timur"
    assert Region.objects.get(code="35.22").name == "Kabupaten Bojonegoro"
    kadipaten = Region.objects.get(code="35.22.15.1011")
    assert (kadipaten.name, kadipaten.level, kadipaten.village_kind) == ("Kadipaten", "village", "kelurahan")
    assert kadipaten.parent.name == "Bojonegoro"
    campurejo = Region.objects.get(code="35.22.15.2015")
    assert (campurejo.name, campurejo.village_kind) == ("Campurejo", "desa")


def test_loading_bojonegoro_twice_changes_no_row(bojonegoro):
    before = snapshot()

    with CaptureQueriesContext(connection) as queries:
        again = load_regions(code="35.22")

    assert again.levels == {
        "province": Counts(unchanged=1),
        "regency": Counts(unchanged=1),
        "district": Counts(unchanged=28),
        "village": Counts(unchanged=430),
    }
    assert again.changed is False
    assert snapshot() == before
    writes = [q["sql"] for q in queries if q["sql"].split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}]
    assert writes == []


def test_reloading_restores_a_name_changed_by_hand(bojonegoro):
    Region.objects.filter(code="35.22.15.1011").update(name="Kadipaten Lama")

    again = load_regions(code="35.22")

    assert again.levels["village"] == Counts(updated=1, unchanged=429)
    assert Region.objects.get(code="35.22.15.1011").name == "Kadipaten"


def test_loading_a_district_brings_its_province_and_regency_along(db):
    result = load_regions(code="35.22.15")

    assert result.levels == {
        "province": Counts(created=1),
        "regency": Counts(created=1),
        "district": Counts(created=1),
        "village": Counts(created=18),
    }
    assert result.villages_by_kind == {"kelurahan": 11, "desa": 7}
    assert Region.objects.count() == 21


def test_loading_a_city_of_kelurahan_only(db):
    result = load_regions(code="35.76")

    assert result.name == "Kota Mojokerto"
    assert result.levels["district"] == Counts(created=3)
    assert result.villages_by_kind == {"kelurahan": 18}
    assert sorted(Region.objects.filter(level="district").values_list("name", flat=True)) == [
        "Kranggan",
        "Magersari",
        "Prajuritkulon",
    ]


def test_loading_one_village_loads_only_it_and_its_ancestors(db):
    result = load_regions(code=" 35.22.15.1011 ")

    assert result.code == "35.22.15.1011"
    assert [code for code, *_ in snapshot()] == ["35", "35.22", "35.22.15", "35.22.15.1011"]


def test_a_second_regency_of_a_loaded_province_leaves_the_first_untouched(bojonegoro):
    before = snapshot()

    result = load_regions(code="35.21.01")

    assert result.levels["province"] == Counts(unchanged=1)
    assert result.levels["village"] == Counts(created=15)
    assert [row for row in snapshot() if row[0] == "35" or row[0].startswith("35.22")] == before


def test_desa_adat_are_loaded_as_desa(db):
    load_regions(code="91.03.01")

    assert Region.objects.get(code="91.03.01.3007").village_kind == "desa"
    assert Region.objects.filter(code__startswith="91.03.01.", village_kind="kelurahan").count() == 3


@pytest.mark.parametrize("code", ["35.2x", "3522", "35.22.1", "35.22.01.200", "35.22.", "", "35 22"])
def test_malformed_code_is_refused_and_nothing_is_written(db, code):
    with pytest.raises(RegionError) as raised:
        load_regions(code=code)

    assert raised.value.code == "invalid"
    assert str(raised.value) == (f"Kode wilayah '{code}' tidak valid. Format: 35, 35.22, 35.22.01 atau 35.22.01.2001.")
    assert Region.objects.count() == 0


def test_unknown_code_is_refused_and_nothing_is_written(db):
    with pytest.raises(RegionError) as raised:
        load_regions(code="35.99")

    assert raised.value.code == "unknown"
    assert str(raised.value) == "Kode wilayah '35.99' tidak ada dalam daftar wilayah Kemendagri 2025."
    assert Region.objects.count() == 0


def test_a_load_that_fails_halfway_leaves_nothing_behind(db, monkeypatch):
    original = Region.objects.bulk_create

    def write_then_fail(*args, **kwargs):
        original(*args, **kwargs)
        raise RuntimeError("disk full")

    monkeypatch.setattr(Region.objects, "bulk_create", write_then_fail)

    with pytest.raises(RuntimeError):
        load_regions(code="35.22")

    assert Region.objects.count() == 0


def test_command_loads_the_configured_regency_and_prints_a_summary(db, settings, capsys):
    settings.PAMONG_REGION = "35.76"

    call_command("load_regions")

    assert capsys.readouterr().out == (
        "Wilayah 35.76 Kota Mojokerto dimuat:\n"
        "  Provinsi: 1 (1 baru, 0 diperbarui, 0 tetap)\n"
        "  Kabupaten/Kota: 1 (1 baru, 0 diperbarui, 0 tetap)\n"
        "  Kecamatan: 3 (3 baru, 0 diperbarui, 0 tetap)\n"
        "  Desa/Kelurahan: 18 (18 baru, 0 diperbarui, 0 tetap)\n"
        "  Terdiri dari 0 desa dan 18 kelurahan.\n"
    )


def test_command_says_so_when_nothing_changed(db, capsys):
    call_command("load_regions", "35.76")
    capsys.readouterr()

    call_command("load_regions", "35.76")

    assert capsys.readouterr().out.endswith("Tidak ada perubahan: basis data sudah sesuai daftar.\n")


def test_command_turns_a_bad_code_into_a_command_error(db):
    with pytest.raises(CommandError, match=r"^Kode wilayah '35\.2x' tidak valid\."):
        call_command("load_regions", "35.2x")

    assert Region.objects.count() == 0
