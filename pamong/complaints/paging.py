"""Paging for report lists that never counts more rows than it needs to.

Django's Paginator counts every matching row for each page: at regency scale that is a scan of
~180,000 public reports per visit to ``/lapor/``, and of tens of thousands for a filtered list.
Here a page reads one row more than it shows (so "next" needs no count), and the total is
counted only up to the next multiple of ``COUNT_STEP`` past the page: below that the page says
the exact number, above it "lebih dari 1.000" (2.000 from page 51, and so on). The count so
costs at most COUNT_STEP rows more than the page itself. Paging stops at ``MAX_ROWS`` rows
(page 500 of 20), because deep OFFSETs cost as much as a full count; older reports are found
with the filters (dates, kecamatan, words), and the page says so.
"""

import math
import re
from dataclasses import dataclass

from django.db.models import QuerySet

MAX_ROWS = 10_000
COUNT_STEP = 1_000
PER_PAGE = 20


@dataclass
class ReportPage:
    object_list: list
    number: int
    per_page: int
    # Exact number of matching rows, or None when there are more than count_limit.
    count: int | None
    count_limit: int
    has_next: bool
    # More rows exist past the last page that paging reaches (MAX_ROWS): filter to see them.
    truncated: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def num_pages(self) -> int | None:
        """Pages in all, when the count is known."""
        return None if self.count is None else max(1, math.ceil(self.count / self.per_page))

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.object_list else 0

    @property
    def end_index(self) -> int:
        return (self.number - 1) * self.per_page + len(self.object_list)

    @property
    def max_rows(self) -> int:
        return MAX_ROWS


_PAGE = re.compile(r"[0-9]{1,6}")


def page_number(raw) -> int:
    """The requested page: a positive number in ASCII digits, anything else is page 1 (as
    Paginator.get_page). Six digits at most: get_page clamps to the last reachable page anyway."""
    text = str(raw or "").strip()
    return max(1, int(text)) if _PAGE.fullmatch(text) else 1


def capped_count(qs: QuerySet, limit: int | None = None) -> int | None:
    """How many rows ``qs`` has, or None if more than ``limit`` (MAX_ROWS); reads at most
    limit + 1 rows. The ordering is dropped: any index that answers the filter will do.
    """
    limit = MAX_ROWS if limit is None else limit
    found = qs.order_by()[: limit + 1].count()
    return None if found > limit else found


def get_page(qs: QuerySet, raw_number, *, per_page: int | None = None) -> ReportPage:
    """Page ``raw_number`` of the ordered ``qs``: one query for the rows, one capped count only
    when the page is not the last. A page past the end shows the last page (as Paginator.get_page);
    one past MAX_ROWS shows the last page that paging reaches."""
    per_page = per_page or PER_PAGE
    last_reachable = max(1, MAX_ROWS // per_page)
    number = min(page_number(raw_number), last_reachable)
    rows = _rows(qs, number, per_page)
    if not rows and number > 1:
        count = capped_count(qs)  # the rows end before this page, so this count is exact
        number = max(1, math.ceil((count or 0) / per_page))
        rows = _rows(qs, number, per_page)
    more = len(rows) > per_page
    rows = rows[:per_page]
    shown_to = number * per_page
    limit = min(MAX_ROWS, COUNT_STEP * math.ceil(shown_to / COUNT_STEP))
    # Only a page with more after it needs a count; on the last one the rows tell the total.
    count = capped_count(qs, limit) if more else shown_to - per_page + len(rows)
    at_the_limit = number == last_reachable
    return ReportPage(
        object_list=rows,
        number=number,
        per_page=per_page,
        count=count,
        count_limit=limit,
        has_next=more and not at_the_limit,
        truncated=more and at_the_limit,
    )


def _rows(qs: QuerySet, number: int, per_page: int) -> list:
    start = (number - 1) * per_page
    return list(qs[start : start + per_page + 1])
