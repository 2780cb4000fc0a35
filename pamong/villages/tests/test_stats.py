from datetime import date

import pytest

from pamong.villages import events, services, stats
from pamong.villages.stats import REPORT_COLUMNS

from .conftest import OTHER_KK, TODAY, lookup, person


def identity_holds(r):
    return (
        r["opening"] + r["lahir"] + r["pindah_masuk"] - r["mati"] - r["pindah_keluar"] - r["hilang"] - r["pergi"]
        == (r["closing"])
    )


@pytest.fixture
def history(family, head, wife, village, other_village, village_operator):
    """October: a birth and a move-in; November: a death, a move to the other village, a loss."""
    kid = events.record_birth(
        by=village_operator, family=family, person=person(name="Bayi", sex="P", birth_date=date(2026, 10, 5), nik=""),
        event_date=date(2026, 10, 5), report_date=date(2026, 10, 6),
    )  # fmt: skip
    newcomer = events.move_in(
        by=village_operator, village=village, person=person(seq=40), event_date=date(2026, 10, 20),
        report_date=date(2026, 10, 20), origin="Tuban",
    )  # fmt: skip
    events.record_death(
        by=village_operator, resident=head, event_date=date(2026, 11, 2), report_date=date(2026, 11, 2), new_head=wife
    )
    events.move_out(
        by=village_operator, resident=newcomer, event_date=date(2026, 11, 3), report_date=date(2026, 11, 3),
        to_village=other_village, new_family_number=OTHER_KK,
    )  # fmt: skip
    events.record_lost(by=village_operator, resident=kid, event_date=date(2026, 11, 4), report_date=date(2026, 11, 4))


def test_the_monthly_report_adds_up_from_the_events(history, village, other_village):
    october = stats.monthly_report(village, 2026, 10)
    november = stats.monthly_report(village, 2026, 11)
    assert {c: october["total"][c] for c in REPORT_COLUMNS} == {
        "opening": 2, "lahir": 1, "mati": 0, "pindah_masuk": 1, "pindah_keluar": 0, "hilang": 0, "pergi": 0,
        "closing": 4,
    }  # fmt: skip
    assert november["total"] == {
        "opening": 4, "lahir": 0, "mati": 1, "pindah_masuk": 0, "pindah_keluar": 1, "hilang": 1, "pergi": 0,
        "closing": 1,
    }  # fmt: skip
    assert (october["P"]["lahir"], november["L"]["mati"], november["P"]["closing"]) == (1, 1, 1)
    receiving = stats.monthly_report(other_village, 2026, 11)["total"]
    assert (receiving["opening"], receiving["pindah_masuk"], receiving["closing"]) == (0, 1, 1)


def test_the_monthly_identity_holds_for_every_scope_sex_and_month(history, village, other_village, district):
    for region in (village, other_village, district):
        for month in (9, 10, 11):
            report = stats.monthly_report(region, 2026, month)
            assert all(identity_holds(report[sex]) for sex in ("L", "P", "total"))
    assert stats.monthly_report(village, 2026, 9)["total"]["closing"] == 2


def test_the_monthly_report_takes_two_queries(history, village, django_assert_num_queries):
    with django_assert_num_queries(2):
        stats.monthly_report(village, 2026, 11)


def test_the_figures_count_living_residents_by_sex(family, head, wife, village, district, regency):
    services.add_member(
        by=_operator(village),
        family=family, relation="4",
        person=person(name="Anak", sex="L", birth_date=date(2019, 3, 1), seq=3, religion=lookup("religion", 2)),
    )  # fmt: skip
    tables = {t.key: t for t in stats.figures(regency, today=TODAY)}
    sex = tables["sex"]
    assert [(r.label, r.total) for r in sex.rows] == [("Laki-laki", 2), ("Perempuan", 1)]
    religion = tables["religion"]
    assert [(r.label, r.male, r.female, r.total) for r in religion.rows] == [("Islam", 1, 1, 2), ("Kristen", 1, 0, 1)]
    pyramid = {r.label: r.total for r in tables["pyramid"].rows}
    assert (pyramid["5-9"], pyramid["40-44"], pyramid["45-49"], pyramid["80+"]) == (1, 1, 1, 0)
    ages = {r.label: r.total for r in tables["age_groups"].rows}
    assert (ages["7-12"], ages["19-59"]) == (1, 2)
    assert [r.total for r in tables["relation"].rows[:4]] == [1, 0, 1, 1]
    assert tables["education"].rows[-1].label == "Belum diisi"
    assert tables["sex"].total.total == 3


def _operator(village):
    from pamong.accounts.models import User

    return User.objects.get(village=village)


def test_each_figure_is_one_query_plus_one_for_the_labels(family, head, regency, django_assert_num_queries):
    with django_assert_num_queries(len(stats.FIGURE_KEYS) + 1):
        stats.figures(regency, today=TODAY)


def test_the_public_copy_hides_small_counts_and_the_totals_that_would_give_them_away(family, head, wife, village):
    table = stats.public(stats.figures(village, today=TODAY))[0]
    assert [(r.label, r.male, r.female, r.total) for r in table.rows] == [
        ("Laki-laki", "<5", 0, "<5"),
        ("Perempuan", 0, "<5", "<5"),
    ]
    # One man and one woman: an exact total row would give each cell away by subtraction.
    assert (table.total.male, table.total.female, table.total.total) == ("<5", "<5", "<5")


def test_a_table_exports_as_csv(family, head, village):
    assert stats.to_csv(stats.figures(village, today=TODAY)[0]).splitlines() == [
        "Jenis kelamin,Laki-laki,Perempuan,Jumlah",
        "Laki-laki,1,0,1",
        "Perempuan,0,0,0",
        "Jumlah,1,0,1",
    ]
