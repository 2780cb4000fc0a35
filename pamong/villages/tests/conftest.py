"""Fixtures for the village registry tests: reference lists, a person factory, a family."""

from datetime import date

import pytest

from pamong.villages import services
from pamong.villages.models import Lookup
from pamong.villages.nik import build_nik

TODAY = date(2026, 11, 20)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    """Services read timezone.localdate() at call time; freeze it so dates in tests are stable."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    return TODAY


def lookup(kind: str, code: int) -> Lookup:
    return Lookup.objects.get(kind=kind, code=code)


def person(*, name="Sutrisno", sex="L", birth_date=date(1980, 5, 17), nik=None, seq=1, **extra) -> services.Person:
    """A valid person; ``nik=None`` builds a permanent NIK from kecamatan 35.22.15, ``""`` = temporary."""
    if nik is None:
        nik = build_nik(district_code="35.22.15", birth_date=birth_date, sex=sex, seq=seq)
    return services.Person(
        name=name,
        sex=sex,
        birth_place="Bojonegoro",
        birth_date=birth_date,
        religion=extra.pop("religion", lookup("religion", 1)),
        marital_status=extra.pop("marital_status", lookup("marital_status", 2)),
        nik=nik,
        **extra,
    )


KK = "3522150101200001"
OTHER_KK = "3522150101200002"


@pytest.fixture
def family(village, village_operator):
    return services.create_family(
        by=village_operator, village=village, number=KK, address="Jl. Kartini 1", head=person(name="Sutrisno")
    )


@pytest.fixture
def head(family):
    return family.members.get(is_head=True)


@pytest.fixture
def wife(family, village_operator):
    return services.add_member(
        by=village_operator,
        family=family,
        relation="3",
        person=person(name="Siti Rahayu", sex="P", birth_date=date(1984, 2, 3), seq=2),
    )


@pytest.fixture
def other_operator(other_village):
    from pamong.conftest import make_user

    return make_user(email="operator2@example.id", role="village_operator", village=other_village)
