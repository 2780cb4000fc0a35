"""Load for `make bench` (run by bench/run.py; locust headless on 127.0.0.1).

The personas' session keys, villages and categories come from the JSON that
``manage.py bench_users`` wrote (path in BENCH_SESSIONS). User classes:

- reads under concurrent load: PublicVisitor, Coordinator, Officer, Leader, Citizen (the
  citizen submits a report now and then), each waiting 0.5-2 s between requests;
- service time without contention: Alone, one user requesting every page and a submission
  in turn without waiting (the same names, in a run of its own);
- throughput, closed loop without waiting: SubmitFlood (the real submission form) and
  BareFlood (the one-row insert endpoint), run one after the other with the same users;
- the village registry, in runs of their own: VillageOperator (the largest village's resident
  list) and StatsVisitor (the regency's population statistics), and RegistryAlone.
"""

import json
import os
import re
import uuid

from locust import HttpUser, between, constant, task

DATA = json.load(open(os.environ["BENCH_SESSIONS"], encoding="utf-8"))  # noqa: SIM115
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _expect(response, status: int) -> None:
    if response.status_code != status:
        response.failure(f"HTTP {response.status_code}, expected {status}")
    else:
        response.success()


class _Page(HttpUser):
    abstract = True
    wait_time = between(0.5, 2)
    persona = ""
    url = ""
    label = ""

    def on_start(self):
        if self.persona:
            self.client.cookies.set("sessionid", DATA["sessions"][self.persona])

    @task
    def page(self):
        with self.client.get(self.url, name=self.label, allow_redirects=False, catch_response=True) as response:
            _expect(response, 200)


class PublicVisitor(_Page):
    url, label = "/lapor/", "public list, first page"


class Coordinator(_Page):
    persona, url, label = "coordinator", "/lapor/staf/antrian/", "coordinator queue"


class Officer(_Page):
    persona, url, label = "officer", "/lapor/staf/kotak-masuk/", "OPD inbox (busiest OPD)"


class Leader(_Page):
    persona, url, label = "leadership", "/lapor/pimpinan/", "leadership view"


# The village with most residents (null when the database has none) and its regency ("35.22").
BUSY_VILLAGE = (DATA.get("busy_village") or {}).get("code", "")


class VillageOperator(_Page):
    persona, label = "village_operator", "village resident list"
    url = f"/desa/kelola/{BUSY_VILLAGE}/penduduk/"


class StatsVisitor(_Page):
    label = "regency statistics"
    url = f"/desa/statistik/{BUSY_VILLAGE[:5]}/"


class RegistryAlone(HttpUser):
    """One user, no waiting: the registry's pages in turn (their own cost)."""

    wait_time = constant(0)

    @task
    def round(self):
        for url, persona, label in (
            (VillageOperator.url, VillageOperator.persona, VillageOperator.label),
            (StatsVisitor.url, None, StatsVisitor.label),
        ):
            cookies = {"sessionid": DATA["sessions"][persona]} if persona else {}
            with self.client.get(
                url, name=label, cookies=cookies, allow_redirects=False, catch_response=True
            ) as response:
                _expect(response, 200)


class _Submitter(HttpUser):
    abstract = True

    def on_start(self):
        # Sent with each request, not kept in the jar: Alone's pages go out as their own persona.
        self.citizen = {"sessionid": DATA["sessions"]["citizen"]}
        form = self.client.get("/lapor/kirim/", name="submit form (GET)", cookies=self.citizen)
        found = CSRF_FIELD.search(form.text)
        self.csrf = found.group(1) if found else ""
        self.n = 0

    def submit(self):
        self.n += 1
        villages, categories = DATA["villages"], DATA["categories"]
        data = {
            "csrfmiddlewaretoken": self.csrf,
            "type": "pengaduan",
            "title": "Jalan berlubang di depan balai desa",
            "body": "Jalan poros desa berlubang dalam sejak musim hujan, sudah dua pengendara jatuh minggu ini.",
            "village": villages[self.n * 7 % len(villages)],
            "category": categories[self.n % len(categories)],
            "address": "Jl. Veteran RT 02/RW 01",
            "idempotency_key": uuid.uuid4().hex,
        }
        with self.client.post(
            "/lapor/kirim/",
            data=data,
            cookies=self.citizen,
            name="submit report",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            _expect(response, 302)


class Citizen(_Submitter):
    wait_time = between(0.5, 2)

    @task
    def send(self):
        self.submit()


class SubmitFlood(_Submitter):
    wait_time = constant(0)

    @task
    def send(self):
        self.submit()


class BareFlood(HttpUser):
    wait_time = constant(0)

    @task
    def insert(self):
        with self.client.post("/_bench/insert/", name="bare insert", catch_response=True) as response:
            _expect(response, 201)


class Alone(_Submitter):
    """One user, no waiting: each page and a submission in turn (the requests' own cost)."""

    wait_time = constant(0)
    pages = [
        (PublicVisitor.url, None, PublicVisitor.label),
        (Coordinator.url, "coordinator", Coordinator.label),
        (Officer.url, "officer", Officer.label),
        (Leader.url, "leadership", Leader.label),
    ]

    @task
    def round(self):
        for url, persona, label in self.pages:
            cookies = {"sessionid": DATA["sessions"][persona]} if persona else {}
            with self.client.get(
                url, name=label, cookies=cookies, allow_redirects=False, catch_response=True
            ) as response:
                _expect(response, 200)
        self.submit()
