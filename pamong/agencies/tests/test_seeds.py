import pytest

from pamong.agencies import seeds
from pamong.agencies.errors import AgencyError
from pamong.agencies.models import Agency
from pamong.agencies.seeds import AgencySeed, Bojonegoro, Row, seed_for, unit_code
from pamong.agencies.services import load_agencies
from pamong.regions.models import Region
from pamong.regions.services import load_regions

MOJOKERTO_CSV = """name,abbreviation,type,source
Sekretariat Daerah Kota Mojokerto,Setda,sekretariat,uji
Bagian Umum,,bagian,uji
Dinas Kesehatan,Dinkes,dinas,uji
Kecamatan Magersari,Kec. Magersari,kecamatan,uji
"""


@pytest.fixture
def mojokerto(db, settings, tmp_path, monkeypatch):
    """Kota Mojokerto served, with its own units list declared the way a regency would."""
    settings.PAMONG_REGION = "35.76"
    load_regions(code="35.76")
    (tmp_path / "opd-mojokerto.csv").write_text(MOJOKERTO_CSV, encoding="utf-8")
    monkeypatch.setattr(seeds, "DATA_DIR", tmp_path)
    monkeypatch.setattr(AgencySeed, "registry", dict(AgencySeed.registry))
    seeds.read_rows.cache_clear()
    yield tmp_path
    seeds.read_rows.cache_clear()


def test_a_regency_with_its_own_list_declares_only_its_code_and_file(mojokerto):
    class Mojokerto(AgencySeed):
        regency_code = "35.76"
        units_file = "opd-mojokerto.csv"

    result = load_agencies(regency_code="35.76")

    assert result.seed == "Mojokerto"
    assert result.by_kind == {"sekretariat": 1, "bagian": 1, "dinas": 1, "kecamatan": 3, "kelurahan": 18}
    assert Agency.objects.get(code="bagian-umum").parent.code == "sekretariat-daerah"
    # The listed kecamatan takes its name from the list, the others get the default one.
    offices = dict(Agency.objects.filter(kind="kecamatan").values_list("region_id", "short_name"))
    assert offices == {"35.76.01": "", "35.76.02": "Kec. Magersari", "35.76.03": ""}


def test_a_units_file_with_an_unknown_kind_is_refused(mojokerto):
    (mojokerto / "opd-mojokerto.csv").write_text(
        "name,abbreviation,type,source\nPT Air Minum,PDAM,bumd,uji\n", encoding="utf-8"
    )

    class Mojokerto(AgencySeed):
        regency_code = "35.76"
        units_file = "opd-mojokerto.csv"

    with pytest.raises(AgencyError) as raised:
        load_agencies(regency_code="35.76")

    assert str(raised.value) == "Jenis 'bumd' pada unit 'PT Air Minum' tidak dikenal."
    assert Agency.objects.count() == 0


def test_the_seed_is_chosen_by_regency_code(db):
    bojonegoro = Region(code="35.22", name="Kabupaten Bojonegoro", level="regency")
    ngawi = Region(code="35.21", name="Kabupaten Ngawi", level="regency")

    assert type(seed_for(bojonegoro)) is Bojonegoro
    assert type(seed_for(ngawi)) is AgencySeed


def test_unit_codes_drop_the_regency_and_fall_back_to_the_abbreviation():
    assert unit_code(Row("Inspektorat Kabupaten Bojonegoro", "Inspektorat", "inspektorat")) == "inspektorat"
    assert unit_code(Row("Dinas Pekerjaan Umum Bina Marga dan Penataan Ruang", "PUBMPR", "dinas")) == "dinas-pubmpr"


def test_a_long_name_without_abbreviation_cannot_become_a_code():
    row = Row("Dinas Pekerjaan Umum Bina Marga dan Penataan Ruang", "", "dinas")

    with pytest.raises(AgencyError, match="terlalu panjang"):
        unit_code(row)
