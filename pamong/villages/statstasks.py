"""Keeping the statistics summary (SummaryCount per village, DistrictCount per kecamatan) fresh.

- ``mark_changed(*villages)``: one call inside every registry write that changes who lives
  where or what their data is (villages.services, villages.events, imports). It inserts a
  SummaryChange row in the caller's transaction and, after commit, enqueues
  ``refresh_village_summary`` for the worker (``manage.py db_worker``).
- ``refresh_villages(ids)``: recompute villages now (the task, the daily sweep, imports that
  want it synchronously). Idempotent; several at once are serialised per village by a row lock.
- ``refresh_stale()``: the daily sweep (``manage.py refresh_population_stats``, run after
  midnight): ages change with the date, so every village is recomputed once a day; villages
  whose task was lost (no worker, a crash) are caught up too.
"""

from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django_tasks import task

from pamong.regions.codes import descendants_q
from pamong.regions.models import Region

from . import stats
from .models import DistrictCount, Resident, SummaryChange, SummaryCount, VillageSummary

# Villages recomputed in one transaction by the sweep: about 45,000 residents at Bojonegoro's
# density, so each GROUP BY stays short and a failure loses little work.
SWEEP_CHUNK = 15


def _ids(villages: Iterable[Region | str | None]) -> list[str]:
    return sorted({v.pk if isinstance(v, Region) else v for v in villages if v is not None})


def mark_changed(*villages: Region | str | None) -> None:
    """Record that the registry of ``villages`` changed (None is ignored); refresh after commit.

    Call it inside the writing transaction: if that rolls back, so does the mark, and nothing
    is enqueued. A failed enqueue is only logged: the mark stays and the daily sweep (or the
    next change) picks the village up.
    """
    ids = _ids(villages)
    SummaryChange.objects.bulk_create([SummaryChange(village_id=pk) for pk in ids])
    for pk in ids:
        transaction.on_commit(lambda pk=pk: refresh_village_summary.enqueue(pk), robust=True)


@task()
def refresh_village_summary(village_id: str) -> str:
    """Recompute one village's summary if it has uncounted changes or is not of today:
    "refreshed" or "fresh" (a duplicate or late task does nothing)."""
    return "refreshed" if refresh_villages([village_id], force=False) else "fresh"


def refresh_villages(village_ids: Iterable[str | Region], *, today: date | None = None, force: bool = True) -> int:
    """Recompute the summaries of ``village_ids`` (all of them, or with ``force=False`` only
    those with uncounted changes or not computed for ``today``); returns how many were.

    One transaction. The villages' VillageSummary rows are locked first (created if missing,
    locked in code order), so two refreshes of a village run one after the other. The marks are
    read before counting and exactly those are deleted: a change committed meanwhile keeps its
    mark and is counted by the next refresh.
    """
    today = today or timezone.localdate()
    ids = _ids(village_ids)
    if not ids:
        return 0
    with transaction.atomic():
        VillageSummary.objects.bulk_create([VillageSummary(village_id=pk) for pk in ids], ignore_conflicts=True)
        summaries = list(VillageSummary.objects.select_for_update().filter(village_id__in=ids).order_by("pk"))
        marks: dict[str, list[int]] = {}
        for mark_id, village_id in SummaryChange.objects.filter(village_id__in=ids).values_list("pk", "village_id"):
            marks.setdefault(village_id, []).append(mark_id)
        todo = [s.pk for s in summaries if force or s.as_of != today or s.pk in marks]
        if not todo:
            return 0
        living = Resident.objects.filter(village_id__in=todo, status=Resident.Status.ALIVE)
        counted = stats.count_residents(living, today=today, by_village=True)
        SummaryCount.objects.filter(village_id__in=todo).delete()
        SummaryCount.objects.bulk_create(
            [
                SummaryCount(village_id=village_id, figure=figure, key=key, sex=sex, count=n)
                for village_id, figures in counted.items()
                for figure, rows in figures.items()
                for key, pair in rows.items()
                for sex, n in zip(Resident.Sex.values, pair, strict=True)
                if n
            ],
            batch_size=2000,
        )
        VillageSummary.objects.filter(pk__in=todo).update(as_of=today, computed_at=timezone.now())
        SummaryChange.objects.filter(pk__in=[m for pk in todo for m in marks.get(pk, ())]).delete()
        _add_up_districts({pk.rsplit(".", 1)[0] for pk in todo})
    return len(todo)


def _add_up_districts(codes: set[str]) -> None:
    """Rewrite DistrictCount of the kecamatan ``codes`` from their villages' counts.

    Each kecamatan's Region row is locked first (in code order, after the village locks), so two
    refreshes of villages of one kecamatan add up one after the other, and the second sees the
    first's committed counts. FOR NO KEY UPDATE: rows that merely reference the kecamatan are
    not held up.
    """
    districts = Region.objects.select_for_update(no_key=True).filter(pk__in=codes).order_by("pk")
    for code in districts.values_list("pk", flat=True):
        sums = (
            SummaryCount.objects.filter(village_id__gt=f"{code}.", village_id__lt=f"{code}/")
            .values("figure", "key", "sex")
            .annotate(n=Sum("count"))
            .order_by()
        )
        DistrictCount.objects.filter(district_id=code).delete()
        DistrictCount.objects.bulk_create(
            DistrictCount(district_id=code, figure=r["figure"], key=r["key"], sex=r["sex"], count=r["n"]) for r in sums
        )


def refresh_stale(*, today: date | None = None, force: bool = False) -> int:
    """The daily sweep: every village of the served regency not yet computed for ``today`` or
    with uncounted changes (``force``: every village), a few villages per transaction."""
    today = today or timezone.localdate()
    codes = list(
        Region.objects.filter(descendants_q(settings.PAMONG_REGION), level=Region.Level.VILLAGE)
        .order_by("code")
        .values_list("code", flat=True)
    )
    done = 0
    for start in range(0, len(codes), SWEEP_CHUNK):
        done += refresh_villages(codes[start : start + SWEEP_CHUNK], today=today, force=force)
    return done


# Villages counted inside one page view when they have never been counted (a new deployment, a
# village loaded later): a small regency at once; at Bojonegoro's size (~3,000 residents a
# village) a few seconds for the first views, far from the server's timeout. The daily sweep,
# run after loading data, is what should count them.
FIRST_VIEW_VILLAGES = 10


def count_never_counted(region: Region, *, today: date | None = None) -> int:
    """Count (at most FIRST_VIEW_VILLAGES of) the villages under ``region`` that have no summary
    yet; returns how many. The daily sweep counts the rest."""
    counted = VillageSummary.objects.filter(as_of__isnull=False).values("village_id")
    codes = (
        Region.objects.filter(descendants_q(region.pk), level=Region.Level.VILLAGE)
        .exclude(code__in=counted)
        .order_by("code")
        .values_list("code", flat=True)[:FIRST_VIEW_VILLAGES]
    )
    return refresh_villages(list(codes), today=today, force=False)
