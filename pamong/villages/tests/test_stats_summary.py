"""The per-village summary behind the kecamatan and regency pages: equal to live counting, made
stale by every registry change, refreshed by the task, the daily sweep and the first view."""

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from pamong.conftest import PASSWORD
from pamong.villages import events, services, stats, statstasks
from pamong.villages.models import Family, SummaryChange, SummaryCount, VillageSummary
from pamong.villages.services import VillageError

from .conftest import OTHER_KK, TODAY, lookup, person


def as_rows(tables):
    return [(t.key, [(r.label, r.male, r.female, r.total) for r in t.rows]) for t in tables]


@pytest.fixture
def two_villages(family, head, wife, village, other_village, other_operator):
    services.create_family(
        by=other_operator, village=other_village, number=OTHER_KK,
        head=person(name="Darmo", birth_date=date(1950, 8, 9), seq=7, religion=lookup("religion", 2)),
    )  # fmt: skip
    services.add_member(
        by=other_operator, family=Family.objects.get(number=OTHER_KK), relation="3",
        person=person(name="Sumi", sex="P", birth_date=date(2024, 1, 1), seq=8, education=lookup("education", 1)),
    )  # fmt: skip
    return [village, other_village]


def test_the_summary_adds_up_to_what_live_counting_gives(two_villages, district, regency):
    assert statstasks.refresh_villages(two_villages, today=TODAY) == 2
    for region in (district, regency):
        summary = stats.page_figures(region, today=TODAY)
        assert (summary.live, summary.as_of, summary.villages, summary.computed) == (False, TODAY, 2, 2)
        assert as_rows(summary.tables) == as_rows(stats.figures(region, today=TODAY))
    assert SummaryCount.objects.filter(village=two_villages[0], figure="sex").count() == 2
    assert not SummaryCount.objects.filter(count=0).exists()


def test_every_registry_write_marks_its_village_and_a_refused_one_marks_nothing(
    family, head, wife, village, other_village, village_operator
):
    statstasks.refresh_villages([village, other_village], today=TODAY)
    assert not SummaryChange.objects.exists()
    services.update_resident(by=village_operator, resident=wife, values={"religion": lookup("religion", 3)})
    assert list(SummaryChange.objects.values_list("village_id", flat=True)) == [village.pk]
    with pytest.raises(VillageError):
        events.record_death(by=village_operator, resident=head, event_date=date(2027, 1, 1), report_date=TODAY)
    assert SummaryChange.objects.count() == 1
    events.move_out(
        by=village_operator, resident=wife, event_date=TODAY, report_date=TODAY, to_village=other_village,
        new_family_number="3522150101200009",
    )  # fmt: skip
    assert sorted(SummaryChange.objects.values_list("village_id", flat=True)) == [
        village.pk, village.pk, other_village.pk,
    ]  # fmt: skip


def test_a_change_enqueues_the_refresh_after_commit(family, head, village_operator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.update_resident(by=village_operator, resident=head, values={"name": "Sutrisno Baru"})
    task = DBTaskResult.objects.get()
    assert (task.task_path, task.args_kwargs["args"]) == (
        "pamong.villages.statstasks.refresh_village_summary",
        [head.village_id],
    )


def test_the_task_makes_the_figures_fresh_and_does_nothing_the_second_time(
    family, head, wife, village, district, village_operator
):
    statstasks.refresh_villages([village], today=TODAY)
    events.record_death(by=village_operator, resident=wife, event_date=TODAY, report_date=TODAY)
    stale = stats.page_figures(district, today=TODAY)
    assert (stale.pending, stale.complete, stale.tables[0].total.total) == (1, False, 2)
    assert statstasks.refresh_village_summary.call(village.pk) == "refreshed"
    fresh = stats.page_figures(district, today=TODAY)
    assert (fresh.pending, fresh.complete, fresh.tables[0].total.total) == (0, True, 1)
    assert statstasks.refresh_village_summary.call(village.pk) == "fresh"


def test_a_change_committed_during_a_refresh_stays_pending(family, head, village, monkeypatch):
    statstasks.refresh_villages([village], today=TODAY)
    counting = stats.count_residents

    def count_while_someone_writes(*args, **kwargs):
        result = counting(*args, **kwargs)
        SummaryChange.objects.create(village=village)  # committed after the counts were read
        return result

    statstasks.mark_changed(village)
    monkeypatch.setattr(stats, "count_residents", count_while_someone_writes)
    assert statstasks.refresh_villages([village], today=TODAY, force=False) == 1
    assert SummaryChange.objects.filter(village=village).count() == 1


def test_the_daily_sweep_moves_ages_to_the_new_day_and_skips_villages_already_done(family, head, village, district):
    # Sutrisno was born on 17 May 1980: 45 the day before his birthday, 46 on it.
    eve, birthday = date(2026, 5, 16), date(2026, 5, 17)
    assert statstasks.refresh_stale(today=eve) == 1
    bands = {r.label: r.total for r in stats.page_figures(district, today=eve).tables[1].rows}
    assert (bands["40-44"], bands["45-49"]) == (0, 1)
    assert statstasks.refresh_stale(today=eve) == 0
    assert statstasks.refresh_stale(today=birthday) == 1
    assert VillageSummary.objects.get(village=village).as_of == birthday
    result = stats.page_figures(district, today=birthday)
    assert {r.label: r.total for r in result.tables[1].rows}["45-49"] == 1
    assert result.as_of == birthday


def test_the_sweep_command_counts_every_village(family, head, village, other_village):
    out = io.StringIO()
    call_command("refresh_population_stats", "--force", stdout=out)
    assert out.getvalue().strip() == "2 desa dihitung ulang."
    assert set(VillageSummary.objects.values_list("village_id", "as_of")) == {
        (village.pk, TODAY),
        (other_village.pk, TODAY),
    }


def test_a_village_never_counted_is_counted_on_the_first_view_and_the_page_says_as_of_when(
    client, family, head, wife, regency, district
):
    assert not VillageSummary.objects.exists()
    body = client.get(reverse("villages:stats", args=[district.code])).content.decode()
    assert "dihitung per 20 November 2026" in body
    assert VillageSummary.objects.get().as_of == TODAY
    assert "sedang dihitung ulang" not in body


def test_the_page_says_when_changes_are_still_being_counted(client, family, head, wife, village, district):
    statstasks.refresh_villages([village], today=TODAY)
    statstasks.mark_changed(village)
    body = client.get(reverse("villages:stats", args=[district.code])).content.decode()
    assert "Perubahan data di 1 desa sedang dihitung ulang" in body


def test_staff_see_the_summary_in_full_and_the_public_suppressed(client, family, head, wife, regency, regent):
    public = client.get(reverse("villages:index")).context["tables"][0]
    assert [(r.male, r.female, r.total) for r in public.rows] == [("<5", "0", "<5"), ("0", "<5", "<5")]
    assert client.login(username=regent.email, password=PASSWORD)
    full = client.get(reverse("villages:index")).context["tables"][0]
    assert [(r.male, r.female, r.total) for r in full.rows] == [("1", "0", "1"), ("0", "1", "1")]
