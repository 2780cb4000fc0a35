import pytest

from pamong.agencies.errors import AgencyError
from pamong.agencies.models import Agency
from pamong.agencies.queries import active_agencies, get_active_agency, village_government


def test_village_government_is_found_by_the_village_code(bojonegoro_agencies):
    assert village_government("35.22.15.2015").code == "desa-35-22-15-2015"
    assert village_government("35.22.15.1011").name == "Kelurahan Kadipaten"
    assert village_government("35.21.01.2001") is None


def test_active_agencies_leave_out_inactive_ones_and_filter_by_kind(bojonegoro_agencies):
    Agency.objects.filter(code="rsud-kepohbaru").update(is_active=False)

    assert list(active_agencies(kind="rsud").values_list("code", flat=True)) == [
        "rsud-dr-r-sosodoro-djatikoesoemo",
        "rsud-padangan",
        "rsud-sumberrejo",
    ]


def test_an_inactive_agency_is_not_found(bojonegoro_agencies):
    Agency.objects.filter(code="rsud-kepohbaru").update(is_active=False)

    with pytest.raises(AgencyError) as raised:
        get_active_agency("rsud-kepohbaru")

    assert (raised.value.code, str(raised.value)) == (
        "unknown",
        "Perangkat daerah dengan kode 'rsud-kepohbaru' tidak ditemukan.",
    )
