"""Temporary NIKs under concurrent requests (PostgreSQL: real row locks between connections)."""

import threading

import pytest
from django.db import connection, connections

from pamong.villages.nik import next_temporary_number

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_requests_never_get_the_same_temporary_number(village):
    results: list[str] = []
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def worker():
        try:
            start.wait()
            for _ in range(5):
                results.append(next_temporary_number(village))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(results) == [f"035221510110{n:04d}" for n in range(1, 41)]
