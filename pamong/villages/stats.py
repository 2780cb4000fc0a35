"""Population statistics of a village, a kecamatan or the regency, and the monthly change report.

Every figure is one GROUP BY over the living residents of the scope (no per-row Python), by
sex so each table shows L / P / total. Ages are computed in the database by comparing the birth
date with cut-off dates, which works the same on SQLite and PostgreSQL.

Public pages show counts of 1-4 as "<5" (``suppress``); staff see full numbers.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from pamong.regions.models import Region

from .models import Lookup, PopulationEvent, Resident

SMALL_COUNT = 5
PYRAMID_BAND_YEARS = 5
PYRAMID_OPEN_FROM = 80
# Lower bounds of the age groups (the last one is open-ended): balita, school ages, working age, elderly.
AGE_GROUPS = (0, 5, 7, 13, 16, 19, 60)


@dataclass
class Row:
    label: str
    male: int | str = 0
    female: int | str = 0
    total: int | str = 0


@dataclass
class Table:
    key: str
    title: str
    rows: list[Row] = field(default_factory=list)
    # Set on suppressed copies: the exact totals of the full table.
    fixed_total: Row | None = None

    @property
    def total(self) -> Row:
        if self.fixed_total is not None:
            return self.fixed_total
        rows = [r for r in self.rows if isinstance(r.total, int)]
        return Row(
            str(_("Jumlah")),
            sum(r.male for r in rows if isinstance(r.male, int)),
            sum(r.female for r in rows if isinstance(r.female, int)),
            sum(r.total for r in rows),
        )


def scope_q(region: Region, field_name: str = "village") -> Q:
    """Rows of a village (one indexed equality) or of every village under a kecamatan/regency."""
    if region.level == Region.Level.VILLAGE:
        return Q(**{f"{field_name}_id": region.pk})
    if region.pk == settings.PAMONG_REGION:
        # The served regency: the registry holds only its villages (pages reach villages through
        # get_village_in_regency), so no filter, and no LIKE the planner cannot index.
        return Q()
    return Q(**{f"{field_name}__code__startswith": region.pk + "."})


def living(region: Region) -> QuerySet[Resident]:
    return Resident.objects.filter(scope_q(region), status=Resident.Status.ALIVE)


def _by_sex(qs: QuerySet, keys: list[str]) -> dict[tuple, list[int]]:
    """{group key: [male, female]} from one GROUP BY (keys + sex)."""
    out: dict[tuple, list[int]] = {}
    for row in qs.values(*keys, "sex").annotate(n=Count("pk")).order_by():
        counts = out.setdefault(tuple(row[k] for k in keys), [0, 0])
        counts[0 if row["sex"] == Resident.Sex.MALE else 1] += row["n"]
    return out


def _rows(groups: dict[tuple, list[int]], labels: list[tuple[tuple, str]]) -> list[Row]:
    rows = []
    for key, label in labels:
        male, female = groups.get(key, [0, 0])
        rows.append(Row(label, male, female, male + female))
    return rows


def lookup_table(region: Region, name: str, title: str) -> Table:
    """By a reference list (religion, education, …): every entry with residents, then "not filled"."""
    groups = _by_sex(living(region), [f"{name}__code", f"{name}__name"])
    labels = [(key, key[1]) for key in sorted(k for k in groups if k[0] is not None)]
    if (None, None) in groups:
        labels.append(((None, None), str(_("Belum diisi"))))
    return Table(name, title, _rows(groups, labels))


def choice_table(region: Region, name: str, title: str, choices) -> Table:
    groups = _by_sex(living(region), [name])
    return Table(name, title, _rows(groups, [((value,), str(label)) for value, label in choices]))


def years_before(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def _age_band(today: date, lower_bounds: tuple[int, ...]) -> Case:
    """Index of the band a birth date falls in: age >= n ⇔ birth_date <= today - n years."""
    whens = [
        When(birth_date__gt=years_before(today, bound), then=Value(index))
        for index, bound in enumerate(lower_bounds[1:])
    ]
    return Case(*whens, default=Value(len(lower_bounds) - 1), output_field=IntegerField())


def _band_labels(lower_bounds: tuple[int, ...]) -> list[tuple[tuple, str]]:
    labels = []
    for index, low in enumerate(lower_bounds):
        if index + 1 < len(lower_bounds):
            labels.append(((index,), f"{low}-{lower_bounds[index + 1] - 1}"))
        else:
            labels.append(((index,), f"{low}+"))
    return labels


def age_table(region: Region, key: str, title: str, lower_bounds: tuple[int, ...], today: date) -> Table:
    qs = living(region).annotate(band=_age_band(today, lower_bounds))
    return Table(key, title, _rows(_by_sex(qs, ["band"]), _band_labels(lower_bounds)))


PYRAMID_BOUNDS = tuple(range(0, PYRAMID_OPEN_FROM + 1, PYRAMID_BAND_YEARS))


def figures(region: Region, *, today: date) -> list[Table]:
    """Every statistics table of the scope, in page order (one query each)."""
    kinds = dict(Lookup.Kind.choices)
    return [
        choice_table(region, "sex", str(_("Jenis kelamin")), Resident.Sex.choices),
        age_table(region, "pyramid", str(_("Piramida penduduk (kelompok umur 5 tahun)")), PYRAMID_BOUNDS, today),
        age_table(region, "age_groups", str(_("Kelompok umur")), AGE_GROUPS, today),
        lookup_table(region, "religion", str(kinds["religion"])),
        lookup_table(region, "education", str(kinds["education"])),
        lookup_table(region, "occupation", str(kinds["occupation"])),
        lookup_table(region, "marital_status", str(kinds["marital_status"])),
        choice_table(region, "relation", str(_("Hubungan dalam keluarga")), Resident.Relation.choices),
        choice_table(region, "citizenship", str(_("Kewarganegaraan")), Resident.Citizenship.choices),
        lookup_table(region, "blood_type", str(kinds["blood_type"])),
        lookup_table(region, "disability", str(kinds["disability"])),
    ]


FIGURE_KEYS = (
    "sex", "pyramid", "age_groups", "religion", "education", "occupation", "marital_status",
    "relation", "citizenship", "blood_type", "disability",
)  # fmt: skip


def figure(region: Region, key: str, *, today: date) -> Table:
    """One table by key (for CSV export); KeyError for an unknown key."""
    if key not in FIGURE_KEYS:
        raise KeyError(key)
    return next(t for t in figures(region, today=today) if t.key == key)


def small(value):
    return f"<{SMALL_COUNT}" if isinstance(value, int) and 0 < value < SMALL_COUNT else value


def suppress(table: Table) -> Table:
    """The public version: counts of 1-4 shown as "<5" (zeros and the grand total stay)."""
    rows = [Row(r.label, small(r.male), small(r.female), small(r.total)) for r in table.rows]
    # The total row stays exact: the population by sex is public anyway.
    return Table(table.key, table.title, rows, fixed_total=table.total)


def to_csv(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([table.title, str(_("Laki-laki")), str(_("Perempuan")), str(_("Jumlah"))])
    for row in [*table.rows, table.total]:
        writer.writerow([row.label, row.male, row.female, row.total])
    return out.getvalue()


# --- monthly population change ---------------------------------------------------------------

IN_KINDS = (PopulationEvent.Kind.BIRTH, PopulationEvent.Kind.MOVE_IN)
OUT_KINDS = (
    PopulationEvent.Kind.DEATH,
    PopulationEvent.Kind.MOVE_OUT,
    PopulationEvent.Kind.LOST,
    PopulationEvent.Kind.LEFT,
)
REPORT_COLUMNS = ("opening", "lahir", "mati", "pindah_masuk", "pindah_keluar", "hilang", "pergi", "closing")
REPORT_COLUMN_LABELS = (
    _("Awal bulan"), _("Lahir"), _("Mati"), _("Pindah masuk"), _("Pindah keluar"), _("Hilang"), _("Pergi"),
    _("Akhir bulan"),
)  # fmt: skip


def month_bounds(year: int, month: int) -> tuple[date, date]:
    start = date(year, month, 1)
    end = date(year + (month == 12), month % 12 + 1, 1)
    return start, end


def monthly_report(region: Region, year: int, month: int) -> dict[str, dict[str, int]]:
    """Opening, each kind of event and closing of one month, by sex ("L", "P", "total").

    Computed from the event log backwards from today's registry: closing = living residents now
    - the net effect of events dated after the month; opening = closing - the month's net
    effect. So opening + lahir + pindah_masuk - mati - pindah_keluar - hilang - pergi = closing
    holds by construction. Residents registered without an event (first data entry, imports)
    count as having lived here all along. Two queries.
    """
    start, end = month_bounds(year, month)
    now = _by_sex(living(region), [])
    events = (
        PopulationEvent.objects.filter(scope_q(region), event_date__gte=start)
        .values("kind", "resident__sex")
        .annotate(
            during=Count("pk", filter=Q(event_date__lt=end)),
            after=Count("pk", filter=Q(event_date__gte=end)),
        )
        .order_by()
    )
    report = {sex: dict.fromkeys(REPORT_COLUMNS, 0) for sex in ("L", "P")}
    after = {"L": 0, "P": 0}
    for row in events:
        sex, sign = row["resident__sex"], (1 if row["kind"] in IN_KINDS else -1)
        report[sex][row["kind"]] += row["during"]
        after[sex] += sign * row["after"]
    for index, sex in enumerate(("L", "P")):
        cols = report[sex]
        cols["closing"] = now.get((), [0, 0])[index] - after[sex]
        net = sum(cols[k] for k in IN_KINDS) - sum(cols[k] for k in OUT_KINDS)
        cols["opening"] = cols["closing"] - net
    report["total"] = {col: report["L"][col] + report["P"][col] for col in REPORT_COLUMNS}
    return report


def monthly_csv(report: dict[str, dict[str, int]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["", *(str(label) for label in REPORT_COLUMN_LABELS)])
    for sex, label in (("L", _("Laki-laki")), ("P", _("Perempuan")), ("total", _("Jumlah"))):
        writer.writerow([str(label), *(report[sex][c] for c in REPORT_COLUMNS)])
    return out.getvalue()
