"""The public tables give no small count away: an attacker's view of what is shown.

The attacker knows every shown number, that lines add up (L + P = Jumlah; the categories add up
to the Jumlah row; in the monthly report opening + in - out = closing), that a "<5" is 1-4 and a
"*" at least 5. Two attacks: subtraction along lines, repeated while it finds anything, and an
exhaustive search for a second table consistent with all of that (a hidden cell is safe only if
some consistent table gives it another value). The search is written without the graph theory
``disclosure`` relies on, so it checks that theory too.
"""

from bisect import bisect_right
from datetime import date

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pamong.conftest import PASSWORD
from pamong.villages import disclosure, events, services, stats
from pamong.villages.models import Lookup

from .conftest import TODAY, lookup, person

SMALL_OR_NOT = st.sampled_from([0, 0, 0, 1, 1, 2, 3, 4, 5, 6, 7, 9, 12, 30])


# --- the attacker ----------------------------------------------------------------------------


def lines(grid: disclosure.Grid) -> list[list[tuple[tuple[int, int], int]]]:
    """Every relation as [(cell, coefficient)] summing to zero."""
    rows = [[((i, j), grid.col_signs[j]) for j in range(len(grid.col_signs))] for i in range(len(grid.values))]
    cols = [[((i, j), grid.row_signs[i]) for i in range(len(grid.values))] for j in range(len(grid.col_signs))]
    return rows + cols


def read(shown) -> tuple[dict, dict]:
    """(known values, hidden cells' bounds) from a grid of shown cells."""
    known, bounds = {}, {}
    for i, row in enumerate(shown):
        for j, value in enumerate(row):
            if value == disclosure.SMALL_MARK:
                bounds[(i, j)] = (1, disclosure.SMALL - 1)
            elif value == disclosure.HIDDEN_MARK:
                bounds[(i, j)] = (disclosure.SMALL, None)
            else:
                known[(i, j)] = value
    return known, bounds


def subtraction_attack(relations, known: dict) -> dict:
    """Solve every line with one unknown cell, again and again; returns what was derived."""
    known, derived = dict(known), {}
    progress = True
    while progress:
        progress = False
        for line in relations:
            unknown = [(cell, coef) for cell, coef in line if cell not in known]
            if len(unknown) == 1:
                cell, coef = unknown[0]
                value = -coef * sum(c * known[x] for x, c in line if x in known)
                known[cell] = derived[cell] = value
                progress = True
    return derived


def _tighten(relations, domains: dict, known: dict) -> bool:
    """Interval propagation over every line; False when some domain becomes empty."""
    changed = True
    while changed:
        changed = False
        for line in relations:
            rest = -sum(coef * known[cell] for cell, coef in line if cell in known)
            free = [(cell, coef) for cell, coef in line if cell not in known]
            for cell, coef in free:
                low = high = rest
                for other, c in free:
                    if other != cell:
                        lo, hi = domains[other]
                        low -= max(c * lo, c * hi)
                        high -= min(c * lo, c * hi)
                lo, hi = (low, high) if coef == 1 else (-high, -low)
                new = (max(domains[cell][0], lo), min(domains[cell][1], hi))
                if new[0] > new[1]:
                    return False
                if new != domains[cell]:
                    domains[cell], changed = new, True
    return True


def consistent_table(relations, domains: dict, known: dict) -> dict | None:
    """Some assignment of the hidden cells within ``domains`` that satisfies every line."""
    domains = dict(domains)
    if not _tighten(relations, domains, known):
        return None
    open_cells = [c for c, (lo, hi) in domains.items() if lo < hi]
    if not open_cells:
        values = {**known, **{c: lo for c, (lo, _hi) in domains.items()}}
        return values if all(sum(coef * values[c] for c, coef in line) == 0 for line in relations) else None
    cell = min(open_cells, key=lambda c: domains[c][1] - domains[c][0])
    for value in range(domains[cell][0], domains[cell][1] + 1):
        found = consistent_table(relations, {**domains, cell: (value, value)}, known)
        if found:
            return found
    return None


def derivable(grid: disclosure.Grid, shown) -> list[tuple[int, int]]:
    """Hidden cells the attacker pins down, by subtraction or by exhaustive search."""
    relations = lines(grid)
    known, bounds = read(shown)
    found = set(subtraction_attack(relations, known))
    # The search needs finite domains: anything a little above the largest count will do, since
    # a second table that exists at all exists within one of the true one (it is a cycle away).
    cap = max(max(row) for row in grid.values) + 1
    domains = {cell: (lo, cap if hi is None else hi) for cell, (lo, hi) in bounds.items()}
    for cell, (lo, hi) in domains.items():
        true = grid.value(cell)
        below = lo <= true - 1 and consistent_table(relations, {**domains, cell: (lo, true - 1)}, known)
        above = true + 1 <= hi and consistent_table(relations, {**domains, cell: (true + 1, hi)}, known)
        if not (below or above):
            found.add(cell)
    return sorted(found)


def marked(grid: disclosure.Grid, hidden) -> list[list]:
    return [
        [disclosure.mark(grid.value((i, j)), (i, j) in hidden) for j in range(len(row))]
        for i, row in enumerate(grid.values)
    ]


def stats_grid(pairs) -> disclosure.Grid:
    values = [[m, f, m + f] for m, f in pairs]
    values.append([sum(column) for column in zip(*values, strict=True)] if values else [0, 0, 0])
    return disclosure.Grid(values, [1] * len(pairs) + [-1], (1, 1, -1))


# --- the attacks on the old rule show why it had to change -----------------------------------


def test_the_attacker_breaks_the_old_rule_of_hiding_only_counts_below_five():
    grid = stats_grid([(3, 40), (20, 37)])
    shown = [[disclosure.mark(v, disclosure.is_small(v)) for v in row] for row in grid.values]
    assert shown[0] == ["<5", 40, 43]
    assert subtraction_attack(lines(grid), read(shown)[0]) == {(0, 0): 3}


def test_the_search_attack_finds_what_bounds_give_away_even_without_a_single_subtraction():
    # "<5" + "<5" = 8 leaves only 4 + 4: no line has a single unknown, yet all four are known.
    grid = stats_grid([(4, 4), (30, 30)])
    hidden = {(0, 0), (0, 1), (1, 0), (1, 1)}
    shown = marked(grid, hidden)
    assert subtraction_attack(lines(grid), read(shown)[0]) == {}
    assert derivable(grid, shown) == [(0, 0), (0, 1), (1, 0), (1, 1)]


# --- the protection holds --------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(SMALL_OR_NOT, SMALL_OR_NOT), min_size=1, max_size=4))
def test_no_hidden_cell_of_a_statistics_table_can_be_worked_out(pairs):
    grid = stats_grid(pairs)
    hidden = disclosure.hide(grid)
    if hidden is None:
        return  # withheld: nothing is shown (test_a_table_that_cannot_be_protected_is_withheld)
    assert {c for c in grid.cells() if disclosure.is_small(grid.value(c))} <= hidden
    assert all(grid.value(c) > 0 for c in hidden)
    assert derivable(grid, marked(grid, hidden)) == []


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.integers(0, 6), min_size=12, max_size=12),
    st.integers(0, 40),
    st.integers(0, 40),
)
def test_no_hidden_cell_of_the_monthly_report_can_be_worked_out(events_by_sex, opening_l, opening_p):
    report = {}
    for sex, counts, opening in (("L", events_by_sex[:6], opening_l), ("P", events_by_sex[6:], opening_p)):
        cols = dict(zip(stats.REPORT_COLUMNS[1:-1], counts, strict=True))
        cols["opening"] = opening + sum(cols[k] for k in stats.OUT_KINDS)  # never below zero
        net = sum(cols[k] for k in stats.IN_KINDS) - sum(cols[k] for k in stats.OUT_KINDS)
        cols["closing"] = cols["opening"] + net
        report[sex] = cols
    report["total"] = {c: report["L"][c] + report["P"][c] for c in stats.REPORT_COLUMNS}
    public = stats.public_monthly(report)
    if public is None:
        return
    values = [[report[s][c] for c in stats.REPORT_COLUMNS] for s in stats.REPORT_SEXES]
    grid = disclosure.Grid(values, (1, 1, -1), stats.REPORT_COLUMN_SIGNS)
    shown = [[public[s][c] for c in stats.REPORT_COLUMNS] for s in stats.REPORT_SEXES]
    assert derivable(grid, shown) == []


def test_a_table_that_cannot_be_protected_is_withheld():
    # One man and one woman in each of two categories: every cell is 1 or 2, the grand total 4,
    # and "<5" everywhere still leaves exactly one table that fits.
    grid = stats_grid([(1, 1), (1, 1)])
    assert disclosure.hide(grid) is None
    table = stats.Table("religion", "Agama", [stats.Row("Islam", 1, 1, 2), stats.Row("Kristen", 1, 1, 2)])
    (public,) = stats.public([table])
    assert (public.withheld, public.rows) == (True, [])
    assert stats.to_csv(public).splitlines()[1] == str(stats.WITHHELD_NOTE)


# --- tables shown together -------------------------------------------------------------------

RELIGIONS = [Lookup(pk=pk, kind="religion", code=pk, name=f"Agama {pk}") for pk in range(1, 4)]
PEOPLE = st.lists(st.tuples(st.sampled_from("LP"), st.integers(0, 90), st.sampled_from([1, 1, 1, 2, 3])), max_size=40)


def synthetic_counts(people) -> stats.Counts:
    """What count_residents gives for these (sex, age, religion id) people, without a database."""
    counts: stats.Counts = {}

    def add(figure, key, sex):
        pair = counts.setdefault(figure, {}).setdefault(key, [0, 0])
        pair[0 if sex == "L" else 1] += 1

    for sex, age, religion in people:
        add("sex", sex, sex)
        add("pyramid", str(bisect_right(stats.PYRAMID_BOUNDS, age) - 1), sex)
        add("age_groups", str(bisect_right(stats.AGE_GROUPS, age) - 1), sex)
        add("religion", str(religion), sex)
        add("relation", "4", sex)
        add("citizenship", "WNI", sex)
        for figure in ("education", "occupation", "marital_status", "blood_type", "disability"):
            add(figure, "", sex)
    return counts


def shown_cells(table: stats.Table) -> list[list]:
    return [[r.male, r.female, r.total] for r in [*table.rows, table.total]]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PEOPLE)
def test_cells_tables_share_are_hidden_in_all_of_them_and_no_table_gives_a_count_away(people):
    full = stats.tables(synthetic_counts(people), {r.pk: r for r in RELIGIONS})
    public = stats.public(full)
    seen: dict[tuple, set] = {}
    for table, shown in zip(full, public, strict=True):
        if shown.withheld:
            continue
        cells = shown_cells(shown)
        for (i, j), shared_id in stats.shared_cells(table).items():
            seen.setdefault(shared_id, set()).add(str(cells[i][j]))
        grid = disclosure.Grid(stats._grid_rows(table), [1] * len(table.rows) + [-1], (1, 1, -1))
        assert derivable(grid, cells) == [], table.key
    # The same number reads the same in every table (the sex table's zero cells are not shared).
    assert all(len(readings) == 1 for readings in seen.values()), seen


# --- on the pages ----------------------------------------------------------------------------


@pytest.fixture
def small_village(family, head, wife, village_operator):
    """Five residents: two 1-4 counts in most tables, one category with more."""
    for seq, (name, sex, born, religion) in enumerate(
        [("Anak", "L", date(2010, 1, 2), 1), ("Kakek", "L", date(1950, 3, 4), 2), ("Nenek", "P", date(1952, 5, 6), 2)],
        start=3,
    ):
        services.add_member(
            by=village_operator, family=family, relation="4",
            person=person(name=name, sex=sex, birth_date=born, seq=seq, religion=lookup("religion", religion)),
        )  # fmt: skip
    return family


def test_the_public_village_page_and_csv_pass_the_attack(client, small_village, village):
    body = client.get(reverse("villages:stats", args=[village.code])).content.decode()
    assert "&lt;5" in body
    full = stats.figures(village, today=TODAY)
    for table, shown in zip(full, stats.public(full), strict=True):
        grid = disclosure.Grid(stats._grid_rows(table), [1] * len(table.rows) + [-1], (1, 1, -1))
        assert shown.withheld or derivable(grid, shown_cells(shown)) == [], table.key
        csv_rows = client.get(reverse("villages:stats_csv", args=[village.code, table.key])).content.decode()
        assert csv_rows == stats.to_csv(shown)


def test_the_public_monthly_report_hides_a_lone_event_that_opening_and_closing_would_give_away(
    client, family, head, wife, village, village_operator
):
    events.record_death(
        by=village_operator, resident=wife, event_date=date(2026, 11, 2), report_date=date(2026, 11, 2), new_head=None
    )
    url = reverse("villages:monthly", args=[village.code]) + "?tahun=2026&bulan=11&format=csv"
    public = client.get(url).content.decode().splitlines()
    # Before: "Perempuan,1,0,<5,0,0,0,0,0" — opening 1 and closing 0 told everyone who died.
    assert public[2].split(",")[1:] != ["1", "0", "<5", "0", "0", "0", "0", "0"]
    report = stats.monthly_report(village, 2026, 11)
    values = [[report[s][c] for c in stats.REPORT_COLUMNS] for s in stats.REPORT_SEXES]
    shown = [[int(v) if v.lstrip("-").isdigit() else v for v in line.split(",")[1:]] for line in public[1:]]
    grid = disclosure.Grid(values, (1, 1, -1), stats.REPORT_COLUMN_SIGNS)
    assert derivable(grid, shown) == []


def test_a_monthly_report_that_cannot_be_protected_is_withheld_from_the_public_only(
    client, family, head, wife, village, village_operator
):
    # November: a baby boy and a newcomer man join one man and one woman; every count is 1-4.
    events.record_birth(
        by=village_operator, family=family, person=person(name="Bayi", birth_date=date(2026, 11, 3), nik=""),
        event_date=date(2026, 11, 3), report_date=date(2026, 11, 4),
    )  # fmt: skip
    events.move_in(
        by=village_operator, village=village, person=person(name="Pendatang", seq=30), event_date=date(2026, 11, 5),
        report_date=date(2026, 11, 5), origin="Tuban",
    )  # fmt: skip
    url = reverse("villages:monthly", args=[village.code]) + "?tahun=2026&bulan=11"
    page = client.get(url)
    assert page.context["withheld"] is True
    assert "Tabel ini tidak ditampilkan" in page.content.decode()
    assert client.get(url + "&format=csv").content.decode().splitlines()[1] == str(stats.WITHHELD_NOTE)
    assert client.login(username=village_operator.email, password=PASSWORD)
    full = client.get(url + "&format=csv").content.decode().splitlines()
    assert full[1:] == ["Laki-laki,1,1,0,1,0,0,0,3", "Perempuan,1,0,0,0,0,0,0,1", "Jumlah,2,1,0,1,0,0,0,4"]


@pytest.mark.parametrize(
    "path",
    [
        "/desa/statistik/35.22.15/nik.csv",  # no such table, on a kecamatan
        "/desa/statistik/35.22.15.9999/",  # well-formed, not loaded
        "/desa/statistik/35.22.15.9999/sex.csv",
        "/desa/statistik/35.2215/",  # malformed
        "/desa/statistik/35.78.01/bulanan/",  # another regency's kecamatan
    ],
)
def test_statistics_of_unknown_tables_or_regions_are_not_found(client, village, path):
    assert client.get(path).status_code == 404
