from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from pamong.audit.models import Event
from pamong.villages import services
from pamong.villages.models import Family, Lookup, Resident

from .conftest import KK, OTHER_KK, lookup, person


def test_the_reference_lists_are_loaded_with_the_national_counts(db):
    counts = {kind: Lookup.objects.filter(kind=kind).count() for kind in Lookup.Kind.values}
    assert counts == {
        "religion": 7,
        "education": 10,
        "occupation": 89,
        "marital_status": 4,
        "blood_type": 13,
        "disability": 7,
    }


def test_seeding_the_lookups_again_adds_nothing_and_keeps_admin_edits(db):
    Lookup.objects.filter(kind="religion", code=1).update(name="ISLAM")
    Lookup.objects.filter(kind="occupation", code=89).delete()
    assert services.seed_lookups() == 1
    assert services.seed_lookups() == 0
    assert lookup("religion", 1).name == "ISLAM"


def test_creating_a_family_registers_its_head_and_audits(family, village, village_operator):
    head = family.members.get()
    assert (family.number, family.village, head.is_head, head.relation, head.village) == (
        KK,
        village,
        True,
        "1",
        village,
    )
    event = Event.objects.get(action="villages.family_create")
    assert (event.actor, event.object_id, event.after) == (village_operator, str(family.pk), {"head": head.pk})


def test_a_family_without_numbers_gets_temporary_ones(village, village_operator):
    family = services.create_family(by=village_operator, village=village, head=person(nik=""))
    assert family.number == "0352215101100001"
    assert family.members.get().nik == "0352215101100002"


def test_an_operator_of_another_village_cannot_create_a_family_there(village, other_operator):
    with pytest.raises(PermissionDenied):
        services.create_family(by=other_operator, village=village, number=KK, head=person())
    assert (Family.objects.count(), Resident.objects.count(), Event.objects.count()) == (0, 0, 0)


def test_a_duplicate_kk_is_refused_and_nothing_is_written(family, village, village_operator):
    with pytest.raises(services.VillageError) as exc:
        services.create_family(by=village_operator, village=village, number=KK, head=person(seq=9))
    assert (exc.value.field, exc.value.message) == ("number", "No. KK 3522********0001 sudah terdaftar.")
    assert (Family.objects.count(), Resident.objects.count()) == (1, 1)


def test_a_nik_that_disagrees_with_the_birth_date_is_refused_naming_the_field(family, village_operator):
    bad = person(name="Ani", sex="P", birth_date=date(2001, 1, 2), nik="3522154201010005")
    bad.birth_date = date(2001, 1, 3)
    with pytest.raises(services.VillageError) as exc:
        services.add_member(by=village_operator, family=family, person=bad, relation="4")
    assert exc.value.field == "nik"
    assert "tidak cocok dengan tanggal lahir 03-01-2001" in exc.value.message
    assert family.members.count() == 1


def test_a_duplicate_nik_is_refused(family, head, village_operator):
    with pytest.raises(services.VillageError) as exc:
        services.add_member(by=village_operator, family=family, person=person(), relation="4")
    assert exc.value.message == "NIK 3522********0001 sudah terdaftar."
    assert family.members.count() == 1


def test_a_second_head_is_refused(family, village_operator):
    with pytest.raises(services.VillageError) as exc:
        services.add_member(by=village_operator, family=family, person=person(seq=5), relation="1")
    assert exc.value.field == "relation"
    assert family.members.count() == 1


def test_updating_a_resident_audits_before_and_after(head, village_operator):
    islam, kristen = lookup("religion", 1), lookup("religion", 2)
    services.update_resident(by=village_operator, resident=head, values={"name": "Sutrisno Hadi", "religion": kristen})
    head.refresh_from_db()
    assert (head.name, head.religion) == ("Sutrisno Hadi", kristen)
    event = Event.objects.get(action="villages.resident_update")
    assert event.before == {"name": "Sutrisno", "religion": islam.pk}
    assert event.after == {"name": "Sutrisno Hadi", "religion": kristen.pk}


def test_updating_the_sex_against_the_nik_is_refused(head, village_operator):
    with pytest.raises(services.VillageError) as exc:
        services.update_resident(by=village_operator, resident=head, values={"sex": "P"})
    assert exc.value.field == "nik"
    head.refresh_from_db()
    assert head.sex == "L"
    assert not Event.objects.filter(action="villages.resident_update").exists()


def test_status_cannot_be_changed_by_an_update(head, village_operator):
    with pytest.raises(services.VillageError):
        services.update_resident(by=village_operator, resident=head, values={"status": "mati"})
    head.refresh_from_db()
    assert head.status == "hidup"


def test_an_operator_of_another_village_cannot_update_a_resident(head, other_operator):
    with pytest.raises(PermissionDenied):
        services.update_resident(by=other_operator, resident=head, values={"name": "X"})
    head.refresh_from_db()
    assert head.name == "Sutrisno"


def test_changing_the_head_moves_the_headship(family, head, wife, village_operator):
    services.change_head(by=village_operator, family=family, new_head=wife)
    head.refresh_from_db()
    wife.refresh_from_db()
    assert (wife.is_head, wife.relation, head.is_head, head.relation) == (True, "1", False, "9")


def test_the_head_cannot_be_handed_to_someone_outside_the_family(village, village_operator, family):
    other = services.create_family(by=village_operator, village=village, number=OTHER_KK, head=person(seq=7))
    stranger = other.members.get()
    with pytest.raises(services.VillageError):
        services.change_head(by=village_operator, family=family, new_head=stranger)
    assert family.members.get(is_head=True).name == "Sutrisno"


def test_a_living_resident_is_found_by_nik_and_has_an_address_line(family, head, village_operator):
    from pamong.villages import queries

    services.update_resident(by=village_operator, resident=head, values={"name": "Sutrisno"})
    cluster = services.ensure_cluster(village=family.village, dusun="Krajan", rw="2", rt="1")
    Family.objects.filter(pk=family.pk).update(cluster=cluster)
    found = queries.find_living_by_nik(" 3522151705800001 ")
    assert found == head
    assert queries.address_line(found) == "Jl. Kartini 1, RT 001 / RW 002, Dusun Krajan, Kadipaten, Kec. Bojonegoro"
    assert queries.find_living_by_nik("3522151705800002") is None


def test_a_resident_without_a_religion_is_refused_naming_the_field(family, village_operator):
    with pytest.raises(services.VillageError) as exc:
        services.add_member(by=village_operator, family=family, person=person(seq=6, religion=None), relation="4")
    assert (exc.value.field, exc.value.message) == ("religion", "Agama wajib diisi.")
    assert family.members.count() == 1


def test_a_lookup_of_the_wrong_list_is_refused(family, village_operator):
    with pytest.raises(services.VillageError) as exc:
        services.add_member(
            by=village_operator, family=family, relation="4", person=person(seq=6, religion=lookup("occupation", 1))
        )
    assert exc.value.field == "religion"
    assert family.members.count() == 1


def test_a_temporary_kk_is_replaced_by_the_issued_number_and_audited(village, village_operator):
    family = services.create_family(by=village_operator, village=village, head=person())
    cluster = services.ensure_cluster(village=village, dusun="Krajan", rw="1", rt="3")
    services.update_family(by=village_operator, family=family, number=KK, address="Jl. Baru 2", cluster=cluster)
    family.refresh_from_db()
    assert (family.number, family.address, str(family.cluster)) == (KK, "Jl. Baru 2", "Dusun Krajan / RW 001 / RT 003")
    event = Event.objects.get(action="villages.family_update")
    assert event.before == {"number": "0352215101100001", "address": "", "cluster": None}
    assert event.after == {"number": KK, "address": "Jl. Baru 2", "cluster": cluster.pk}


def test_a_family_cannot_take_a_kk_of_another_family_or_a_foreign_cluster(
    family, village, other_village, village_operator
):
    other = services.create_family(by=village_operator, village=village, number=OTHER_KK, head=person(seq=7))
    foreign = services.ensure_cluster(village=other_village, dusun="Jetak")
    with pytest.raises(services.VillageError) as exc:
        services.update_family(by=village_operator, family=other, number=KK, address="", cluster=None)
    assert exc.value.field == "number"
    with pytest.raises(services.VillageError) as exc:
        services.update_family(by=village_operator, family=other, address="", cluster=foreign)
    assert exc.value.field == "cluster"
    other.refresh_from_db()
    assert (other.number, other.cluster) == (OTHER_KK, None)
