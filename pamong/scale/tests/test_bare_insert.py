"""The benchmark's bare endpoint answers only when PAMONG_BENCH_ENDPOINTS=1."""

import pytest
from django.urls import include, path

from pamong.scale.models import Probe

urlpatterns = [path("_bench/", include("pamong.scale.urls"))]


@pytest.fixture(autouse=True)
def mounted(settings):
    # Mounted here until config/urls.py includes pamong.scale.urls.
    settings.ROOT_URLCONF = __name__


def test_bare_insert_is_not_found_without_the_bench_switch(client, monkeypatch, db):
    monkeypatch.delenv("PAMONG_BENCH_ENDPOINTS", raising=False)
    response = client.post("/_bench/insert/")
    assert response.status_code == 404
    assert Probe.objects.count() == 0


def test_bare_insert_writes_one_row_when_switched_on(client, monkeypatch, db):
    monkeypatch.setenv("PAMONG_BENCH_ENDPOINTS", "1")
    response = client.post("/_bench/insert/", {"note": "x"})
    assert response.status_code == 201
    assert list(Probe.objects.values_list("note", flat=True)) == ["x"]
    assert response.content == str(Probe.objects.get().pk).encode()


def test_bare_insert_refuses_get(client, monkeypatch, db):
    monkeypatch.setenv("PAMONG_BENCH_ENDPOINTS", "1")
    assert client.get("/_bench/insert/").status_code == 405
    assert Probe.objects.count() == 0
