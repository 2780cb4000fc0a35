"""A village's dusun/RW/RT: listed with their families, added, renamed or merged, removed when empty."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pamong.audit.models import Event
from pamong.villages import events, services
from pamong.villages.models import Cluster, Family

from .conftest import person
from .test_pages import login


@pytest.fixture
def krajan(family, wife, village):
    """The Sutrisno family (two living members) in Dusun Krajan RW 002 RT 001."""
    cluster = services.ensure_cluster(village=village, dusun="Krajan", rw="2", rt="1")
    Family.objects.filter(pk=family.pk).update(cluster=cluster)
    return cluster


def clusters_page(client, village):
    return client.get(reverse("villages:clusters", args=[village.code]))


def test_the_page_lists_clusters_with_their_families_and_living_residents(
    client, krajan, wife, village, village_operator
):
    services.add_cluster(by=village_operator, village=village, dusun="Ngasem", rw="", rt="")
    events.record_death(by=village_operator, resident=wife, event_date=date(2026, 1, 5), report_date=date(2026, 1, 6))
    response = clusters_page(login(client, village_operator), village)
    rows = [(c.dusun, c.rw, c.rt, c.family_count, c.resident_count) for c in response.context["clusters"]]
    assert rows == [("Krajan", "002", "001", 1, 1), ("Ngasem", "", "", 0, 0)]
    assert "Dusun/RW/RT Kadipaten" in response.content.decode()


def test_the_list_costs_the_same_queries_for_many_clusters(client, krajan, village, village_operator):
    client = login(client, village_operator)
    clusters_page(client, village)  # warm the session and the caches
    with CaptureQueriesContext(connection) as few:
        clusters_page(client, village)
    for rt in range(2, 30):
        services.ensure_cluster(village=village, dusun="Krajan", rw="2", rt=str(rt))
    with CaptureQueriesContext(connection) as many:
        clusters_page(client, village)
    assert len(many) == len(few)


def test_an_operator_adds_a_cluster_with_rw_and_rt_padded(client, village, village_operator):
    response = login(client, village_operator).post(
        reverse("villages:clusters", args=[village.code]), {"dusun": " Ngasem ", "rw": "3", "rt": "12"}
    )
    assert response.status_code == 302
    cluster = Cluster.objects.get(village=village)
    assert (cluster.dusun, cluster.rw, cluster.rt) == ("Ngasem", "003", "012")
    assert Event.objects.filter(action="villages.cluster_add", after={"dusun": "Ngasem", "rw": "003", "rt": "012"})


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"dusun": "", "rw": "", "rt": ""}, "dusun", "Isi dusun, RW atau RT."),
        ({"dusun": "Krajan", "rw": "002", "rt": "1"}, "dusun", "Dusun/RW/RT ini sudah ada di desa ini."),
        ({"dusun": "", "rw": "A", "rt": ""}, "rw", "Isi angka, paling banyak 3 digit (mis. 1 atau 001)."),
        ({"dusun": "", "rw": "", "rt": "1234"}, "rt", "Pastikan nilai ini mengandung paling banyak 3 karakter"),
        ({"dusun": "x" * 61, "rw": "", "rt": ""}, "dusun", "Pastikan nilai ini mengandung paling banyak 60 karakter"),
    ],
)
def test_bad_clusters_are_refused_with_a_message_and_nothing_saved(
    client, krajan, village, village_operator, data, field, message
):
    response = login(client, village_operator).post(reverse("villages:clusters", args=[village.code]), data)
    assert response.status_code == 200
    assert any(error.startswith(message) for error in response.context["form"].errors[field])
    assert Cluster.objects.count() == 1


def test_a_family_form_refuses_letters_for_rw(client, family, village_operator):
    response = login(client, village_operator).post(
        reverse("villages:family_edit", args=[family.pk]), {"number": family.number, "rw": "X1"}
    )
    assert response.status_code == 200 and "rw" in response.context["form"].errors
    assert Family.objects.get(pk=family.pk).cluster is None


def test_renaming_a_cluster_moves_every_family_with_it(client, krajan, family, village_operator):
    response = login(client, village_operator).post(
        reverse("villages:cluster_edit", args=[krajan.pk]), {"dusun": "Krajan Lor", "rw": "2", "rt": "1"}
    )
    assert response.status_code == 302
    family.refresh_from_db()
    assert (family.cluster_id, str(family.cluster)) == (krajan.pk, "Dusun Krajan Lor / RW 002 / RT 001")
    audit = Event.objects.get(action="villages.cluster_update")
    assert (audit.before, audit.after) == ({"dusun": "Krajan"}, {"dusun": "Krajan Lor"})


def test_renaming_to_a_cluster_that_exists_merges_the_two(client, krajan, family, village, village_operator):
    typo = services.ensure_cluster(village=village, dusun="Krajn", rw="2", rt="1")
    other = services.create_family(
        by=village_operator, village=village, head=person(name="Warsito", seq=7), cluster=typo
    )
    response = login(client, village_operator).post(
        reverse("villages:cluster_edit", args=[typo.pk]), {"dusun": "Krajan", "rw": "002", "rt": "001"}
    )
    assert response.status_code == 302
    assert not Cluster.objects.filter(pk=typo.pk).exists()
    assert set(Family.objects.values_list("cluster_id", flat=True)) == {krajan.pk}
    audit = Event.objects.get(action="villages.cluster_merge")
    assert (audit.object_id, audit.after) == (str(krajan.pk), {"families": 1})
    assert other.pk in krajan.families.values_list("pk", flat=True)


def test_an_empty_cluster_is_removed_one_with_families_is_not(client, krajan, village, village_operator):
    empty = services.add_cluster(by=village_operator, village=village, dusun="Ngasem", rw="", rt="")
    client = login(client, village_operator)
    response = client.post(reverse("villages:cluster_remove", args=[krajan.pk]), follow=True)
    assert "Masih ada keluarga di dusun/RW/RT ini" in response.content.decode()
    client.post(reverse("villages:cluster_remove", args=[empty.pk]))
    assert list(Cluster.objects.values_list("pk", flat=True)) == [krajan.pk]
    assert Event.objects.filter(action="villages.cluster_remove", before__dusun="Ngasem").exists()


def test_an_operator_of_another_village_cannot_touch_the_clusters(client, krajan, other_operator):
    client = login(client, other_operator)
    assert client.get(reverse("villages:cluster_edit", args=[krajan.pk])).status_code == 404
    assert client.post(reverse("villages:cluster_remove", args=[krajan.pk])).status_code == 404
    edit = client.post(reverse("villages:cluster_edit", args=[krajan.pk]), {"dusun": "Ganti"})
    assert edit.status_code == 404
    assert Cluster.objects.get(pk=krajan.pk).dusun == "Krajan"


def test_cluster_names_are_escaped(client, village, village_operator):
    services.add_cluster(by=village_operator, village=village, dusun="<script>alert(1)</script>", rw="", rt="")
    body = clusters_page(login(client, village_operator), village).content.decode()
    assert "<script>alert(1)</script>" not in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body
