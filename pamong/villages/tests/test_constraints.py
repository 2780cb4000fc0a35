"""The registry's rules the database itself enforces, whatever code writes the rows.

Guards against a migration dropping them: Django's AlterField on a foreign key drops every index
on that column, the partial unique one-head index included.
"""

import pytest
from django.db import IntegrityError, connection, transaction

from pamong.villages.models import Resident


def test_a_family_cannot_get_a_second_living_head_even_bypassing_the_services(family, head, wife):
    with pytest.raises(IntegrityError), transaction.atomic():
        Resident.objects.filter(pk=wife.pk).update(is_head=True, relation=Resident.Relation.HEAD)


def test_a_dead_former_head_does_not_block_a_new_one(family, head, wife):
    Resident.objects.filter(pk=head.pk).update(status=Resident.Status.DEAD)
    Resident.objects.filter(pk=wife.pk).update(is_head=True, relation=Resident.Relation.HEAD)
    assert Resident.objects.filter(family=family, is_head=True).count() == 2


def test_the_resident_table_keeps_only_the_indexes_its_queries_use(db):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Resident._meta.db_table)
    indexed = {tuple(c["columns"]) for c in constraints.values() if c["index"] or c["unique"]}
    assert "resident_one_head_per_family" in constraints
    assert {("village_id", "status", "name"), ("family_id", "relation"), ("nik",)} <= indexed
    # Paid on every insert, used by no query: the reference lists and the village alone.
    for column in ("village_id", "religion_id", "education_id", "occupation_id", "marital_status_id"):
        assert (column,) not in indexed, column
    assert ("blood_type_id",) not in indexed and ("disability_id",) not in indexed
