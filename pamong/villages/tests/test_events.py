from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from pamong.audit.models import Event
from pamong.villages import events, services
from pamong.villages.models import Family, PopulationEvent, Resident

from .conftest import OTHER_KK, person

BABY_DAY = date(2026, 11, 1)


def snapshot():
    return (
        list(Resident.objects.order_by("pk").values_list("pk", "status", "village", "family", "is_head", "relation")),
        PopulationEvent.objects.count(),
        Family.objects.count(),
        Event.objects.count(),
    )


def baby(**extra):
    return person(name="Bayi", sex="P", birth_date=BABY_DAY, nik="", **extra)


def test_a_birth_adds_a_child_to_the_family_with_an_event(family, head, village, village_operator):
    child = events.record_birth(
        by=village_operator, family=family, person=baby(), event_date=BABY_DAY, report_date=date(2026, 11, 3)
    )
    assert (child.family, child.village, child.relation, child.is_head, child.nik) == (
        family,
        village,
        "4",
        False,
        "0352215101100001",
    )
    event = child.events.get()
    assert (event.kind, event.village, event.event_date, event.report_date) == (
        "lahir",
        village,
        BABY_DAY,
        date(2026, 11, 3),
    )
    assert Event.objects.get(action="villages.birth").object_id == str(child.pk)


def test_a_birth_whose_birth_date_differs_from_the_event_date_is_refused(family, head, village_operator):
    before = snapshot()
    with pytest.raises(services.VillageError) as exc:
        events.record_birth(
            by=village_operator, family=family, person=baby(), event_date=date(2026, 10, 30), report_date=BABY_DAY
        )
    assert exc.value.field == "birth_date"
    assert snapshot() == before


def test_a_report_before_the_event_is_refused(family, head, village_operator):
    before = snapshot()
    with pytest.raises(services.VillageError) as exc:
        events.record_birth(
            by=village_operator, family=family, person=baby(), event_date=BABY_DAY, report_date=date(2026, 10, 31)
        )
    assert (exc.value.field, exc.value.message) == (
        "report_date",
        "Tanggal lapor tidak boleh sebelum tanggal peristiwa.",
    )
    assert snapshot() == before


def test_an_event_in_the_future_is_refused(head, village_operator):
    before = snapshot()
    with pytest.raises(services.VillageError) as exc:
        events.record_death(
            by=village_operator, resident=head, event_date=date(2026, 12, 1), report_date=date(2026, 12, 1)
        )
    assert exc.value.field == "event_date"
    assert snapshot() == before


def test_a_death_closes_the_record(head, village_operator, village):
    event = events.record_death(
        by=village_operator, resident=head, event_date=date(2026, 11, 10), report_date=date(2026, 11, 11)
    )
    head.refresh_from_db()
    assert (head.status, event.kind, event.village) == ("mati", "mati", village)
    assert Event.objects.filter(action="villages.death", object_id=str(head.pk)).count() == 1


def test_a_death_before_birth_is_refused(head, village_operator):
    before = snapshot()
    with pytest.raises(services.VillageError) as exc:
        events.record_death(
            by=village_operator, resident=head, event_date=date(1979, 1, 1), report_date=date(2026, 1, 1)
        )
    assert exc.value.message == "Tanggal peristiwa tidak boleh sebelum tanggal lahir penduduk."
    assert snapshot() == before


def test_a_dead_resident_cannot_die_or_move_again(head, village_operator):
    events.record_death(
        by=village_operator, resident=head, event_date=date(2026, 11, 10), report_date=date(2026, 11, 10)
    )
    before = snapshot()
    with pytest.raises(services.VillageError) as exc:
        events.record_death(
            by=village_operator, resident=head, event_date=date(2026, 11, 11), report_date=date(2026, 11, 11)
        )
    assert exc.value.message == "Penduduk ini berstatus mati; peristiwa tidak dapat dicatat."
    with pytest.raises(services.VillageError):
        events.move_out(
            by=village_operator, resident=head, event_date=date(2026, 11, 12), report_date=date(2026, 11, 12),
            destination="Surabaya",
        )  # fmt: skip
    assert snapshot() == before


def test_a_dying_head_with_family_left_needs_a_new_head(head, wife, village_operator):
    before = snapshot()
    with pytest.raises(services.VillageError) as exc:
        events.record_death(
            by=village_operator, resident=head, event_date=date(2026, 11, 10), report_date=date(2026, 11, 10)
        )
    assert exc.value.field == "new_head"
    assert snapshot() == before


def test_a_dying_head_hands_over_to_the_chosen_member(head, wife, village_operator):
    events.record_death(
        by=village_operator, resident=head, event_date=date(2026, 11, 10), report_date=date(2026, 11, 10), new_head=wife
    )
    head.refresh_from_db()
    wife.refresh_from_db()
    assert (head.status, head.is_head, wife.is_head, wife.relation) == ("mati", False, True, "1")


def test_the_last_member_of_a_family_may_die_without_a_new_head(head, village_operator):
    events.record_death(
        by=village_operator, resident=head, event_date=date(2026, 11, 10), report_date=date(2026, 11, 10)
    )
    head.refresh_from_db()
    assert head.status == "mati"


def test_an_operator_of_another_village_cannot_record_an_event(head, family, other_operator):
    before = snapshot()
    with pytest.raises(PermissionDenied):
        events.record_death(
            by=other_operator, resident=head, event_date=date(2026, 11, 10), report_date=date(2026, 11, 10)
        )
    with pytest.raises(PermissionDenied):
        events.record_birth(by=other_operator, family=family, person=baby(), event_date=BABY_DAY, report_date=BABY_DAY)
    assert snapshot() == before


def test_moving_out_of_the_regency_closes_the_record_with_a_destination(wife, head, village_operator, village):
    event = events.move_out(
        by=village_operator, resident=wife, event_date=date(2026, 11, 5), report_date=date(2026, 11, 6),
        destination="Kota Surabaya",
    )  # fmt: skip
    wife.refresh_from_db()
    assert (wife.status, event.kind, event.village, event.destination, event.other_village) == (
        "pindah",
        "pindah_keluar",
        village,
        "Kota Surabaya",
        None,
    )


def test_moving_out_of_the_regency_needs_a_destination(wife, village_operator):
    before = snapshot()
    with pytest.raises(services.VillageError) as exc:
        events.move_out(by=village_operator, resident=wife, event_date=date(2026, 11, 5), report_date=date(2026, 11, 6))
    assert exc.value.field == "destination"
    assert snapshot() == before


def test_moving_within_the_regency_moves_the_record_and_writes_both_events(
    wife, head, village_operator, village, other_village
):
    out = events.move_out(
        by=village_operator, resident=wife, event_date=date(2026, 11, 5), report_date=date(2026, 11, 6),
        to_village=other_village, new_family_number=OTHER_KK, new_family_address="Dusun Krajan",
    )  # fmt: skip
    wife.refresh_from_db()
    assert (wife.village, wife.family.number, wife.family.village, wife.is_head, wife.status) == (
        other_village,
        OTHER_KK,
        other_village,
        True,
        "hidup",
    )
    came = PopulationEvent.objects.get(kind="pindah_masuk")
    assert (out.village, out.other_village, came.village, came.other_village, came.resident) == (
        village,
        other_village,
        other_village,
        village,
        wife,
    )


def test_moving_into_an_existing_family_of_another_village(wife, village_operator, other_village, other_operator):
    target = services.create_family(by=other_operator, village=other_village, number=OTHER_KK, head=person(seq=8))
    events.move_out(
        by=village_operator, resident=wife, event_date=date(2026, 11, 5), report_date=date(2026, 11, 6),
        to_village=other_village, to_family=target, relation="3",
    )  # fmt: skip
    wife.refresh_from_db()
    assert (wife.family, wife.relation, wife.is_head) == (target, "3", False)


def test_moving_into_a_family_of_the_wrong_village_is_refused(wife, family, village_operator, other_village):
    before = snapshot()
    with pytest.raises(services.VillageError) as exc:
        events.move_out(
            by=village_operator, resident=wife, event_date=date(2026, 11, 5), report_date=date(2026, 11, 6),
            to_village=other_village, to_family=family, relation="3",
        )  # fmt: skip
    assert exc.value.field == "to_family"
    assert snapshot() == before


def test_a_moving_head_must_name_a_new_head(head, wife, village_operator, other_village):
    before = snapshot()
    with pytest.raises(services.VillageError) as exc:
        events.move_out(
            by=village_operator, resident=head, event_date=date(2026, 11, 5), report_date=date(2026, 11, 6),
            to_village=other_village,
        )  # fmt: skip
    assert exc.value.field == "new_head"
    assert snapshot() == before


def test_a_newcomer_moves_in_as_head_of_a_new_family(village, village_operator):
    resident = events.move_in(
        by=village_operator, village=village, person=person(seq=30), event_date=date(2026, 11, 2),
        report_date=date(2026, 11, 2), origin="Kabupaten Tuban",
    )  # fmt: skip
    event = resident.events.get()
    assert (resident.is_head, resident.family.number, event.kind, event.destination) == (
        True,
        "0352215101100001",
        "pindah_masuk",
        "Kabupaten Tuban",
    )


def test_moving_in_without_an_origin_is_refused(village, village_operator):
    before = snapshot()
    with pytest.raises(services.VillageError) as exc:
        events.move_in(
            by=village_operator, village=village, person=person(seq=30), event_date=date(2026, 11, 2),
            report_date=date(2026, 11, 2), origin=" ",
        )  # fmt: skip
    assert exc.value.field == "origin"
    assert snapshot() == before


def test_lost_and_left_set_their_statuses(head, wife, village_operator):
    events.record_lost(by=village_operator, resident=wife, event_date=date(2026, 11, 1), report_date=date(2026, 11, 2))
    events.record_left(
        by=village_operator, resident=head, event_date=date(2026, 11, 1), report_date=date(2026, 11, 2), destination="?"
    )
    assert sorted(Resident.objects.values_list("status", flat=True)) == ["hilang", "pergi"]
    assert sorted(PopulationEvent.objects.values_list("kind", flat=True)) == ["hilang", "pergi"]
