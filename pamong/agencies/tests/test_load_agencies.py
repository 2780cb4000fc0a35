import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pamong.agencies.errors import AgencyError
from pamong.agencies.models import Agency
from pamong.agencies.services import load_agencies, update_agency
from pamong.audit.models import Event
from pamong.regions.services import Counts, load_regions

BOJONEGORO_KINDS = {
    "sekretariat": 2,
    "bagian": 9,
    "inspektorat": 1,
    "badan": 7,
    "dinas": 21,
    "satpol": 1,
    "rsud": 4,
    "kecamatan": 28,
    "desa": 419,
    "kelurahan": 11,
}


def snapshot() -> list[tuple]:
    return list(Agency.objects.order_by("code").values_list("code", "name", "short_name", "kind", "parent", "region"))


def test_bojonegoro_gets_its_73_listed_units_and_430_village_governments(bojonegoro_agencies):
    assert bojonegoro_agencies.seed == "Bojonegoro"
    assert bojonegoro_agencies.counts == Counts(created=503)
    assert bojonegoro_agencies.by_kind == BOJONEGORO_KINDS
    assert Agency.objects.count() == 503
    assert Agency.objects.exclude(kind__in=["desa", "kelurahan"]).count() == 73


def test_units_get_stable_slug_codes(bojonegoro_agencies):
    codes = set(Agency.objects.values_list("code", flat=True))

    assert {
        "sekretariat-daerah",
        "inspektorat",
        "dinas-kesehatan",
        "dinas-pubmpr",
        "badan-bpkad",
        "kecamatan-35-22-15",
        "desa-35-22-15-2015",
        "kelurahan-35-22-15-1011",
    } <= codes


def test_every_bagian_sits_under_the_sekretariat_daerah(bojonegoro_agencies):
    parents = set(Agency.objects.filter(kind="bagian").values_list("parent__code", flat=True))

    assert parents == {"sekretariat-daerah"}
    assert Agency.objects.get(code="sekretariat-daerah").name == "Sekretariat Daerah Kabupaten Bojonegoro"


def test_every_kecamatan_office_is_linked_to_its_district(bojonegoro_agencies):
    offices = Agency.objects.filter(kind="kecamatan").select_related("region")

    assert len(offices) == 28
    assert all(office.name == f"Kecamatan {office.region.name}" for office in offices)
    assert all(office.code == f"kecamatan-{office.region_id.replace('.', '-')}" for office in offices)
    assert {office.region.level for office in offices} == {"district"}


def test_village_governments_sit_under_their_kecamatan_office(bojonegoro_agencies):
    campurejo = Agency.objects.select_related("parent", "region").get(code="desa-35-22-15-2015")
    kadipaten = Agency.objects.select_related("parent").get(code="kelurahan-35-22-15-1011")

    assert (campurejo.name, campurejo.kind, campurejo.parent.code) == ("Desa Campurejo", "desa", "kecamatan-35-22-15")
    assert campurejo.region.name == "Campurejo"
    assert (kadipaten.name, kadipaten.kind, kadipaten.parent.code) == (
        "Kelurahan Kadipaten",
        "kelurahan",
        "kecamatan-35-22-15",
    )
    mismatched = [
        agency.code
        for agency in Agency.objects.filter(kind__in=["desa", "kelurahan"]).select_related("parent", "region")
        if agency.parent.region_id != agency.region.parent_id
    ]
    assert mismatched == []


def test_a_first_load_records_one_audit_event(bojonegoro_agencies):
    event = Event.objects.get()

    assert (event.action, event.actor, event.after) == ("agency.load", None, {"regency": "35.22", "created": 503})


def test_loading_agencies_twice_changes_no_row(bojonegoro_agencies):
    before = snapshot()

    with CaptureQueriesContext(connection) as queries:
        again = load_agencies(regency_code="35.22")

    assert again.counts == Counts(unchanged=503)
    assert snapshot() == before
    writes = [q["sql"] for q in queries if q["sql"].split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}]
    assert writes == []
    assert Event.objects.count() == 1


def test_a_reload_restores_seed_names_but_keeps_contact_details(bojonegoro_agencies, admin_user):
    dinkes = Agency.objects.get(code="dinas-kesehatan")
    update_agency(agency=dinkes, by=admin_user, name="Dinas Kesehatan Lama", phone="(0353) 881350")

    again = load_agencies(regency_code="35.22")

    assert again.counts == Counts(updated=1, unchanged=502)
    dinkes.refresh_from_db()
    assert (dinkes.name, dinkes.phone) == ("Dinas Kesehatan", "(0353) 881350")
    event = Event.objects.filter(action="agency.update").latest("id")
    assert (event.actor, event.object_id) == (None, str(dinkes.pk))
    assert (event.before, event.after) == ({"name": "Dinas Kesehatan Lama"}, {"name": "Dinas Kesehatan"})


def test_loading_agencies_before_the_regions_says_how_to_load_them(db, settings):
    settings.PAMONG_REGION = "35.22"

    with pytest.raises(AgencyError) as raised:
        load_agencies(regency_code="35.22")

    assert raised.value.code == "regions_not_loaded"
    assert str(raised.value) == "Wilayah 35.22 belum dimuat. Muat wilayah dulu: manage.py load_regions 35.22"
    assert Agency.objects.count() == 0


def test_loading_agencies_with_only_part_of_the_regency_loaded_writes_nothing(db, settings):
    settings.PAMONG_REGION = "35.22"
    load_regions(code="35.22.15")

    with pytest.raises(AgencyError) as raised:
        load_agencies(regency_code="35.22")

    assert raised.value.code == "regions_not_loaded"
    assert str(raised.value) == (
        "Kecamatan Ngraho tidak ditemukan di wilayah 35.22 yang sudah dimuat. "
        "Muat wilayah dulu: manage.py load_regions 35.22"
    )
    assert Agency.objects.count() == 0


def test_agencies_of_a_regency_this_deployment_does_not_serve_are_refused(bojonegoro_regions):
    load_regions(code="35.76")

    with pytest.raises(AgencyError) as raised:
        load_agencies(regency_code="35.76")

    assert raised.value.code == "other_regency"
    assert Agency.objects.count() == 0


@pytest.mark.parametrize("code", ["35", "35.22.15", "35.2x", ""])
def test_a_code_that_is_not_a_regency_code_is_refused(bojonegoro_regions, code):
    with pytest.raises(AgencyError) as raised:
        load_agencies(regency_code=code)

    assert str(raised.value) == f"Kode kabupaten/kota '{code}' tidak valid. Format: 35.22."
    assert Agency.objects.count() == 0


def test_a_regency_without_its_own_list_gets_the_default_units(db, settings):
    settings.PAMONG_REGION = "35.76"
    load_regions(code="35.76")

    result = load_agencies(regency_code="35.76")

    assert result.seed == "AgencySeed"
    assert result.by_kind == {
        "sekretariat": 2,
        "inspektorat": 1,
        "badan": 7,
        "dinas": 23,
        "satpol": 1,
        "kecamatan": 3,
        "kelurahan": 18,
    }
    assert Agency.objects.get(code="kecamatan-35-76-02").name == "Kecamatan Magersari"
    assert Agency.objects.get(code="dinas-dp3a").name == "Dinas Pemberdayaan Perempuan dan Perlindungan Anak"


def test_command_loads_the_configured_regency_and_prints_a_summary(bojonegoro_regions, capsys):
    call_command("load_agencies")

    out = capsys.readouterr().out
    assert out.startswith("Perangkat daerah 35.22 dimuat: 503 unit (503 baru, 0 diperbarui, 0 tetap).\n")
    assert "  Pemerintah Desa: 419\n" in out


def test_command_turns_missing_regions_into_a_command_error(db, settings):
    settings.PAMONG_REGION = "35.22"

    with pytest.raises(CommandError, match=r"Muat wilayah dulu: manage\.py load_regions 35\.22$"):
        call_command("load_agencies", "35.22")
