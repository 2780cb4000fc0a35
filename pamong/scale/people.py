"""The village registry of a generated regency, planned as rows: a pure function of world, seed and size.

Nothing here touches the database (``world.load_registry_world`` reads it before,
``loading.py`` or the SIAK CSV writer consume the rows after), so the same seed, size and
date give the same residents, byte for byte, whatever the batch size.

- ``residents`` is the number of *living* residents on the plan's date (``as_of``, the local
  date of ``--until``). It is shared among the villages by a fixed weight per village
  (kelurahan 2.2x, times a log-normal factor), to the exact total.
- Each village gets its dusun (desa only), RW and RT (an RT per 30-55 families) and its
  households (``households.py``; ~3.25 members on average), each with a KK number of its
  kecamatan: kecamatan code + the card's issue date DDMMYY + a 4-digit sequence per
  (kecamatan, date). NIKs: kecamatan code + birth date DDMMYY (+40 on the day for women) + a
  4-digit sequence per (kecamatan, birth date, sex), as ``villages.nik.build_nik`` builds them.
  Villages are planned in code order, so one kecamatan's counters are live at a time.
  Newcomers from outside get a NIK of their new kecamatan too: the registry accepts only the
  regency's own codes (``villages.nik.check_nik``).
- The last 12 months before ``as_of`` have population events, each recorded by the village's
  generated operator: every child born then (``lahir``), deaths of widowed heads' spouses and
  of elderly parents (extra members with status ``mati``; a dead head keeps relation
  "Kepala Keluarga" without the headship, as ``villages.events`` leaves it), grown children
  who moved out of the regency (``pindah``), and in-laws, relatives and young wives who moved
  in, from another village of the regency (an out-event there and an in-event here) or from
  outside. Report dates follow event dates by a few days, never after ``as_of``.
- Residents already registered before that year carry the registry's start as ``created_at``.
"""

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from pamong.villages.models import Lookup, PopulationEvent
from pamong.villages.nik import build_nik

from . import households as h
from . import texts
from .households import Household, HouseholdMaker, Person
from .plan import USER_COLUMNS, _user_row
from .world import RegistryWorld, Village

Kind = PopulationEvent.Kind
WINDOW_DAYS = 365
MEAN_FAMILY = 3.25
# Events per living resident per year (Bojonegoro: crude death rate ~7 per 1,000; migration
# mostly young people leaving for Surabaya, Jakarta and the industrial belts).
DEATH_RATE, OUT_RATE, WITHIN_RATE, IN_RATE = 0.0068, 0.004, 0.002, 0.0015

CLUSTER_COLUMNS = ["id", "village_id", "dusun", "rw", "rt"]
FAMILY_COLUMNS = ["id", "number", "village_id", "cluster_id", "address", "created_at"]
RESIDENT_COLUMNS = [
    "id", "nik", "family_id", "village_id", "is_head", "relation", "name", "sex", "birth_place", "birth_date",
    "religion_id", "education_id", "occupation_id", "marital_status_id", "blood_type_id", "disability_id",
    "citizenship", "father_name", "mother_name", "father_nik", "mother_nik", "residency", "status", "created_at",
    "updated_at",
]  # fmt: skip
POPULATION_EVENT_COLUMNS = [
    "resident_id", "kind", "event_date", "report_date", "village_id", "other_village_id", "destination", "note",
    "recorded_by_id", "recorded_at",
]  # fmt: skip
MOVERS = (h.CHILD_IN_LAW, h.OTHER_FAMILY, h.HELP)
OPERATOR_COLUMNS = [*USER_COLUMNS, "village_id"]
# (column of Resident, Lookup kind, attribute of Person)
LOOKUP_FIELDS = (
    ("religion_id", Lookup.Kind.RELIGION, "religion"),
    ("education_id", Lookup.Kind.EDUCATION, "education"),
    ("occupation_id", Lookup.Kind.OCCUPATION, "occupation"),
    ("marital_status_id", Lookup.Kind.MARITAL_STATUS, "marital"),
    ("blood_type_id", Lookup.Kind.BLOOD_TYPE, "blood"),
    ("disability_id", Lookup.Kind.DISABILITY, "disability"),
)


@dataclass(slots=True)
class Cluster:
    id: int
    village: str
    dusun: str
    rw: str
    rt: str


@dataclass(slots=True)
class Family:
    id: int
    number: str
    village: Village
    cluster: Cluster
    address: str
    members: list[Person]


@dataclass(slots=True)
class Event:
    person: Person
    kind: str
    event_date: date
    report_date: date
    village: str
    recorded_by: int
    recorded_at: datetime
    other_village: str | None = None
    destination: str = ""


@dataclass
class PeopleBatch:
    """Whole villages: their clusters, families, residents (all statuses) and events."""

    clusters: list[Cluster] = field(default_factory=list)
    families: list[Family] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    living: int = 0

    def residents(self) -> Iterator[tuple[Family, Person]]:
        for family in self.families:
            for person in family.members:
                yield family, person

    def cluster_rows(self) -> list[tuple]:
        return [(c.id, c.village, c.dusun, c.rw, c.rt) for c in self.clusters]

    def family_rows(self, created_at: datetime) -> list[tuple]:
        return [(f.id, f.number, f.village.code, f.cluster.id, f.address, created_at) for f in self.families]

    def resident_rows(self, lookups: dict[tuple[str, int], int]) -> list[tuple]:
        ids = [{code: pk for (kind, code), pk in lookups.items() if kind == k} for _c, k, _a in LOOKUP_FIELDS]
        religion, education, occupation, marital, blood, disability = ids
        rows = []
        for f, p in self.residents():
            rows.append((
                p.id, p.nik, f.id, f.village.code, p.is_head, p.relation, p.name, p.sex, p.birth_place, p.birth_date,
                religion[p.religion], education[p.education], occupation[p.occupation], marital[p.marital],
                blood[p.blood], disability.get(p.disability), "WNI", p.father, p.mother, "", "", "tetap", p.status,
                p.created_at, p.updated_at,
            ))  # fmt: skip
        return rows

    def event_rows(self) -> list[tuple]:
        rows = []
        for e in self.events:
            rows.append((
                e.person.id, e.kind, e.event_date, e.report_date, e.village, e.other_village, e.destination, "",
                e.recorded_by, e.recorded_at,
            ))  # fmt: skip
        return rows


def village_sizes(villages: list[Village], *, seed: int, total: int) -> list[int]:
    """Living residents per village, summing to ``total`` exactly (largest remainders)."""
    rng = random.Random(f"{seed}-people-sizes")  # noqa: S311 - reproducible data, not secrets
    weights = [(2.2 if v.is_kelurahan else 1.0) * rng.lognormvariate(0, 0.4) for v in villages]
    scale = total / sum(weights) if weights else 0
    exact = [w * scale for w in weights]
    sizes = [int(x) for x in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: (sizes[i] - exact[i], i))
    for i in by_remainder[: total - sum(sizes)]:
        sizes[i] += 1
    return sizes


def plan_operators(world: RegistryWorld, *, seed: int, first_id: int, joined: datetime) -> list[tuple]:
    """One generated operator per village (``OPERATOR_COLUMNS``), who records its events."""
    rng = random.Random(f"{seed}-operators")  # noqa: S311 - reproducible data, not secrets
    rows = []
    for i, village in enumerate(world.villages):
        email = f"operator.{village.code.replace('.', '')}@generated.pamong.test"
        row = _user_row(first_id + i, rng, email=email, role="village_operator", joined=joined)
        rows.append((*row, village.code))
    return rows


class PeoplePlanner:
    def __init__(self, world: RegistryWorld, *, seed: int, residents: int, until: datetime, first_user_id: int = 1):
        missing = sorted(key for key in h.required_lookups() if key not in world.lookups)
        if missing:
            listed = ", ".join(f"{kind} {code}" for kind, code in missing[:5])
            raise ValueError(f"Daftar rujukan penduduk tidak lengkap ({listed}): jalankan seed_lookups dulu.")
        codes = [v.code for v in world.villages]
        if codes != sorted(codes):
            # NIK and KK counters live for one kecamatan at a time (memory stays small).
            raise ValueError("Desa harus urut kode agar nomor urut NIK per kecamatan tidak berulang.")
        self.world, self.seed, self.total = world, seed, residents
        self.tz = timezone.get_default_timezone()
        self.as_of = timezone.localtime(until, self.tz).date()
        self.window_start = self.as_of - timedelta(days=WINDOW_DAYS - 1)
        self.registered_at = datetime.combine(self.window_start - timedelta(days=1), time(8), tzinfo=self.tz)
        self.sizes = village_sizes(world.villages, seed=seed, total=residents)
        self.operator_rows = plan_operators(
            world, seed=seed, first_id=first_user_id, joined=self.registered_at - timedelta(days=30)
        )
        self.operators = {v.code: first_user_id + i for i, v in enumerate(world.villages)}

    def batches(self, size: int = 25_000) -> Iterator[PeopleBatch]:
        """Whole villages in code order, at least ``size`` living residents per batch (but the last)."""
        ids = _Ids(self.world)
        counters = _Counters()
        batch = PeopleBatch()
        for village, target in zip(self.world.villages, self.sizes, strict=True):
            if target:
                counters.enter(village.district)
                _VillagePlan(self, village, target, ids, counters).into(batch)
            if batch.living >= size:
                yield batch
                batch = PeopleBatch()
        if batch.families:
            yield batch


class _Ids:
    def __init__(self, world: RegistryWorld):
        self.cluster, self.family = world.first_cluster_id, world.first_family_id
        self.resident = world.first_resident_id


class _Counters:
    """Sequence numbers of NIKs and KK numbers: one kecamatan at a time (villages come in code order)."""

    def __init__(self):
        self.district = ""
        # Keyed by the digits, not the date: 1924-10-04 and 2024-10-04 share "041024".
        self.nik: dict[tuple[int, int, int, str], int] = {}
        self.kk: dict[tuple[int, int, int], int] = {}

    def enter(self, district: str) -> None:
        if district != self.district:
            self.district, self.nik, self.kk = district, {}, {}

    def next_nik(self, person: Person) -> str:
        birth = person.birth_date
        key = (birth.day, birth.month, birth.year % 100, person.sex)
        seq = self.nik.get(key, 0) + 1
        if seq > 9999:
            raise ValueError(f"Nomor urut NIK habis untuk {key} di kecamatan {self.district}.")
        self.nik[key] = seq
        return build_nik(district_code=self.district, birth_date=person.birth_date, sex=person.sex, seq=seq)

    def next_kk(self, issued: date) -> str:
        key = (issued.day, issued.month, issued.year % 100)
        seq = self.kk.get(key, 0) + 1
        if seq > 9999:
            raise ValueError(f"Nomor urut KK habis untuk {issued} di kecamatan {self.district}.")
        self.kk[key] = seq
        return f"{self.district.replace('.', '')}{issued:%d%m%y}{seq:04d}"


class _VillagePlan:
    def __init__(self, planner: PeoplePlanner, village: Village, target: int, ids: _Ids, counters: _Counters):
        self.p, self.village, self.target, self.ids, self.counters = planner, village, target, ids, counters
        self.rng = random.Random(f"{planner.seed}-people-{village.code}")  # noqa: S311 - reproducible data
        district_name = planner.world.district_names.get(village.district, "Bojonegoro")
        self.maker = HouseholdMaker(self.rng, as_of=planner.as_of, district_name=district_name)
        self.operator = planner.operators[village.code]
        self.events: list[Event] = []

    def into(self, batch: PeopleBatch) -> None:
        clusters = self._clusters()
        homes: list[Household] = []
        living = 0
        while living < self.target:
            home = self.maker.household()
            del home.members[self.target - living :]  # the last household fills the village exactly
            living += len(home.members)
            homes.append(home)
        self._births(homes)
        self._deaths(homes)
        self._moves_out(homes)
        self._moves_in(homes)
        batch.clusters += clusters
        for home in homes:
            batch.families.append(self._family(home, clusters))
        batch.events += self.events
        batch.living += living

    # --- places and numbers ---------------------------------------------------------------

    def _clusters(self) -> list[Cluster]:
        rng = self.rng
        families = max(1, round(self.target / MEAN_FAMILY))
        rts = max(1, round(families / rng.uniform(30, 55)))
        if self.village.is_kelurahan:
            dusuns = [""]  # a kelurahan has RW and RT only
        else:
            dusuns = rng.sample(texts.DUSUN_NAMES, min(max(1, round(rts / rng.uniform(3, 5))), 8))
            if rng.random() < 0.7:
                dusuns[0] = "Krajan"
        # RTs shared out among the dusun, each dusun's RTs split into one or two RWs numbered
        # across the village (a kelurahan's into RWs of 4-7 RTs); RT numbers restart in each RW.
        out, rw = [], 0
        for index, dusun in enumerate(dusuns):
            share = rts // len(dusuns) + (index < rts % len(dusuns))
            if share == 0:
                continue
            groups = max(1, round(share / rng.uniform(4, 7)))  # kelurahan
            if dusun:
                groups = 1 if share < 4 else rng.choice((1, 2))
            for group in range(groups):
                rw += 1
                in_group = share // groups + (group < share % groups)
                for rt in range(1, in_group + 1):
                    out.append(Cluster(self.ids.cluster, self.village.code, dusun, f"{rw:03d}", f"{rt:03d}"))
                    self.ids.cluster += 1
        return out

    def _family(self, home: Household, clusters: list[Cluster]) -> Family:
        rng = self.rng
        cluster = rng.choice(clusters)
        if cluster.dusun:
            address = f"Dusun {cluster.dusun}"
        else:
            address = f"Jl. {rng.choice(texts.TOWN_STREETS)} No. {rng.randint(1, 150)}"
        members = home.members + home.extra
        youngest = max(p.birth_date for p in home.members)
        earliest = max(date(2005, 1, 1), youngest)
        back = min(int(rng.expovariate(1 / 1800)), (self.p.as_of - earliest).days)
        issued = self.p.as_of - timedelta(days=max(back, 0))
        family = Family(self.ids.family, self.counters.next_kk(issued), self.village, cluster, address, members)
        self.ids.family += 1
        religion = h.RELIGIONS.pick(rng)
        for person in members:
            person.id = self.ids.resident
            self.ids.resident += 1
            person.nik = self.counters.next_nik(person)
            person.religion = religion
            if person.created_at is None:
                person.created_at = person.updated_at = self.p.registered_at
        return family

    # --- the last twelve months -----------------------------------------------------------

    def _day(self) -> date:
        return self.p.window_start + timedelta(days=self.rng.randrange(WINDOW_DAYS))

    def _event(self, person: Person, kind: str, day: date, *, village=None, operator=None, **extra) -> Event:
        rng = self.rng
        report = min(self.p.as_of, day + timedelta(days=min(int(rng.expovariate(1 / 4)), 45)))
        at = datetime.combine(report, time(8 + rng.randrange(7), rng.randrange(60)), tzinfo=self.p.tz)
        event = Event(person, kind, day, report, village or self.village.code, operator or self.operator, at, **extra)
        self.events.append(event)
        return event

    def _count(self, rate: float) -> int:
        return int(self.target * rate + self.rng.random())

    def _births(self, homes: list[Household]) -> None:
        for home in homes:
            for person in home.members:
                if person.birth_date >= self.p.window_start:
                    event = self._event(person, Kind.BIRTH, person.birth_date)
                    person.created_at = person.updated_at = event.recorded_at

    def _close(self, home: Household, person: Person, kind: str, status: str, day: date, **extra) -> None:
        person.status = status
        person.created_at = self.p.registered_at
        person.updated_at = self._event(person, kind, day, **extra).recorded_at
        home.extra.append(person)

    def _deaths(self, homes: list[Household]) -> None:
        for _n in range(self._count(DEATH_RATE)):
            found = self._deceased(homes)
            if found is not None:
                home, dead = found
                self._close(home, dead, Kind.DEATH, h.DEAD_STATUS, self._day())

    def _deceased(self, homes: list[Household]) -> tuple[Household, Person] | None:
        """The late spouse of a widowed head (half the time there is one) or an elderly parent of a
        head of 30 or more; None when 30 tries find neither (a village of a few people)."""
        rng = self.rng
        for _try in range(30):
            home = rng.choice(homes)
            head = home.members[0]
            if home.late_spouse and rng.random() < 0.5:
                name, age = home.late_spouse
                home.late_spouse = None
                sex = "P" if head.sex == "L" else "L"
                # A dead husband was the head: the headship passed to his widow, and his record
                # keeps the relation "Kepala Keluarga" without the headship, as villages.events does.
                dead = self.maker.person(sex, age, h.HEAD if sex == "L" else h.WIFE, h.MARRIED, local=0.85)
                dead.name = name
                return home, dead
            age = home.head_age + rng.uniform(20, 34)
            if home.head_age >= 30 and age <= 98:
                dead = self.maker.person("P" if rng.random() < 0.6 else "L", age, h.PARENT, h.WIDOWED, local=0.9)
                if dead.sex == "P":
                    head.mother = dead.name
                else:
                    head.father = dead.name
                return home, dead
        return None

    def _moves_out(self, homes: list[Household]) -> None:
        """Grown children of heads of 42 or more who left the regency (status ``pindah``)."""
        rng = self.rng
        for _n in range(self._count(OUT_RATE)):
            home = next((home for home in (rng.choice(homes) for _try in range(30)) if home.head_age >= 42), None)
            if home is None:
                continue
            age = rng.uniform(18, min(33, home.head_age - 20))
            marital = h.MARRIED if age > 24 and rng.random() < 0.35 else h.SINGLE
            child = self.maker.person(
                rng.choice("LP"), age, h.CHILD, marital,
                father=home.children_father, mother=home.children_mother, local=0.95,
            )  # fmt: skip
            self._close(home, child, Kind.MOVE_OUT, h.MOVED_STATUS, self._day(), destination=self._place())

    def _place(self) -> str:
        return self.rng.choice(texts.MOVE_PLACES)

    def _moves_in(self, homes: list[Household]) -> None:
        """In-laws, relatives, helpers and young wives who came in the last year (they live here)."""
        rng = self.rng
        candidates = [
            person
            for home in homes
            for person in home.members[1:]
            if person.created_at is None
            and person.birth_date < self.p.window_start - timedelta(days=17 * 365)
            and (person.relation in MOVERS or (person.relation == h.WIFE and home.head_age < 32))
        ]
        within, outside = self._count(WITHIN_RATE), self._count(IN_RATE)
        others = [v.code for v in self.p.world.villages if v.code != self.village.code]
        for index, person in enumerate(rng.sample(candidates, min(len(candidates), within + outside))):
            day = self._day()
            if index < within and others:
                origin = rng.choice(others)
                operator = self.p.operators[origin]
                came = self._event(person, Kind.MOVE_IN, day, other_village=origin)
                out = self._event(person, Kind.MOVE_OUT, day, village=origin, operator=operator)
                out.other_village = self.village.code
                out.report_date, out.recorded_at = came.report_date, came.recorded_at
            else:
                came = self._event(person, Kind.MOVE_IN, day, destination=self._place())
            person.created_at = person.updated_at = came.recorded_at
