"""Keeping small counts secret in published tables (statistical disclosure control).

A table here is a grid whose lines add up. In a statistics table every row's L + P = Jumlah and
every column's rows add up to the Jumlah row; in the monthly report every row's opening + in -
out = closing and every column's L + P = Jumlah. Showing the counts 1-4 as "<5" alone is not
enough: a line with one hidden cell gives it away by subtraction, and several lines together, or
the bounds the markers reveal (a "<5" is 1-4, a "*" is at least 5), can give away more.
``hide`` therefore hides more cells ("*", secondary suppression) until no hidden cell is
determined by what is shown.

Why the check is exact (docs/decisions/0009-population-statistics-summary-and-suppression.md):
with y = row sign x column sign x count, every row and every column of y sums to zero. Two
tables that show the same cells then differ by a circulation on the bipartite graph whose nodes
are the rows and the columns and whose edges are the hidden cells, and such a difference splits
into cycles that can each be applied alone (flow decomposition; the constraint matrix is totally
unimodular, so integers change nothing). A hidden cell can take another value exactly when it
lies on a cycle of the residual graph: an arc row -> column where y may grow by one within the
cell's bounds, column -> row where it may shrink. Each hidden cell on no such cycle gets the
cheapest path of shown cells that closes one (Dijkstra; the cost is the count plus a penalty for
cells other tables or pages also show). Hiding a cell only adds arcs, so a protected cell stays
protected and the loop ends.
"""

import heapq
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

SMALL = 5
SMALL_MARK = f"<{SMALL}"
HIDDEN_MARK = "*"
# Cells other tables or pages show too: hiding one here hides it everywhere, so only if needed.
SHARED_PENALTY = 10**9

Cell = tuple[int, int]


@dataclass
class Grid:
    """Counts (row-major) with the signs that make every line add up to zero."""

    values: Sequence[Sequence[int]]
    row_signs: Sequence[int]
    col_signs: Sequence[int]
    # Extra cost of hiding a cell, on top of its count.
    penalty: Callable[[Cell], int] = lambda cell: 0

    def value(self, cell: Cell) -> int:
        return self.values[cell[0]][cell[1]]

    def sign(self, cell: Cell) -> int:
        return self.row_signs[cell[0]] * self.col_signs[cell[1]]

    def cells(self):
        for i, row in enumerate(self.values):
            for j in range(len(row)):
                yield (i, j)


def is_small(value) -> bool:
    return isinstance(value, int) and 0 < value < SMALL


def bounds(value: int) -> tuple[int, float]:
    """What a reader knows about a hidden cell from its marker: "<5" is 1-4, "*" is >= 5."""
    return (1, SMALL - 1) if is_small(value) else (SMALL, float("inf"))


def _moves(grid: Grid, cell: Cell) -> tuple[bool, bool]:
    """May the hidden cell's y grow by one (row -> column) / shrink by one (column -> row)?"""
    value, sign = grid.value(cell), grid.sign(cell)
    low, high = bounds(value)
    return low <= value + sign <= high, low <= value - sign <= high


def _node(grid: Grid, cell: Cell) -> tuple[int, int]:
    """(row node, column node): rows are 0..R-1, columns R..R+C-1."""
    return cell[0], len(grid.values) + cell[1]


def _arcs(grid: Grid, hidden: set[Cell]) -> dict[int, list[tuple[int, Cell]]]:
    arcs: dict[int, list[tuple[int, Cell]]] = {}
    for cell in hidden:
        row, col = _node(grid, cell)
        up, down = _moves(grid, cell)
        if up:
            arcs.setdefault(row, []).append((col, cell))
        if down:
            arcs.setdefault(col, []).append((row, cell))
    return arcs


def _reaches(arcs, start: int, goal: int, without: Cell) -> bool:
    seen, todo = {start}, [start]
    while todo:
        node = todo.pop()
        for nxt, cell in arcs.get(node, ()):
            if cell == without or nxt in seen:
                continue
            if nxt == goal:
                return True
            seen.add(nxt)
            todo.append(nxt)
    return False


def exposed(grid: Grid, hidden: set[Cell], cells=None) -> list[Cell]:
    """The hidden cells (of ``cells``, default all) whose value follows from what is shown."""
    arcs = _arcs(grid, hidden)
    out = []
    for cell in sorted(hidden if cells is None else cells):
        row, col = _node(grid, cell)
        up, down = _moves(grid, cell)
        if not ((up and _reaches(arcs, col, row, cell)) or (down and _reaches(arcs, row, col, cell))):
            out.append(cell)
    return out


def _cheapest_cycle(grid: Grid, hidden: set[Cell], cell: Cell) -> set[Cell] | None:
    """The cheapest set of shown cells whose hiding puts ``cell`` on a residual cycle."""
    arcs = _arcs(grid, hidden)
    for shown in grid.cells():
        value = grid.value(shown)
        if shown in hidden or value < SMALL:
            continue  # zeros stay shown; 1-4 are hidden already
        row, col = _node(grid, shown)
        cost = value + grid.penalty(shown)
        if value + grid.sign(shown) >= SMALL:
            arcs.setdefault(row, []).append((col, shown, cost))
        if value - grid.sign(shown) >= SMALL:
            arcs.setdefault(col, []).append((row, shown, cost))
    row, col = _node(grid, cell)
    up, down = _moves(grid, cell)
    paths = [p for p in ((up and _dijkstra(arcs, col, row, cell)), (down and _dijkstra(arcs, row, col, cell))) if p]
    if not paths:
        return None
    return min(paths, key=lambda p: p[0])[1]


def _dijkstra(arcs, start: int, goal: int, without: Cell) -> tuple[int, set[Cell]] | None:
    best = {start: 0}
    back: dict[int, tuple[int, Cell]] = {}
    heap = [(0, start)]
    while heap:
        cost, node = heapq.heappop(heap)
        if node == goal:
            path, at = set(), goal
            while at != start:
                at, used = back[at]
                path.add(used)
            return cost, path
        if cost > best.get(node, cost):
            continue
        for arc in arcs.get(node, ()):
            nxt, used, step = arc if len(arc) == 3 else (*arc, 0)
            if used == without:
                continue
            if cost + step < best.get(nxt, float("inf")):
                best[nxt] = cost + step
                back[nxt] = (node, used)
                heapq.heappush(heap, (cost + step, nxt))
    return None


def hide(grid: Grid, *, forced: set[Cell] = frozenset()) -> set[Cell] | None:
    """The cells to hide: every count 1-4, ``forced`` (non-zero) cells, and enough others that no
    hidden cell can be worked out. None when even hiding every non-zero cell cannot do that (the
    table must then not be shown at all)."""
    hidden = {c for c in grid.cells() if is_small(grid.value(c))}
    hidden |= {c for c in forced if grid.value(c) > 0}
    todo = exposed(grid, hidden)
    while todo:
        path = _cheapest_cycle(grid, hidden, todo[0])
        if path is None:
            return None
        hidden |= path
        todo = exposed(grid, hidden, todo[1:])
    return hidden


def hide_linked(grids: Sequence[Grid], shared: Sequence[dict[Cell, Hashable]]) -> list[set[Cell] | None]:
    """``hide`` for tables shown together: a cell with the same shared id (``shared[k][cell]``)
    is the same number in every table, so it is hidden in all of them or in none."""
    forced_ids: set[Hashable] = set()
    while True:
        results = [
            hide(grid, forced={cell for cell, sid in ids.items() if sid in forced_ids})
            for grid, ids in zip(grids, shared, strict=True)
        ]
        hidden_ids = {ids[c] for result, ids in zip(results, shared, strict=True) if result for c in result if c in ids}
        if hidden_ids <= forced_ids:
            return results
        forced_ids |= hidden_ids


def mark(value: int, hidden: bool):
    """How a cell reads in public."""
    if not hidden:
        return value
    return SMALL_MARK if is_small(value) else HIDDEN_MARK
