"""Pindah satu KK: every living member of a family moves out at once."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from pamong.audit.models import Event
from pamong.villages import events, services, stats
from pamong.villages.models import Family, PopulationEvent, Resident, SummaryChange
from pamong.villages.services import VillageError

from .conftest import person
from .test_pages import login

MOVED_ON = date(2026, 3, 2)
DATES = {"event_date": MOVED_ON, "report_date": date(2026, 3, 3)}


@pytest.fixture
def household(family, head, wife, village_operator):
    """Sutrisno (head) and Siti (wife) living; their son Andi died in 2025."""
    andi = services.add_member(
        by=village_operator, family=family, relation="4", person=person(name="Andi", birth_date=date(2010, 1, 1), seq=3)
    )
    events.record_death(by=village_operator, resident=andi, event_date=date(2025, 6, 1), report_date=date(2025, 6, 2))
    return family


def unchanged(family, village) -> bool:
    living = Resident.objects.filter(family=family, status=Resident.Status.ALIVE, village=village).count()
    return living == 2 and not PopulationEvent.objects.filter(kind__startswith="pindah").exists()


def test_within_the_regency_the_living_members_form_a_new_family_there(
    household, head, wife, village, other_village, village_operator
):
    outs = events.move_family_out(
        by=village_operator, family=household, to_village=other_village, new_family_number="3522150202260009",
        new_family_address="Jl. Veteran 9", **DATES,
    )  # fmt: skip
    moved = Family.objects.get(number="3522150202260009")
    assert (moved.village_id, moved.address) == (other_village.code, "Jl. Veteran 9")
    assert sorted(moved.members.values_list("name", "relation", "is_head", "village_id")) == [
        ("Siti Rahayu", "3", False, other_village.code),
        ("Sutrisno", "1", True, other_village.code),
    ]
    # The son who died here stays on the old card, in this village's history.
    assert list(household.members.values_list("name", "status", "village_id")) == [("Andi", "mati", village.code)]
    assert [event.resident_id for event in outs] == [head.pk, wife.pk]
    kinds = sorted(PopulationEvent.objects.filter(kind__startswith="pindah").values_list("kind", "village_id"))
    assert kinds == [("pindah_keluar", village.code)] * 2 + [("pindah_masuk", other_village.code)] * 2
    for region in (village, other_village):
        march = stats.monthly_report(region, 2026, 3)["total"]
        assert march["opening"] + march["pindah_masuk"] - march["pindah_keluar"] == march["closing"]
    assert stats.monthly_report(village, 2026, 3)["total"]["pindah_keluar"] == 2
    assert set(SummaryChange.objects.values_list("village_id", flat=True)) >= {village.code, other_village.code}
    audit = Event.objects.get(action="villages.family_move_out")
    assert (audit.after["residents"], audit.after["to_family"]) == ([head.pk, wife.pk], moved.pk)


def test_without_a_new_number_the_family_gets_a_temporary_one(household, other_village, village_operator):
    events.move_family_out(by=village_operator, family=household, to_village=other_village, **DATES)
    moved = Family.objects.exclude(pk=household.pk).get()
    assert moved.number.startswith("0" + other_village.code.replace(".", ""))


def test_out_of_the_regency_every_member_is_marked_moved_with_the_destination(
    household, head, wife, village, village_operator
):
    outs = events.move_family_out(by=village_operator, family=household, destination="Kota Surabaya", **DATES)
    assert sorted(Resident.objects.values_list("name", "status")) == [
        ("Andi", "mati"),
        ("Siti Rahayu", "pindah"),
        ("Sutrisno", "pindah"),
    ]
    expected = [("pindah_keluar", village.code, "Kota Surabaya")] * 2
    assert [(e.kind, e.village_id, e.destination) for e in outs] == expected
    assert not PopulationEvent.objects.filter(kind="pindah_masuk").exists()
    assert stats.monthly_report(village, 2026, 3)["total"]["pindah_keluar"] == 2


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"destination": " "}, "Alamat tujuan pindah wajib diisi untuk pindah ke luar kabupaten."),
        ({"to_village": "own"}, "Desa tujuan sama dengan desa asal; ubah alamat lewat data keluarga."),
        ({"to_village": "other", "event_date": date(2026, 12, 1)}, "Tanggal peristiwa tidak boleh sesudah hari ini."),
        (
            {"to_village": "other", "report_date": date(2026, 3, 1)},
            "Tanggal lapor tidak boleh sebelum tanggal peristiwa.",
        ),
        (
            {"to_village": "other", "event_date": date(1983, 1, 1), "report_date": date(1983, 1, 2)},
            "Tanggal peristiwa tidak boleh sebelum tanggal lahir penduduk.",
        ),
        ({"to_village": "other", "new_family_number": "3522"}, "No. KK"),
        ({"to_village": "other", "new_family_number": "3522150101200001"}, "sudah terdaftar"),
    ],
)
def test_bad_moves_are_refused_and_nothing_moves(household, village, other_village, village_operator, change, message):
    args = DATES | change
    if "to_village" in args:
        args["to_village"] = village if args["to_village"] == "own" else other_village
    with pytest.raises(VillageError) as refused:
        events.move_family_out(by=village_operator, family=household, **args)
    assert message in refused.value.message
    assert unchanged(household, village) and Family.objects.count() == 1


def test_a_family_with_nobody_living_here_cannot_move(household, head, wife, village, other_village, village_operator):
    events.move_family_out(by=village_operator, family=household, destination="Jakarta", **DATES)
    with pytest.raises(VillageError, match="tidak punya anggota yang masih tinggal"):
        events.move_family_out(by=village_operator, family=household, to_village=other_village, **DATES)


def test_only_the_villages_operator_moves_its_families(household, village, other_village, other_operator):
    with pytest.raises(PermissionDenied):
        events.move_family_out(by=other_operator, family=household, to_village=other_village, **DATES)
    assert unchanged(household, village)


def test_the_family_page_moves_a_family_and_names_missing_fields(
    client, household, village, other_village, village_operator
):
    client = login(client, village_operator)
    url = reverse("villages:family_move", args=[household.pk])
    assert "Pindah satu keluarga" in client.get(reverse("villages:family", args=[household.pk])).content.decode()
    form = {"event_date": "2026-03-02", "report_date": "2026-03-03", "within": "1"}
    refused = client.post(url, form)
    assert refused.status_code == 200
    assert refused.context["form"].errors["to_village"] == ["Pilih desa/kelurahan tujuan."]
    assert unchanged(household, village)
    response = client.post(url, form | {"to_village": other_village.pk}, follow=True)
    assert "Kepindahan 2 anggota keluarga tercatat." in response.content.decode()
    assert Resident.objects.filter(village=other_village).count() == 2


def test_another_villages_operator_does_not_find_the_page(client, household, other_operator):
    assert login(client, other_operator).get(reverse("villages:family_move", args=[household.pk])).status_code == 404
