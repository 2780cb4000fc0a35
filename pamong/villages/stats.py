"""Population statistics of a village, a kecamatan or the regency, and the monthly change report.

Two sources give the same tables:
- live: one GROUP BY per figure over the living residents (no per-row Python), by sex so each
  table shows L / P / total. A village's page uses it: ~3,000 rows, always as of today.
- summary: kecamatan and regency pages add up the per-kecamatan sums of the per-village counts
  (DistrictCount, SummaryCount): one query over a few thousand rows instead of eleven GROUP BYs
  over a million residents, as of the day they were computed.
  villages.statstasks keeps them fresh (after every registry change, and daily for the ages).
Ages are computed in the database by comparing the birth date with cut-off dates, which works
the same on SQLite and PostgreSQL.

The public sees ``public(tables)``: counts 1-4 as "<5" and whatever else would give them away
as "*" (villages.disclosure); staff see full numbers.
"""

import csv
import io
from dataclasses import dataclass, field, replace
from datetime import date

from django.conf import settings
from django.db.models import Case, Count, Exists, IntegerField, Min, OuterRef, Q, QuerySet, Sum, Value, When
from django.utils.translation import gettext_lazy as _

from pamong.regions.codes import descendants_q
from pamong.regions.models import Region

from . import disclosure
from .models import DistrictCount, Lookup, PopulationEvent, Resident, SummaryChange, VillageSummary

SMALL_COUNT = disclosure.SMALL
PYRAMID_BAND_YEARS = 5
PYRAMID_OPEN_FROM = 80
# Lower bounds of the age groups (the last one is open-ended): balita, school ages, working age, elderly.
AGE_GROUPS = (0, 5, 7, 13, 16, 19, 60)
PYRAMID_BOUNDS = tuple(range(0, PYRAMID_OPEN_FROM + 1, PYRAMID_BAND_YEARS))

# key, how it is counted, and what: a Resident choice field, age-band bounds, or a Lookup field.
FIGURES = (
    ("sex", "choice", "sex"),
    ("pyramid", "age", PYRAMID_BOUNDS),
    ("age_groups", "age", AGE_GROUPS),
    ("religion", "lookup", "religion"),
    ("education", "lookup", "education"),
    ("occupation", "lookup", "occupation"),
    ("marital_status", "lookup", "marital_status"),
    ("relation", "choice", "relation"),
    ("citizenship", "choice", "citizenship"),
    ("blood_type", "lookup", "blood_type"),
    ("disability", "lookup", "disability"),
)
FIGURE_KEYS = tuple(key for key, _kind, _what in FIGURES)


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
    # Set on public copies: the total row as shown (it may hold hidden cells too).
    fixed_total: Row | None = None
    # A public copy that cannot be shown without giving a small count away.
    withheld: bool = False

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


@dataclass
class Figures:
    """Every table of a scope and how current they are."""

    tables: list[Table]
    # The day the ages were computed for (the oldest among the villages); None: never computed.
    as_of: date | None
    live: bool
    villages: int = 1
    computed: int = 1  # villages with a summary
    pending: int = 0  # villages with registry changes not counted yet

    @property
    def complete(self) -> bool:
        return self.live or (self.computed == self.villages and not self.pending)


# --- counting --------------------------------------------------------------------------------

Counts = dict[str, dict[str, list[int]]]  # {figure: {row key: [male, female]}}


def scope_q(region: Region, field_name: str = "village") -> Q:
    """Rows of a village (one indexed equality) or of every village under a kecamatan/regency."""
    if region.level == Region.Level.VILLAGE:
        return Q(**{f"{field_name}_id": region.pk})
    if region.pk == settings.PAMONG_REGION:
        # The served regency: the registry holds only its villages (pages reach villages through
        # get_village_in_regency), so no filter, and no LIKE the planner cannot index.
        return Q()
    # A range on the foreign key (a region's primary key is its code): no join, and an index
    # can serve it on both databases (see regions.codes.descendants_q).
    return Q(**{f"{field_name}_id__gt": f"{region.pk}.", f"{field_name}_id__lt": f"{region.pk}/"})


def living(region: Region) -> QuerySet[Resident]:
    return Resident.objects.filter(scope_q(region), status=Resident.Status.ALIVE)


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


def _grouped(residents: QuerySet[Resident], kind: str, what, today: date) -> tuple[QuerySet, str]:
    if kind == "age":
        return residents.annotate(band=_age_band(today, what)), "band"
    return residents, (f"{what}_id" if kind == "lookup" else what)


def count_residents(residents: QuerySet[Resident], *, today: date, by_village: bool = False) -> dict:
    """Counts of ``residents`` for every figure, one GROUP BY each.

    Returns {figure: {row key: [male, female]}}, or with ``by_village`` {village id: that}.
    Row keys are strings: the choice value, the age band's index, the Lookup id ("" = empty).
    """
    out: dict = {}
    for key, kind, what in FIGURES:
        qs, column = _grouped(residents, kind, what, today)
        group = list(dict.fromkeys([*(["village_id"] if by_village else []), column, "sex"]))
        for row in qs.values(*group).annotate(n=Count("pk")).order_by():
            scope = out.setdefault(row["village_id"], {}) if by_village else out
            value = row[column]
            counts = scope.setdefault(key, {}).setdefault("" if value is None else str(value), [0, 0])
            counts[0 if row["sex"] == Resident.Sex.MALE else 1] += row["n"]
    return out


def summary_counts(region: Region) -> Counts:
    """The scope's counts from the kecamatan sums (a kecamatan: its own; the regency: all of
    them, ~30 x 300 rows): one query."""
    if region.level == Region.Level.DISTRICT:
        rows = DistrictCount.objects.filter(district_id=region.pk)
    else:  # the served regency (the pages reach no other): only its kecamatan have rows
        rows = DistrictCount.objects.all()
    out: Counts = {}
    for row in rows.values("figure", "key", "sex").annotate(n=Sum("count")).order_by():
        counts = out.setdefault(row["figure"], {}).setdefault(row["key"], [0, 0])
        counts[0 if row["sex"] == Resident.Sex.MALE else 1] += row["n"]
    return out


def summary_freshness(region: Region) -> dict:
    """How many villages of the scope have a summary, the oldest day, and pending changes: one query."""
    summary = VillageSummary.objects.filter(village=OuterRef("pk"), as_of__isnull=False)
    villages = Region.objects.filter(descendants_q(region.pk), level=Region.Level.VILLAGE)
    return villages.aggregate(
        villages=Count("pk"),
        computed=Count("pk", filter=Q(Exists(summary))),
        as_of=Min(summary.values("as_of")[:1]),
        pending=Count("pk", filter=Q(Exists(SummaryChange.objects.filter(village=OuterRef("pk"))))),
    )


# --- tables ----------------------------------------------------------------------------------


def _band_labels(lower_bounds: tuple[int, ...]) -> list[tuple[str, str]]:
    labels = []
    for index, low in enumerate(lower_bounds):
        if index + 1 < len(lower_bounds):
            labels.append((str(index), f"{low}-{lower_bounds[index + 1] - 1}"))
        else:
            labels.append((str(index), f"{low}+"))
    return labels


def _titles() -> dict[str, str]:
    kinds = dict(Lookup.Kind.choices)
    return {
        "sex": str(_("Jenis kelamin")),
        "pyramid": str(_("Piramida penduduk (kelompok umur 5 tahun)")),
        "age_groups": str(_("Kelompok umur")),
        "relation": str(_("Hubungan dalam keluarga")),
        "citizenship": str(_("Kewarganegaraan")),
        **{kind: str(label) for kind, label in kinds.items()},
    }


def _choices(name: str) -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in Resident._meta.get_field(name).choices]


def tables(counts: Counts, lookups: dict[int, Lookup]) -> list[Table]:
    """The page's tables, in page order. Lookup tables list the entries that have residents (by
    code), then "not filled"; the other tables list every row, zeros included."""
    titles, out = _titles(), []
    for key, kind, what in FIGURES:
        groups = counts.get(key, {})
        if kind == "lookup":
            found = sorted((lookups[int(k)] for k in groups if k), key=lambda entry: (entry.code, entry.name))
            labels = [(str(entry.pk), entry.name) for entry in found]
            if "" in groups:
                labels.append(("", str(_("Belum diisi"))))
        elif kind == "age":
            labels = _band_labels(what)
        else:
            labels = _choices(what)
        rows = []
        for row_key, label in labels:
            male, female = groups.get(row_key, [0, 0])
            rows.append(Row(label, male, female, male + female))
        out.append(Table(key, titles[key], rows))
    return out


def _lookups() -> dict[int, Lookup]:
    return {entry.pk: entry for entry in Lookup.objects.only("pk", "kind", "code", "name").order_by()}


def figures(region: Region, *, today: date) -> list[Table]:
    """Every table of the scope counted live, in page order (one query per figure, one for labels)."""
    return tables(count_residents(living(region), today=today), _lookups())


def page_figures(region: Region, *, today: date) -> Figures:
    """What the statistics page shows: a village live; a kecamatan or the regency from the
    summaries (three queries whatever the number of villages or residents)."""
    if region.level == Region.Level.VILLAGE:
        return Figures(figures(region, today=today), as_of=today, live=True)
    fresh = summary_freshness(region)
    return Figures(tables(summary_counts(region), _lookups()), live=False, **fresh)


# --- what the public sees --------------------------------------------------------------------

STATS_ROW_SIGNS_TOTAL = -1
STATS_COL_SIGNS = (1, 1, -1)  # L + P - Jumlah = 0


def _grid_rows(table: Table) -> list[list[int]]:
    total = table.total
    return [[r.male, r.female, r.total] for r in table.rows] + [[total.male, total.female, total.total]]


def shared_cells(table: Table) -> dict[disclosure.Cell, tuple]:
    """Cells that are the same number in another table of the page: the Jumlah row (every table
    counts the same people), the sex table's rows (they are that Jumlah row), and the 0-4 band
    (the pyramid and the age groups both have it)."""
    last = len(table.rows)
    cells = {(last, j): ("total", j) for j in range(3)}
    if table.key == "sex":
        for i in range(len(table.rows)):
            cells[(i, i)] = cells[(i, 2)] = ("total", i)
    if table.key in ("pyramid", "age_groups"):
        first = table.rows[0].label if table.rows else ""
        cells.update({(0, j): ("age", first, j) for j in range(3)})
    return cells


def public(full: list[Table]) -> list[Table]:
    """The tables as the public sees them: counts 1-4 as "<5", and every other cell that would
    let a reader work one out as "*" (secondary suppression, decided over all tables at once
    because they share cells). A table that cannot be protected is withheld."""
    grids, shared = [], []
    for table in full:
        cells = shared_cells(table)
        grids.append(
            disclosure.Grid(
                _grid_rows(table),
                [1] * len(table.rows) + [STATS_ROW_SIGNS_TOTAL],
                STATS_COL_SIGNS,
                penalty=lambda cell, cells=cells: disclosure.SHARED_PENALTY if cell in cells else 0,
            )
        )
        shared.append(cells)
    out = []
    for table, grid, hidden in zip(full, grids, disclosure.hide_linked(grids, shared), strict=True):
        if hidden is None:
            out.append(Table(table.key, table.title, [], fixed_total=Row(str(_("Jumlah")), "", "", ""), withheld=True))
            continue
        marked = [
            [disclosure.mark(grid.value((i, j)), (i, j) in hidden) for j in range(3)] for i in range(len(grid.values))
        ]
        rows = [Row(r.label, *marked[i]) for i, r in enumerate(table.rows)]
        out.append(replace(table, rows=rows, fixed_total=Row(str(_("Jumlah")), *marked[-1])))
    return out


def for_display(tables: list[Table]) -> list[Table]:
    """The tables with every cell as text: the template then skips localising ~500 numbers per
    page, which was most of the regency page's rendering time. Numbers read as before."""
    out = []
    for table in tables:
        rows = [Row(r.label, str(r.male), str(r.female), str(r.total)) for r in table.rows]
        total = table.total
        out.append(
            replace(table, rows=rows, fixed_total=Row(total.label, *map(str, (total.male, total.female, total.total))))
        )
    return out


def to_csv(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([table.title, str(_("Laki-laki")), str(_("Perempuan")), str(_("Jumlah"))])
    if table.withheld:
        writer.writerow([str(WITHHELD_NOTE)])
        return out.getvalue()
    for row in [*table.rows, table.total]:
        writer.writerow([row.label, row.male, row.female, row.total])
    return out.getvalue()


WITHHELD_NOTE = _("Tabel ini tidak ditampilkan: penduduknya terlalu sedikit untuk dilindungi.")


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
# opening + in - out - closing = 0 along a row; L + P - Jumlah = 0 down a column.
REPORT_COLUMN_SIGNS = tuple(1 if c == "opening" or c in IN_KINDS else -1 for c in REPORT_COLUMNS)
REPORT_SEXES = ("L", "P", "total")


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
    now = {row["sex"]: row["n"] for row in living(region).values("sex").annotate(n=Count("pk")).order_by()}
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
    for sex in ("L", "P"):
        cols = report[sex]
        cols["closing"] = now.get(sex, 0) - after[sex]
        net = sum(cols[k] for k in IN_KINDS) - sum(cols[k] for k in OUT_KINDS)
        cols["opening"] = cols["closing"] - net
    report["total"] = {col: report["L"][col] + report["P"][col] for col in REPORT_COLUMNS}
    return report


def public_monthly(report: dict[str, dict[str, int]]) -> dict[str, dict[str, int | str]] | None:
    """The monthly report as the public sees it (as ``public`` does for tables; opening and
    closing are hidden only when nothing else works, since other months and the statistics page
    show them too). None: it cannot be shown without giving a small count away."""
    values = [[report[sex][c] for c in REPORT_COLUMNS] for sex in REPORT_SEXES]
    ends = {REPORT_COLUMNS.index("opening"), REPORT_COLUMNS.index("closing")}
    grid = disclosure.Grid(
        values,
        (1, 1, -1),
        REPORT_COLUMN_SIGNS,
        penalty=lambda cell: disclosure.SHARED_PENALTY if cell[1] in ends else 0,
    )
    hidden = disclosure.hide(grid)
    if hidden is None:
        return None
    return {
        sex: {c: disclosure.mark(values[i][j], (i, j) in hidden) for j, c in enumerate(REPORT_COLUMNS)}
        for i, sex in enumerate(REPORT_SEXES)
    }


def monthly_csv(report: dict[str, dict[str, int]] | None) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["", *(str(label) for label in REPORT_COLUMN_LABELS)])
    if report is None:
        writer.writerow([str(WITHHELD_NOTE)])
        return out.getvalue()
    for sex, label in (("L", _("Laki-laki")), ("P", _("Perempuan")), ("total", _("Jumlah"))):
        writer.writerow([str(label), *(report[sex][c] for c in REPORT_COLUMNS)])
    return out.getvalue()
