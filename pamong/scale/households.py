"""One household of a generated village, as the family card (KK) lists it.

Households are built around a woman's life rather than by drawing ages independently, so the
regency's age pyramid comes out of plausible families: a married (or widowed, or divorced)
woman of an age drawn from the adult pyramid, her husband a few years older, the children she
had between 19 and 44 (fewer for younger generations), of whom the older ones have often left
to start their own household; sometimes a married child stays with a spouse (menantu) and
grandchildren, or a widowed parent (orang tua/mertua), a relative or a household help lives
with them; some households are a man living alone. Education, occupation and marital status
follow age, sex and generation. Ages are in years at the plan's date (``as_of``).

Everything here is a pure function of the random generator it is given.
"""

import bisect
import itertools
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from pamong.villages.models import Resident

from . import texts

Rel = Resident.Relation
HEAD, HUSBAND, WIFE, CHILD = Rel.HEAD.value, Rel.HUSBAND.value, Rel.WIFE.value, Rel.CHILD.value
CHILD_IN_LAW, GRANDCHILD, PARENT = Rel.CHILD_IN_LAW.value, Rel.GRANDCHILD.value, Rel.PARENT.value
PARENT_IN_LAW, OTHER_FAMILY, HELP = Rel.PARENT_IN_LAW.value, Rel.OTHER_FAMILY.value, Rel.HOUSEHOLD_HELP.value
ALIVE, DEAD_STATUS, MOVED_STATUS = Resident.Status.ALIVE.value, Resident.Status.DEAD.value, Resident.Status.MOVED.value

# Lookup codes (villages/data/lookups.csv: the Dukcapil numbering).
SINGLE, MARRIED, DIVORCED, WIDOWED = 1, 2, 3, 4
NO_SCHOOL, PRIMARY_UNFINISHED, PRIMARY, JUNIOR, SENIOR = 1, 2, 3, 4, 5
NOT_WORKING, HOUSEWIFE, PUPIL, RETIRED, HELPER = 1, 2, 3, 4, 23
BLOOD_UNKNOWN = 13


class Table:
    """Values with weights, drawn with one random number (``random.choices`` recomputes the
    cumulative weights on every call; a million residents make that the plan's main cost)."""

    __slots__ = ("cum", "total", "values")

    def __init__(self, values, weights):
        self.values = tuple(values)
        self.cum = tuple(itertools.accumulate(weights))
        self.total = self.cum[-1]

    def pick(self, rng: random.Random):
        return self.values[min(bisect.bisect_right(self.cum, rng.random() * self.total), len(self.values) - 1)]


# Bojonegoro: ~99 % Muslim (BPS), a few Protestant and Catholic families, very few others.
RELIGIONS = Table((1, 2, 3, 4, 5, 6, 7), (99.1, 0.5, 0.25, 0.05, 0.04, 0.02, 0.04))
# Mostly unknown: few villagers have had their blood typed; the known ones as Indonesia's mix.
BLOOD_TYPES = Table((13, 1, 2, 3, 4, 5, 7, 9, 11), (85, 3.5, 4, 1, 5.5, 0.2, 0.2, 0.1, 0.5))
DISABILITIES = Table((None, 1, 2, 3, 4, 6), (99, 0.35, 0.15, 0.15, 0.25, 0.1))
# A married, widowed or divorced woman's age: roughly the adult pyramid of East Java.
WOMAN_AGES = Table(
    ((19, 25), (25, 30), (30, 35), (35, 40), (40, 45), (45, 50), (50, 55), (55, 60), (60, 65), (65, 70),
     (70, 75), (75, 80), (80, 92)),
    (5, 9, 10, 10, 10, 9.5, 9, 8, 6.5, 5, 3.5, 2.2, 1.5),
)  # fmt: skip
SINGLE_MAN_AGES = Table(((22, 35), (35, 60), (60, 90)), (30, 30, 40))
# Children ever born, for women born before 1985 and after (fertility has fallen to ~2).
BIRTHS_OLDER = Table(range(7), (4, 13, 36, 27, 12, 5, 3))
BIRTHS_YOUNGER = Table(range(7), (5, 22, 45, 19, 7, 1.5, 0.5))
# Education in KK of adults by birth year: older villagers mostly finished primary school.
EDUCATION = (
    (1990, Table((1, 2, 3, 4, 5, 6, 7, 8, 9), (1, 2, 12, 22, 45, 2, 4, 11, 1))),
    (1970, Table((1, 2, 3, 4, 5, 6, 7, 8, 9), (3, 6, 30, 24, 28, 1, 2, 6, 0.5))),
    (1955, Table((1, 2, 3, 4, 5, 6, 7, 8), (10, 15, 42, 14, 14, 1, 1, 3))),
    (0, Table((1, 2, 3, 4, 5, 8), (28, 25, 35, 6, 5, 1))),
)
YOUNG_EDUCATION = Table((PRIMARY, JUNIOR, SENIOR, 6, 7), (5, 10, 80, 2, 3))
# Occupations (Dukcapil codes) of working-age adults: a farming regency with oil and gas.
WORK = {
    "L": Table(
        (9, 20, 19, 88, 15, 84, 26, 81, 27, 35, 10, 12, 1, 8), (26, 10, 12, 14, 11, 6, 3, 2, 1, 1, 1.5, 1.5, 4, 1)
    ),
    "P": Table((2, 9, 20, 84, 88, 15, 19, 30, 1, 23), (40, 13, 6, 8, 8, 7, 4, 1, 6, 0.5)),
}
# With a diploma or degree: civil service, teaching, health, village office, company jobs.
SKILLED = {
    "L": Table((5, 65, 15, 88, 6, 7, 85, 16, 64, 72, 9, 84, 1, 18), (14, 12, 22, 12, 3, 3, 5, 3, 1, 1, 6, 5, 6, 5)),
    "P": Table((5, 65, 15, 88, 73, 74, 2, 84, 18, 1), (12, 20, 18, 8, 5, 6, 12, 5, 6, 8)),
}
OLD = {"L": Table((9, 1, 4, 88, 20), (40, 40, 8, 6, 6)), "P": Table((2, 1, 9, 4, 84), (45, 38, 12, 3, 2))}
# Share of children still in their parents' household, by age.
STAYS = ((19, 1.0), (25, 0.7), (30, 0.38), (35, 0.2), (200, 0.1))


def required_lookups() -> set[tuple[str, int]]:
    """Every (kind, code) a plan may use, so a missing reference row fails before planning."""
    occupations = {NOT_WORKING, HOUSEWIFE, PUPIL, RETIRED, HELPER}
    for table in (*WORK.values(), *SKILLED.values(), *OLD.values()):
        occupations |= set(table.values)
    education = {code for _since, table in EDUCATION for code in table.values} | set(YOUNG_EDUCATION.values)
    kinds = {
        "religion": set(RELIGIONS.values),
        "marital_status": {SINGLE, MARRIED, DIVORCED, WIDOWED},
        "education": education,
        "occupation": occupations,
        "blood_type": set(BLOOD_TYPES.values),
        "disability": {code for code in DISABILITIES.values if code is not None},
    }
    return {(kind, code) for kind, codes in kinds.items() for code in codes}


def _widowed_share(age: float) -> float:
    for limit, share in ((40, 0.02), (50, 0.05), (60, 0.11), (70, 0.26), (80, 0.48), (200, 0.68)):
        if age < limit:
            return share
    return 0.68


@dataclass(slots=True)
class Person:
    sex: str
    birth_date: date
    name: str
    relation: str
    marital: int
    education: int
    occupation: int
    birth_place: str
    father: str = ""
    mother: str = ""
    religion: int = 1
    blood: int = BLOOD_UNKNOWN
    disability: int | None = None
    is_head: bool = False
    status: str = ALIVE
    id: int = 0
    nik: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(slots=True)
class Household:
    members: list[Person]
    head_age: float
    # The husband or wife who died before the plan (widowed heads), for a recent death event.
    late_spouse: tuple[str, float] | None = None
    children_father: str = ""
    children_mother: str = ""
    extra: list[Person] = field(default_factory=list)  # dead or moved-out members, added later


class HouseholdMaker:
    def __init__(self, rng: random.Random, *, as_of: date, district_name: str):
        self.rng, self.as_of = rng, as_of
        self.places = ("Bojonegoro", district_name)

    # --- one person -----------------------------------------------------------------------

    def birth_date(self, age: float) -> date:
        return self.as_of - timedelta(days=int(age * 365.25))

    def name(self, sex: str, year: int) -> str:
        rng = self.rng
        male = sex == "L"
        x = rng.random()
        if year < 1965:
            first = rng.choice(texts.MALE_NAMES_OLD if male else texts.FEMALE_NAMES_OLD)
            words = 1 if x < 0.85 else 2
        elif year < 1990:
            first = rng.choice(texts.MALE_NAMES_MIDDLE if male else texts.FEMALE_NAMES_MIDDLE)
            words = 1 if x < 0.4 else 2 if x < 0.95 else 3
        else:
            first = rng.choice(texts.MALE_NAMES_YOUNG if male else texts.FEMALE_NAMES_YOUNG)
            words = 1 if x < 0.15 else 2 if x < 0.7 else 3
            if male and x > 0.8:
                first = f"{rng.choice(('Muhammad', 'Ahmad', 'Moch.'))} {first}"
        if words == 1:
            return first
        second = texts.MALE_SECOND if male else texts.FEMALE_SECOND
        if words == 2:
            return f"{first} {rng.choice(second)}"
        return " ".join([first, *rng.sample(second, 2)])

    def education(self, age: float, year: int) -> int:
        if age < 7:
            return NO_SCHOOL
        if age < 13:
            return PRIMARY_UNFINISHED
        if age < 16:
            return PRIMARY
        if age < 19:
            return JUNIOR
        if age < 23:
            return YOUNG_EDUCATION.pick(self.rng)
        for since, table in EDUCATION:
            if year >= since:
                return table.pick(self.rng)
        return PRIMARY

    def occupation(self, sex: str, age: float, education: int) -> int:
        rng = self.rng
        if age < 5:
            return NOT_WORKING
        if age < 16 or (age < 19 and rng.random() < 0.85):
            return PUPIL
        if age < 24 and education >= SENIOR and rng.random() < 0.3:
            return PUPIL
        if age < 24 and rng.random() < 0.25:
            return NOT_WORKING
        if age >= 65:
            if education >= 6 and rng.random() < 0.6:
                return RETIRED
            return OLD[sex].pick(rng)
        if education >= 6:
            return SKILLED[sex].pick(rng)
        return WORK[sex].pick(rng)

    def person(self, sex: str, age: float, relation: str, marital: int, *, father="", mother="", local=0.5) -> Person:
        """``local``: the chance of being born in the regency (children more than in-laws)."""
        rng = self.rng
        birth = self.birth_date(age)
        education = self.education(age, birth.year)
        if rng.random() < local:
            place = self.places[0] if rng.random() < 0.6 else self.places[1]
        else:
            place = rng.choice(texts.OTHER_BIRTH_PLACES)
        return Person(
            sex=sex,
            birth_date=birth,
            name=self.name(sex, birth.year),
            relation=relation,
            marital=marital,
            education=education,
            occupation=self.occupation(sex, age, education),
            birth_place=place,
            father=father or self.name("L", birth.year - 28),
            mother=mother or self.name("P", birth.year - 25),
            blood=BLOOD_TYPES.pick(rng),
            disability=DISABILITIES.pick(rng) if age >= 1 else None,
        )

    # --- one household --------------------------------------------------------------------

    def household(self) -> Household:
        rng = self.rng
        if rng.random() < 0.07:
            return self._single_man()
        low, high = WOMAN_AGES.pick(rng)
        age = rng.uniform(low, high)
        fate = rng.random()
        widowed = fate < _widowed_share(age)
        divorced = not widowed and fate < _widowed_share(age) + (0.04 if age < 60 else 0.01)
        husband_age = max(19.5, age + min(15.0, max(-3.0, rng.gauss(4, 3.5))))
        husband_name = self.name("L", self.birth_date(husband_age).year)
        if widowed or divorced:
            woman = self.person("P", age, HEAD, WIDOWED if widowed else DIVORCED, local=0.85)
            members, head_age = [woman], age
            late = (husband_name, husband_age) if widowed else None
        else:
            husband = self.person("L", husband_age, HEAD, MARRIED, local=0.85)
            husband_name = husband.name
            woman = self.person("P", age, WIFE, MARRIED, local=0.8)
            members, head_age, late = [husband, woman], husband_age, None
            if rng.random() < 0.02:  # a few couples register the wife as head
                husband.relation, woman.relation = HUSBAND, HEAD
                members, head_age = [woman, husband], age
        members[0].is_head = True
        home = Household(members, head_age, late, children_father=husband_name, children_mother=woman.name)
        children = self._children(age, woman.birth_date.year, father=husband_name, mother=woman.name)
        members += children
        if age >= 42 and children and rng.random() < 0.4:
            self._married_child(home, children)
        if not (widowed or divorced) and 25 <= husband_age <= 62 and rng.random() < 0.08:
            self._parent(home, members[0], head_age)
        if rng.random() < 0.03:
            members.append(self.person(rng.choice("LP"), rng.uniform(5, 30), OTHER_FAMILY, SINGLE, local=0.6))
        if rng.random() < 0.002:
            members.append(self.person("P", rng.uniform(20, 50), HELP, rng.choice((SINGLE, MARRIED))))
            members[-1].occupation = HELPER
        return home

    def _single_man(self) -> Household:
        rng = self.rng
        low, high = SINGLE_MAN_AGES.pick(rng)
        age = rng.uniform(low, high)
        if age < 35:
            marital = SINGLE
        elif age < 60:
            marital = DIVORCED if rng.random() < 0.6 else WIDOWED
        else:
            marital = WIDOWED
        man = self.person("L", age, HEAD, marital, local=0.8)
        man.is_head = True
        late = None
        if marital == WIDOWED:
            wife_age = max(19.0, age - rng.uniform(0, 8))
            late = (self.name("P", self.birth_date(wife_age).year), wife_age)
        return Household([man], age, late, children_father=man.name)

    def _children(self, mother_age: float, mother_year: int, *, father: str, mother: str) -> list[Person]:
        rng = self.rng
        count = (BIRTHS_YOUNGER if mother_year >= 1985 else BIRTHS_OLDER).pick(rng)
        at = 19 + min(rng.expovariate(1 / 3.5), 19)
        ages = []
        for _n in range(count):
            if at > 44 or at > mother_age:
                break
            ages.append(mother_age - at)
            at += 2 + rng.expovariate(1 / 2.5)
        kids = []
        for age in ages:  # eldest first, as the KK lists them
            stays = next(share for limit, share in STAYS if age < limit)
            if rng.random() < stays:
                kids.append(self.person(rng.choice("LP"), age, CHILD, SINGLE, father=father, mother=mother, local=0.95))
        return kids

    def _married_child(self, home: Household, children: list[Person]) -> None:
        """The eldest child of 21 or more stays with a spouse and their children (three generations)."""
        rng = self.rng
        child = children[0]
        age = (self.as_of - child.birth_date).days / 365.25
        if age < 21:
            return
        child.marital = MARRIED
        spouse_sex = "P" if child.sex == "L" else "L"
        # Husbands a few years older than their wives, as in the households above.
        spouse_age = max(18.5, age + (1 if spouse_sex == "L" else -1) * rng.uniform(-1, 6))
        spouse = self.person(spouse_sex, spouse_age, CHILD_IN_LAW, MARRIED, local=0.7)
        husband, wife = (child, spouse) if child.sex == "L" else (spouse, child)
        wife_age = age if wife is child else spouse_age
        home.members.append(spouse)
        home.members += [
            self._grandchild(kid)
            for kid in self._children(wife_age, wife.birth_date.year, father=husband.name, mother=wife.name)
        ]

    @staticmethod
    def _grandchild(kid: Person) -> Person:
        kid.relation = GRANDCHILD
        return kid

    def _parent(self, home: Household, head: Person, head_age: float) -> None:
        rng = self.rng
        age = head_age + rng.uniform(20, 36)
        if age > 95:
            return
        sex = "P" if rng.random() < 0.8 else "L"
        relation = PARENT if rng.random() < 0.6 else PARENT_IN_LAW
        elder = self.person(sex, age, relation, WIDOWED, local=0.85)
        if relation == PARENT:
            if sex == "P":
                head.mother = elder.name
            else:
                head.father = elder.name
        home.members.append(elder)
