"""The first load of an empty registry (ADR 11): one pass and one transaction on PostgreSQL,
with the registry's foreign keys and plain indexes built once at the end."""

import pytest
from django.db import connection

from pamong.audit.models import Event
from pamong.villages import services
from pamong.villages.models import Cluster, Family, ImportBatch, Resident

from .conftest import person
from .test_import import nothing_imported
from .test_import_regency import regency_rows, run

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="the one-pass load is PostgreSQL's")


def schema(*models) -> list[str]:
    """Every constraint and index of the models' tables, as PostgreSQL defines them."""
    tables = [model._meta.db_table for model in models]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = ANY(%s::regclass[]) UNION ALL SELECT pg_get_indexdef(indexrelid) FROM pg_index "
            "WHERE indrelid = ANY(%s::regclass[]) ORDER BY 1",
            [tables, tables],
        )
        return [definition for (definition,) in cursor.fetchall()]


def chunks_written() -> list[dict]:
    return list(Event.objects.filter(action="villages.import_batch").order_by("pk").values_list("after", flat=True))


def test_the_first_load_writes_every_row_in_one_pass_and_keeps_the_schema(regency, village, other_village):
    before = schema(Cluster, Family, Resident)
    outcome = run(regency, regency_rows(), batch_size=1)
    assert (outcome.errors, outcome.created, outcome.batch.status, outcome.batch.processed) == ([], 4, "done", 4)
    # One pass: a single write for the whole file, not one per batch of one row.
    assert chunks_written() == [{"from": 0, "rows": 4, "families": 2, "clusters": 2}]
    assert schema(Cluster, Family, Resident) == before
    sutrisno = Family.objects.get(number="3522150101200001")
    assert (sutrisno.village_id, str(sutrisno.cluster), sutrisno.address) == (
        village.code,
        "Dusun KRAJAN / RW 002 / RT 001",
        "JL. KARTINI 1",
    )
    assert sorted(sutrisno.members.values_list("name", "is_head")) == [
        ("ANDI", False),
        ("SITI RAHAYU", False),
        ("SUTRISNO", True),
    ]
    assert Resident.objects.get(name="DARMAJI").family.village_id == other_village.code


def test_ids_handed_out_by_the_load_are_not_handed_out_again(regency, village, other_village, village_operator):
    run(regency, regency_rows())
    family = services.create_family(
        by=village_operator, village=village, number="3522150101200009", head=person(name="WARGA BARU", seq=9)
    )
    cluster = Cluster.objects.create(village=village, dusun="BARU")
    assert family.pk > max(Family.objects.exclude(pk=family.pk).values_list("pk", flat=True))
    assert cluster.pk > max(Cluster.objects.exclude(pk=cluster.pk).values_list("pk", flat=True))


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda rows: [*rows[:3], rows[3].replace("1970-12-25", "31-02-1970")], id="bad-last-row"),
        pytest.param(lambda rows: [*rows, rows[0]], id="nik-twice"),
        pytest.param(lambda rows: [rows[0].replace("KEPALA KELUARGA", "ANAK"), *rows[1:]], id="family-without-head"),
    ],
)
def test_a_refused_first_load_writes_nothing_and_keeps_the_schema(regency, village, other_village, spoil):
    before = schema(Cluster, Family, Resident)
    outcome = run(regency, spoil(regency_rows()), batch_size=1)
    assert outcome.errors and outcome.batch.status == ImportBatch.Status.FAILED
    assert nothing_imported() and not Cluster.objects.exists()
    assert schema(Cluster, Family, Resident) == before


def test_a_populated_registry_is_written_in_committed_chunks(regency, village, other_village, other_operator):
    services.create_family(
        by=other_operator, village=other_village, number="3522150101200009", head=person(name="WARGA LAMA", seq=9)
    )
    assert run(regency, regency_rows(), batch_size=2).created == 4
    assert [after["rows"] for after in chunks_written()] == [2, 2]


def test_a_village_file_is_written_in_committed_chunks_even_into_an_empty_registry(village):
    assert run(village, regency_rows()[:3], batch_size=2).created == 3
    assert [after["rows"] for after in chunks_written()] == [2, 1]


def test_progress_counts_up_to_the_rows_written(regency, village, other_village):
    seen = []
    run(regency, regency_rows(), batch_size=1, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (4, 4) and all(done <= total for done, total in seen)
    assert [done for done, _total in seen] == sorted(done for done, _total in seen)
