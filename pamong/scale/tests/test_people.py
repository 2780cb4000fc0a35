"""The generated village registry: deterministic, valid numbers, one head per family, events that
agree with statuses, plausible people, and refused bad sizes."""

import dataclasses
from collections import Counter
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Q

from pamong.accounts.models import Role, User
from pamong.complaints.models import Report
from pamong.regions.services import load_regions
from pamong.scale import households as h
from pamong.scale.people import (
    CLUSTER_COLUMNS,
    FAMILY_COLUMNS,
    OPERATOR_COLUMNS,
    POPULATION_EVENT_COLUMNS,
    RESIDENT_COLUMNS,
    PeoplePlanner,
    _Counters,
)
from pamong.scale.world import load_registry_world
from pamong.villages.models import Cluster, Family, PopulationEvent, Resident
from pamong.villages.nik import check_kk, check_nik, district_digits
from pamong.villages.services import seed_lookups

UNTIL = datetime(2026, 11, 20, 17, tzinfo=ZoneInfo("Asia/Jakarta"))
AS_OF = date(2026, 11, 20)
RESIDENTS, SEED = 1200, 2026
Kind = PopulationEvent.Kind


@pytest.fixture
def registry(db, settings):
    settings.DEBUG = True
    call_command("generate_regency", reports=0, residents=RESIDENTS, seed=SEED, until="2026-11-20")


@pytest.fixture
def world(db):
    load_regions(code="35.22")
    seed_lookups()
    return load_registry_world()


def plan(world, *, residents=RESIDENTS, seed=SEED, size=25_000, first_user_id=1) -> dict[str, list]:
    planner = PeoplePlanner(world, seed=seed, residents=residents, until=UNTIL, first_user_id=first_user_id)
    rows = {"operators": planner.operator_rows, "clusters": [], "families": [], "residents": [], "events": []}
    for batch in planner.batches(size=size):
        rows["clusters"] += batch.cluster_rows()
        rows["families"] += batch.family_rows(planner.registered_at)
        rows["residents"] += batch.resident_rows(world.lookups)
        rows["events"] += batch.event_rows()
    return rows


def people(world, residents: int):
    """(family, person) pairs of a plan, with the planner (for its villages and dates)."""
    planner = PeoplePlanner(world, seed=SEED, residents=residents, until=UNTIL)
    return planner, [pair for batch in planner.batches() for pair in batch.residents()]


def age(person) -> float:
    return (AS_OF - person.birth_date).days / 365.25


# --- determinism -----------------------------------------------------------------------------


def test_the_same_seed_plans_the_same_registry_and_another_seed_does_not(world):
    first, second, other = plan(world), plan(world), plan(world, seed=SEED + 1)
    assert first == second
    assert [r[1] for r in first["residents"]] != [r[1] for r in other["residents"]]  # NIKs


def test_the_batch_size_does_not_change_the_plan(world):
    assert plan(world, size=1) == plan(world, size=10**9)


def test_the_database_holds_exactly_the_planned_rows(registry):
    first_operator = User.objects.filter(role=Role.VILLAGE_OPERATOR).order_by("pk").values_list("pk", flat=True)[0]
    before = dataclasses.replace(load_registry_world(), first_cluster_id=1, first_family_id=1, first_resident_id=1)
    rows = plan(before, first_user_id=first_operator)
    operators = User.objects.filter(role=Role.VILLAGE_OPERATOR).order_by("pk")
    assert list(operators.values_list(*OPERATOR_COLUMNS)) == rows["operators"]
    assert list(Cluster.objects.order_by("pk").values_list(*CLUSTER_COLUMNS)) == rows["clusters"]
    assert list(Family.objects.order_by("pk").values_list(*FAMILY_COLUMNS)) == rows["families"]
    assert list(Resident.objects.order_by("pk").values_list(*RESIDENT_COLUMNS)) == rows["residents"]
    assert list(PopulationEvent.objects.order_by("pk").values_list(*POPULATION_EVENT_COLUMNS)) == rows["events"]


# --- sizes and numbers -----------------------------------------------------------------------


def test_living_residents_are_exactly_as_many_as_asked(registry):
    assert Resident.objects.filter(status=Resident.Status.ALIVE).count() == RESIDENTS
    assert User.objects.filter(role=Role.VILLAGE_OPERATOR).count() == 430
    # Every village has its own operator, and every family a cluster of its own village.
    assert User.objects.filter(role=Role.VILLAGE_OPERATOR).values("village").distinct().count() == 430
    assert Family.objects.exclude(cluster__village=F("village")).count() == 0


def test_every_nik_and_kk_is_valid_unique_and_from_the_villages_kecamatan(registry):
    districts = district_digits()
    residents = list(Resident.objects.values_list("nik", "sex", "birth_date", "village_id"))
    refused = []
    for nik, sex, birth, village in residents:
        try:
            check_nik(nik, sex=sex, birth_date=birth, districts=districts)
        except ValidationError as exc:
            refused.append((nik, exc.messages))
        if nik[:6] != village[:8].replace(".", ""):
            refused.append((nik, village))
    families = list(Family.objects.values_list("number", "village_id"))
    for number, village in families:
        check_kk(number, districts=districts)
        if number[:6] != village[:8].replace(".", ""):
            refused.append((number, village))
    assert refused == []
    assert len({nik for nik, *_rest in residents}) == len(residents)
    assert len({number for number, _village in families}) == len(families)


def test_counters_keep_people_a_century_apart_apart():
    counters = _Counters()
    counters.enter("35.22.01")
    old, baby = (h.Person("L", date(y, 10, 4), "", h.CHILD, h.SINGLE, 1, 1, "") for y in (1924, 2024))
    assert [counters.next_nik(old), counters.next_nik(baby)] == ["3522010410240001", "3522010410240002"]


def test_every_family_has_exactly_one_living_head(registry):
    heads = Family.objects.annotate(
        n=Count("members", filter=Q(members__is_head=True, members__status=Resident.Status.ALIVE))
    )
    assert Counter(heads.values_list("n", flat=True)) == {1: Family.objects.count()}
    assert Resident.objects.filter(is_head=True).exclude(relation=Resident.Relation.HEAD).count() == 0


# --- events ----------------------------------------------------------------------------------


def wrong_events(events: list[tuple], residents: dict[int, tuple[str, str]]) -> list[tuple]:
    """Events (kind, date, report date, village, other village, destination, resident id,
    resident status, resident village, birth date, recorder's village) that disagree with the
    residents ({id: (status, village)}); ``[]`` when the log and the statuses tell one story."""
    window = AS_OF - timedelta(days=364)
    wrong = []
    by_resident: dict[int, list] = {}
    for kind, day, report, village, other, destination, pk, status, home, born, recorder in events:
        by_resident.setdefault(pk, []).append((kind, village, other, day))
        if not (window <= day <= report <= AS_OF) or recorder != village:
            wrong.append((pk, kind, "dates or recorder"))
        if kind == Kind.BIRTH and (day != born or status != "hidup" or village != home):
            wrong.append((pk, kind))
        if kind == Kind.DEATH and (status != "mati" or village != home):
            wrong.append((pk, kind))
        if kind == Kind.MOVE_OUT and other is None and (status != "pindah" or village != home or not destination):
            wrong.append((pk, kind))
        if kind == Kind.MOVE_IN and (status != "hidup" or village != home):
            wrong.append((pk, kind))
    for pk, kinds in by_resident.items():
        within = sorted(k for k in kinds if k[2] is not None)
        if within:  # a move inside the regency: out there, in here, the same day
            (out_kind, out_village, out_other, out_day), (in_kind, in_village, in_other, in_day) = within
            if (out_kind, in_kind, out_other, in_other, out_day) != (
                Kind.MOVE_OUT, Kind.MOVE_IN, in_village, out_village, in_day
            ):  # fmt: skip
                wrong.append((pk, "within"))
    for pk, (status, _village) in residents.items():
        kinds = {k[0] for k in by_resident.get(pk, []) if k[2] is None}
        if (status == "mati") != (Kind.DEATH in kinds) or (status == "pindah") != (Kind.MOVE_OUT in kinds):
            wrong.append((pk, status, "status without its event"))
    return wrong


def test_events_agree_with_the_residents_statuses(registry):
    events = list(
        PopulationEvent.objects.values_list(
            "kind", "event_date", "report_date", "village_id", "other_village_id", "destination",
            "resident_id", "resident__status", "resident__village_id", "resident__birth_date",
            "recorded_by__village_id",
        )
    )  # fmt: skip
    residents = {
        pk: (status, village) for pk, status, village in Resident.objects.values_list("pk", "status", "village")
    }
    assert wrong_events(events, residents) == []
    assert set(
        User.objects.filter(pk__in=PopulationEvent.objects.values("recorded_by")).values_list("role", flat=True)
    ) == {Role.VILLAGE_OPERATOR}
    # Whoever died or left is nobody's head any more.
    assert Resident.objects.filter(status__in=["mati", "pindah"], is_head=True).count() == 0


def test_a_years_events_at_scale_have_every_kind_and_plausible_rates(world):
    planner = PeoplePlanner(world, seed=SEED, residents=20_000, until=UNTIL)
    villages = {pk: code for code, pk in planner.operators.items()}
    events, residents = [], {}
    for batch in planner.batches():
        for family, p in batch.residents():
            residents[p.id] = (p.status, family.village.code)
        for e in batch.events:
            status, home = residents[e.person.id]
            events.append((
                e.kind, e.event_date, e.report_date, e.village, e.other_village, e.destination,
                e.person.id, status, home, e.person.birth_date, villages[e.recorded_by],
            ))  # fmt: skip
    assert wrong_events(events, residents) == []
    kinds = Counter(e[0] for e in events)
    assert set(kinds) == {Kind.BIRTH, Kind.DEATH, Kind.MOVE_OUT, Kind.MOVE_IN}
    # Per 1,000 living residents a year: ~13 births, ~7 deaths, a few moves each way.
    assert 10 < kinds[Kind.BIRTH] / 20 < 16
    assert 5 < kinds[Kind.DEATH] / 20 < 9
    assert 2 < kinds[Kind.MOVE_IN] / 20 < kinds[Kind.MOVE_OUT] / 20 < 9


# --- plausibility (a larger plan, no writes) -------------------------------------------------


def test_people_are_plausible_for_a_regency(world):
    _planner, pairs = people(world, 40_000)
    living = [(f, p) for f, p in pairs if p.status == "hidup"]
    assert len(living) == 40_000
    share = lambda test: sum(1 for _f, p in living if test(p)) / len(living)  # noqa: E731
    assert share(lambda p: p.religion == 1) > 0.98
    assert 0.8 < share(lambda p: p.blood == h.BLOOD_UNKNOWN) < 0.9
    assert 0.2 < share(lambda p: age(p) < 15) < 0.3
    assert 0.06 < share(lambda p: age(p) >= 65) < 0.12
    bands = Counter(min(int(age(p) // 5), 16) for _f, p in living)
    assert min(bands[b] for b in range(10)) > max(bands[b] for b in range(13, 17))  # a pyramid
    families = {id(f): f for f, _p in living}
    assert 3.1 < len(living) / len(families) < 3.45


def test_ages_fit_education_occupation_marriage_and_relation(world):
    _planner, pairs = people(world, 20_000)
    wrong = []
    for family, p in pairs:
        years = age(p)
        head = family.members[0]
        if years < 5 and (p.occupation, p.education) != (h.NOT_WORKING, h.NO_SCHOOL):
            wrong.append((p.nik, "toddler"))
        if years < 17 and (p.marital != h.SINGLE or p.relation in (h.HEAD, h.WIFE, h.HUSBAND, h.CHILD_IN_LAW)):
            wrong.append((p.nik, "child"))
        if p.occupation == h.PUPIL and not 5 <= years < 25:
            wrong.append((p.nik, "pupil"))
        if p.relation in (h.WIFE, h.HUSBAND) and p.marital != h.MARRIED:
            wrong.append((p.nik, "spouse"))
        if p.relation == h.CHILD and p.status == "hidup" and age(head) - years < 15:
            wrong.append((p.nik, "parent too young"))
        if p.relation == h.WIFE and p.sex != "P":
            wrong.append((p.nik, "wife"))
    assert wrong == []


def test_kelurahan_are_bigger_than_desa(world):
    planner = PeoplePlanner(world, seed=SEED, residents=1_300_000, until=UNTIL)
    kelurahan = [n for v, n in zip(world.villages, planner.sizes, strict=True) if v.is_kelurahan]
    desa = [n for v, n in zip(world.villages, planner.sizes, strict=True) if not v.is_kelurahan]
    assert (len(kelurahan), len(desa), sum(planner.sizes)) == (11, 419, 1_300_000)
    assert sum(kelurahan) / len(kelurahan) > 1.8 * sum(desa) / len(desa)
    assert min(desa) > 500
    assert max(kelurahan + desa) < 20_000


# --- refused input ---------------------------------------------------------------------------


def test_negative_residents_are_refused_and_nothing_is_written(db, settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="--residents tidak boleh negatif"):
        call_command("generate_regency", reports=0, residents=-1)
    assert (User.objects.count(), Resident.objects.count(), Report.objects.count()) == (0, 0, 0)


def test_a_database_with_residents_is_refused(registry, settings):
    before = (User.objects.count(), Resident.objects.count(), Family.objects.count())
    with pytest.raises(CommandError, match="sudah berisi penduduk"):
        call_command("generate_regency", reports=0, residents=10)
    assert (User.objects.count(), Resident.objects.count(), Family.objects.count()) == before


def test_zero_residents_skips_the_registry(db, settings, capsys):
    settings.DEBUG = True
    call_command("generate_regency", reports=5, residents=0, until="2026-11-20")
    assert (Resident.objects.count(), User.objects.filter(role=Role.VILLAGE_OPERATOR).count()) == (0, 0)
    assert "penduduk: dilewati (--residents 0)" in capsys.readouterr().out


def test_a_missing_reference_list_is_named(world):
    incomplete = dataclasses.replace(world, lookups={k: v for k, v in world.lookups.items() if k[0] != "religion"})
    with pytest.raises(ValueError, match=r"Daftar rujukan penduduk tidak lengkap \(religion 1"):
        PeoplePlanner(incomplete, seed=SEED, residents=10, until=UNTIL)


def test_a_database_without_regions_is_refused(db):
    with pytest.raises(ValueError, match="belum dimuat: jalankan load_regions"):
        load_registry_world()
