"""Demo data: one populated village, written through the services (so it is audited and valid).

``seed_demo_village()`` fills the first village of the regency by code (35.22.01.2001 in
Bojonegoro) with ~40 families and ~150 residents with valid NIKs, plus births, deaths and moves
in the last months. Deterministic (fixed random seed) and idempotent: a village that already
has residents is left alone.
"""

import random
from datetime import date, timedelta

from django.utils import timezone

from pamong.accounts.models import Role, User
from pamong.regions.models import Region
from pamong.regions.queries import regency_villages

from . import events, services
from .models import Lookup, Resident
from .nik import build_nik

MALE = ("Sutrisno", "Bambang", "Suparman", "Darmaji", "Slamet", "Wahyudi", "Agus", "Joko", "Budi", "Hartono",
        "Sugeng", "Mulyono", "Eko", "Heri", "Supriyadi", "Teguh", "Imam", "Ahmad", "Rohmad", "Kasmin")  # fmt: skip
FEMALE = ("Siti", "Sri", "Sumiati", "Endang", "Wartini", "Suparti", "Lestari", "Ning", "Yuliana", "Dewi",
          "Rahayu", "Sulastri", "Tutik", "Wiwik", "Kasiyem", "Painem", "Murni", "Anik", "Umi", "Nur")  # fmt: skip
SURNAMES = ("", "Santoso", "Wibowo", "Hidayat", "Rahmawati", "Setiawan", "Purnomo", "Susanti", "Prasetyo")
DUSUN = ("Krajan", "Ngablak", "Sidomulyo")
FAMILIES = 40


class _Seeder:
    def __init__(self, village: Region, by: User):
        self.village, self.by = village, by
        self.rng = random.Random(3522)  # noqa: S311 (demo data, not security)
        self.seq = 0
        self.today = timezone.localdate()
        self.lookups = {(lk.kind, lk.code): lk for lk in Lookup.objects.all()}

    def lk(self, kind: str, code: int) -> Lookup:
        return self.lookups[(kind, code)]

    def name(self, sex: str) -> str:
        first = self.rng.choice(MALE if sex == "L" else FEMALE)
        last = self.rng.choice(SURNAMES)
        return f"{first} {last}".strip()

    def person(self, *, sex: str, birth: date, married: bool, adult: bool) -> services.Person:
        self.seq += 1
        religion = 1 if self.rng.random() < 0.95 else self.rng.choice([2, 3])
        return services.Person(
            name=self.name(sex),
            sex=sex,
            birth_place=self.rng.choice(["Bojonegoro", "Tuban", "Lamongan", "Ngawi"]),
            birth_date=birth,
            religion=self.lk("religion", religion),
            marital_status=self.lk("marital_status", 2 if married else 1),
            nik=build_nik(district_code=self.village.parent_id, birth_date=birth, sex=sex, seq=self.seq),
            education=self.lk("education", self.rng.randint(3, 8) if adult else self.rng.randint(1, 3)),
            occupation=self.lk("occupation", self.rng.choice([9, 19, 20, 8, 88, 2, 15]) if adult else 3),
            blood_type=self.lk("blood_type", self.rng.randint(1, 13)),
        )

    def birth_date(self, min_age: int, max_age: int) -> date:
        return self.today - timedelta(days=self.rng.randint(min_age * 365 + 1, max_age * 365))

    def family(self, index: int):
        cluster = services.ensure_cluster(
            village=self.village, dusun=DUSUN[index % 3], rw=str(index % 3 + 1), rt=str(index % 4 + 1)
        )
        head_birth = self.birth_date(25, 75)
        kk = f"{self.village.parent_id.replace('.', '')}{head_birth:%d%m%y}{index + 1:04d}"
        family = services.create_family(
            by=self.by, village=self.village, number=kk, address=f"RT {index % 4 + 1:03d}", cluster=cluster,
            head=self.person(sex="L", birth=head_birth, married=True, adult=True),
        )  # fmt: skip
        if self.rng.random() < 0.85:
            wife_birth = min(head_birth + timedelta(days=self.rng.randint(0, 2500)), self.today - timedelta(days=6600))
            self.member(family, "3", self.person(sex="P", birth=wife_birth, married=True, adult=True))
        for _child in range(self.rng.randint(1, 3)):
            age_cap = max(1, min(30, (self.today - head_birth).days // 365 - 20))
            birth = self.birth_date(1, age_cap)
            sex = self.rng.choice("LP")
            self.member(family, "4", self.person(sex=sex, birth=birth, married=False, adult=age_cap > 18))
        if self.rng.random() < 0.1:
            self.member(family, "7", self.person(sex="P", birth=self.birth_date(70, 90), married=True, adult=True))
        return family

    def member(self, family, relation, person):
        return services.add_member(by=self.by, family=family, person=person, relation=relation)

    def history(self, families) -> None:
        """Births, a death, moves in and out over the last months, for the monthly report."""
        for months_ago, family in zip((1, 2, 3, 5), families[:4], strict=True):
            day = self.today - timedelta(days=30 * months_ago)
            baby = self.person(sex=self.rng.choice("LP"), birth=day, married=False, adult=False)
            events.record_birth(by=self.by, family=family, person=baby, event_date=day, report_date=day)
        head = families[10].members.get(is_head=True)
        heir = families[10].members.exclude(pk=head.pk).order_by("birth_date").first()
        day = self.today - timedelta(days=40)
        events.record_death(by=self.by, resident=head, event_date=day, report_date=day, new_head=heir)
        child = Resident.objects.filter(village=self.village, relation="4", status="hidup").order_by("pk").last()
        if child is not None:
            day = self.today - timedelta(days=20)
            destination = regency_villages().exclude(pk=self.village.pk).first()
            if destination is not None:
                events.move_out(by=self.by, resident=child, event_date=day, report_date=day, to_village=destination)
            else:
                events.move_out(by=self.by, resident=child, event_date=day, report_date=day, destination="Surabaya")
        day = self.today - timedelta(days=10)
        events.move_in(
            by=self.by, village=self.village, person=self.person(sex="L", birth=self.birth_date(25, 40), married=False,
            adult=True), event_date=day, report_date=day, origin="Kabupaten Tuban",
        )  # fmt: skip


def demo_village() -> Region | None:
    """The regency's first village by code (the demo operator's village)."""
    return regency_villages().order_by("code").first()


def seed_demo_village(*, by: User | None = None, village: Region | None = None) -> Region | None:
    """Populate ``village`` (default: the first of the regency) unless it already has residents.

    ``by`` is the recording operator; default: the village's first operator, else an admin.
    Returns the village (None when no regions are loaded). Raises ValueError without an actor.
    """
    village = village or demo_village()
    if village is None:
        return None
    if Resident.objects.filter(village=village).exists():
        return village
    if by is None:
        by = (
            User.objects.filter(role=Role.VILLAGE_OPERATOR, village=village, is_active=True).order_by("pk").first()
            or User.objects.filter(role=Role.ADMIN, is_active=True).order_by("pk").first()
        )
    if by is None:
        raise ValueError("seed_demo_village needs a village operator or an admin user to record the data.")
    services.seed_lookups()
    seeder = _Seeder(village, by)
    families = [seeder.family(index) for index in range(FAMILIES)]
    seeder.history(families)
    return village
