"""Fixtures shared by every app: a small slice of Bojonegoro and one named persona per role."""

import pytest

from pamong.accounts.models import Role, User
from pamong.agencies.models import Agency
from pamong.regions.models import Region

PASSWORD = "Rahasia-Uji-2026"


@pytest.fixture
def regency(db):
    province = Region.objects.create(code="35", name="Jawa Timur", level=Region.Level.PROVINCE)
    return Region.objects.create(code="35.22", name="Kabupaten Bojonegoro", level=Region.Level.REGENCY, parent=province)


@pytest.fixture
def district(regency):
    return Region.objects.create(code="35.22.15", name="Bojonegoro", level=Region.Level.DISTRICT, parent=regency)


@pytest.fixture
def village(district):
    return Region.objects.create(
        code="35.22.15.1011",
        name="Kadipaten",
        level=Region.Level.VILLAGE,
        parent=district,
        village_kind=Region.VillageKind.KELURAHAN,
    )


@pytest.fixture
def other_village(district):
    return Region.objects.create(
        code="35.22.15.2015",
        name="Campurejo",
        level=Region.Level.VILLAGE,
        parent=district,
        village_kind=Region.VillageKind.DESA,
    )


@pytest.fixture
def agency(db):
    return Agency.objects.create(
        code="dinas-pubmpr",
        name="Dinas Pekerjaan Umum Bina Marga dan Penataan Ruang",
        short_name="PUBMPR",
        kind=Agency.Kind.DINAS,
    )


@pytest.fixture
def other_agency(db):
    return Agency.objects.create(
        code="dinas-kesehatan", name="Dinas Kesehatan", short_name="Dinkes", kind=Agency.Kind.DINAS
    )


def make_user(*, email: str, role: str = Role.CITIZEN, **extra) -> User:
    user = User.objects.create_user(
        email=email, password=PASSWORD, full_name=extra.pop("full_name", email), role=role, **extra
    )
    return user


@pytest.fixture
def citizen(db):
    return make_user(email="warga@example.id", full_name="Siti Aminah")


@pytest.fixture
def other_citizen(db):
    return make_user(email="warga2@example.id", full_name="Budi Santoso")


@pytest.fixture
def village_operator(village):
    return make_user(
        email="operator@example.id",
        role=Role.VILLAGE_OPERATOR,
        village=village,
        full_name="Operator Kadipaten",
    )


@pytest.fixture
def officer(agency):
    return make_user(email="petugas@example.id", role=Role.OFFICER, agency=agency, full_name="Petugas PU")


@pytest.fixture
def other_officer(other_agency):
    return make_user(email="petugas2@example.id", role=Role.OFFICER, agency=other_agency, full_name="Petugas Dinkes")


@pytest.fixture
def coordinator(db):
    return make_user(email="koordinator@example.id", role=Role.COORDINATOR, full_name="Koordinator Kominfo")


@pytest.fixture
def regent(db):
    return make_user(email="bupati@example.id", role=Role.LEADERSHIP, full_name="Bupati Bojonegoro")


@pytest.fixture
def admin_user(db):
    return make_user(
        email="admin@example.id", role=Role.ADMIN, is_staff=True, is_superuser=True, full_name="Admin Sistem"
    )
