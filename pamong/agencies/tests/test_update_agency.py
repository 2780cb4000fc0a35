import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from pamong.agencies.models import Agency
from pamong.agencies.services import create_agency, update_agency
from pamong.audit.models import Event


def test_update_agency_saves_the_change_and_records_who_made_it(agency, other_agency, admin_user):
    request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.7", HTTP_USER_AGENT="Uji")

    saved = update_agency(
        agency=agency, by=admin_user, request=request, phone="(0353) 881826", parent=other_agency, is_active=True
    )

    agency.refresh_from_db()
    assert (agency.phone, agency.parent) == ("(0353) 881826", other_agency)
    assert saved == agency
    event = Event.objects.get()
    assert (event.action, event.actor, event.object_type, event.object_id) == (
        "agency.update",
        admin_user,
        "agencies.agency",
        str(agency.pk),
    )
    # is_active did not change, so it is not in the event.
    assert event.before == {"phone": "", "parent": None}
    assert event.after == {"phone": "(0353) 881826", "parent": other_agency.pk}
    assert (event.ip_address, event.user_agent) == ("10.0.0.7", "Uji")


def test_update_agency_compares_with_the_stored_row_not_the_given_instance(agency, admin_user):
    agency.name = "Nama dari formulir"  # what a ModelForm does before save_model

    update_agency(agency=agency, by=admin_user, name="Nama dari formulir")

    assert Event.objects.get().before == {"name": "Dinas Pekerjaan Umum Bina Marga dan Penataan Ruang"}


def test_update_agency_without_a_real_change_writes_nothing(agency, admin_user):
    update_agency(agency=agency, by=admin_user, name=agency.name, short_name="PUBMPR")

    assert Event.objects.count() == 0


def test_update_agency_refuses_a_malformed_nip_and_changes_nothing(agency, admin_user):
    with pytest.raises(ValidationError) as raised:
        update_agency(agency=agency, by=admin_user, head_nip="12345", head_name="Ir. Budi")

    assert raised.value.message_dict == {"head_nip": ["NIP terdiri dari 18 angka."]}
    agency.refresh_from_db()
    assert (agency.head_nip, agency.head_name) == ("", "")
    assert Event.objects.count() == 0


def test_update_agency_refuses_a_unit_below_itself_as_parent(agency, other_agency, admin_user):
    update_agency(agency=other_agency, by=admin_user, parent=agency)

    with pytest.raises(ValidationError) as raised:
        update_agency(agency=agency, by=admin_user, parent=other_agency)

    assert raised.value.message_dict == {
        "parent": ["Induk tidak boleh unit ini sendiri atau salah satu unit di bawahnya."]
    }
    agency.refresh_from_db()
    assert agency.parent is None
    assert Event.objects.count() == 1


def test_a_territorial_unit_cannot_lose_its_region(bojonegoro_agencies, admin_user):
    office = Agency.objects.get(code="kecamatan-35-22-15")

    with pytest.raises(ValidationError) as raised:
        update_agency(agency=office, by=admin_user, region=None)

    assert raised.value.message_dict == {"__all__": ["Kecamatan, kelurahan dan desa wajib menyebut wilayahnya."]}

    office.refresh_from_db()
    assert office.region_id == "35.22.15"


def test_update_agency_refuses_fields_it_does_not_manage(agency, admin_user):
    with pytest.raises(TypeError):
        update_agency(agency=agency, by=admin_user, code="dinas-baru")

    agency.refresh_from_db()
    assert agency.code == "dinas-pubmpr"


def test_create_agency_records_the_new_unit(admin_user, agency):
    created = create_agency(
        by=admin_user, code="upt-laboratorium", name="UPT Laboratorium", kind=Agency.Kind.UPT, parent=agency
    )

    event = Event.objects.get()
    assert (event.action, event.object_id) == ("agency.create", str(created.pk))
    assert event.after == {
        "code": "upt-laboratorium",
        "name": "UPT Laboratorium",
        "short_name": "",
        "kind": "upt",
        "parent": agency.pk,
        "region": None,
        "address": "",
        "phone": "",
        "email": "",
        "head_name": "",
        "head_nip": "",
        "is_active": True,
    }


def test_create_agency_refuses_a_taken_code(agency, admin_user):
    with pytest.raises(ValidationError) as raised:
        create_agency(by=admin_user, code="dinas-pubmpr", name="Dinas Lain", kind=Agency.Kind.DINAS)

    assert list(raised.value.message_dict) == ["code"]
    assert Agency.objects.count() == 1
    assert Event.objects.count() == 0
