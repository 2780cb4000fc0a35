"""Fixtures for the letters tests: a small family in Kadipaten, letter types, files, a signer."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from pamong.agencies.models import Agency
from pamong.letters import pins
from pamong.letters.models import LetterType
from pamong.letters.seed import seed_letter_types
from pamong.villages.models import Cluster, Family, Lookup, Resident

HEAD_NIK = "3522151501800001"  # male, born 15-01-1980
WIFE_NIK = "3522155203850002"  # female (12 + 40), born 12-03-1985
CHILD_NIK = "3522150107100003"  # male, born 01-07-2010
OTHER_NIK = "3522152002900004"  # male, born 20-02-1990, in the other village


@pytest.fixture(autouse=True)
def empty_cache():
    # The sign-in throttle counts failures per address in the cache, across tests otherwise.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.PAMONG_SITE_URL = "https://layanan.example.id"
    return tmp_path


@pytest.fixture
def lookups(db):
    def get(kind, code, name):
        # The villages migrations may already ship the reference lists.
        return Lookup.objects.get_or_create(kind=kind, code=code, defaults={"name": name})[0]

    return {
        "islam": get(Lookup.Kind.RELIGION, 1, "Islam"),
        "kawin": get(Lookup.Kind.MARITAL_STATUS, 2, "Kawin"),
        "belum": get(Lookup.Kind.MARITAL_STATUS, 1, "Belum Kawin"),
        "petani": get(Lookup.Kind.OCCUPATION, 9, "Petani/Pekebun"),
    }


def make_family(*, village, number, address="Jl. Panglima Sudirman 12"):
    cluster, _ = Cluster.objects.get_or_create(village=village, dusun="Krajan", rw="002", rt="001")
    return Family.objects.create(number=number, village=village, cluster=cluster, address=address)


def make_resident(*, family, nik, name, lookups, sex="L", relation="1", born=date(1980, 1, 15), **extra):
    return Resident.objects.create(
        nik=nik,
        family=family,
        village=family.village,
        is_head=relation == "1",
        relation=relation,
        name=name,
        sex=sex,
        birth_place="Bojonegoro",
        birth_date=born,
        religion=lookups["islam"],
        marital_status=lookups["kawin"],
        occupation=lookups["petani"],
        **extra,
    )


@pytest.fixture
def family(village):
    return make_family(village=village, number="3522150101200001")


@pytest.fixture
def head(family, lookups):
    return make_resident(family=family, nik=HEAD_NIK, name="Slamet Riyadi", lookups=lookups)


@pytest.fixture
def wife(family, lookups, head):
    return make_resident(
        family=family, nik=WIFE_NIK, name="Siti Aminah", lookups=lookups, sex="P", relation="3", born=date(1985, 3, 12)
    )


@pytest.fixture
def child(family, lookups, head):
    return make_resident(
        family=family, nik=CHILD_NIK, name="Bagus Riyadi", lookups=lookups, relation="4", born=date(2010, 7, 1)
    )


@pytest.fixture
def outsider(other_village, lookups):
    other_family = make_family(village=other_village, number="3522152001200009", address="Dusun Campurejo")
    return make_resident(
        family=other_family, nik=OTHER_NIK, name="Joko Susilo", lookups=lookups, born=date(1990, 2, 20)
    )


@pytest.fixture
def village_head(village):
    return Agency.objects.create(
        code="kel-kadipaten",
        name="Kelurahan Kadipaten",
        kind=Agency.Kind.KELURAHAN,
        region=village,
        head_name="Drs. Bambang Sutejo",
        head_nip="197001011990031001",
    )


@pytest.fixture
def letter_types(db):
    seed_letter_types()
    return {t.code: t for t in LetterType.objects.all()}


@pytest.fixture
def skd(letter_types):
    return letter_types["SKD"]


@pytest.fixture
def other_operator(other_village):
    from pamong.accounts.models import Role
    from pamong.conftest import make_user

    return make_user(
        email="operator2@example.id", role=Role.VILLAGE_OPERATOR, village=other_village, full_name="Operator Campurejo"
    )


def png_upload(name="ktp.png") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 200)).save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def pdf_upload(name="kk.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n%fake but typed\n", content_type="application/pdf")


@pytest.fixture
def signed_pin(head):
    """A PIN the resident already changed to their own (``"246813"``)."""
    pin = pins.issue_demo_pin(head)
    row = head.pin
    pins.change_pin(pin_row=row, current=pin, new="246813")
    return "246813"
