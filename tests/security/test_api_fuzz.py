"""A property-based fuzz run of the JSON API against its own OpenAPI document (schemathesis).

Every operation of /api/openapi.json gets ``EXAMPLES`` generated requests, sent in-process
through the WSGI application, against a test database holding a public report, a rahasia
one, a category, regions and agencies; no answer may be a server error. The Open311 POST
reads a form the OpenAPI document does not describe, so it gets its own Hypothesis run
with a valid API key.

The run sits in one test function rather than schemathesis' pytest integration, so that it
shares pytest-django's database; each request runs in a savepoint that is rolled back, so
one failing request (an aborted PostgreSQL transaction) cannot spoil the next. Bounded: a
fixed number of examples, no per-example deadline, no example database on disk.
"""

import contextlib
import time

import schemathesis
from django.core import signals
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from config.wsgi import application

from .conftest import client_as

EXAMPLES = 25
BUDGET_SECONDS = 45
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


@contextlib.contextmanager
def in_process_requests():
    """Keep the test's database connection across WSGI calls, as Django's test client does:
    the real handler closes "old" connections at the end of each request."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def rolled_back(call):
    with transaction.atomic():
        response = call()
        transaction.set_rollback(True)
    return response


def fuzz_operation(operation, failures: list[str]) -> int:
    """Run valid and schema-violating cases of one operation; return how many were sent.

    A failure is recorded once, for the smallest case Hypothesis shrinks it to (the case it
    replays last before raising).
    """
    sent, failing = [], []
    cases = st.one_of(operation.as_strategy(GenerationMode.POSITIVE), operation.as_strategy(GenerationMode.NEGATIVE))

    @given(case=cases)
    @FUZZ
    def check(case):
        response = rolled_back(case.call)
        sent.append(response.status_code)
        try:
            case.validate_response(response, checks=[not_a_server_error])
        except Exception:
            failing.append(f"{operation.label} → {response.status_code}: {case.as_curl_command()}")
            raise

    try:
        check()
    except Exception as exc:  # reported with the others below
        failures.append(failing[-1] if failing else f"{operation.label}: {exc!r}")
    return len(sent)


def test_the_api_gives_no_server_error_for_any_generated_request(world):
    started = time.monotonic()
    failures: list[str] = []
    with in_process_requests():
        schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)
        operations = [result.ok() for result in schema.get_all_operations()]
        sent = {operation.label: fuzz_operation(operation, failures) for operation in operations}

    assert {
        "GET /api/regions/{code}",
        "GET /api/agencies/",
        "GET /api/agencies/{code}",
        "GET /api/complaints/open311/services.json",
        "GET /api/complaints/open311/requests.json",
        "GET /api/complaints/open311/requests/{code}.json",
        "POST /api/complaints/open311/requests.json",
    } <= set(sent)
    assert not failures, "Galat server:\n" + "\n".join(failures)
    assert time.monotonic() - started < BUDGET_SECONDS


# --- The Open311 POST: a form the OpenAPI document does not describe -------------------------

TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", " ", "NaN", "-inf", "1e999", "0x10", "-7.15", "111.88", "' OR 1=1--", "\x00", "9" * 30]),
)


def test_the_open311_post_gives_no_server_error_for_any_generated_form(shared_client, world, settings):
    settings.OPEN311_API_KEYS = ["kunci-uji"]
    client = client_as(shared_client, None)
    village = world.village.code
    statuses = []

    @given(
        form=st.fixed_dictionaries(
            {
                "api_key": st.sampled_from(["kunci-uji", "", "salah"]),
                "description": st.one_of(TEXT, st.just("Lubang besar di tengah jalan dekat pasar desa.")),
                "attribute[village]": st.one_of(TEXT, st.just(village)),
                "attribute[type]": st.one_of(TEXT, st.sampled_from(["pengaduan", "aspirasi"])),
                "service_code": TEXT,
                "lat": TEXT,
                "long": TEXT,
                "email": st.one_of(TEXT, st.just("warga@example.org")),
                "first_name": TEXT,
                "attribute[idempotency_key]": TEXT,
            }
        )
    )
    @FUZZ
    def post(form):
        response = rolled_back(lambda: client.post("/api/complaints/open311/requests.json", form))
        statuses.append(response.status_code)
        assert response.status_code in {201, 400, 403}, (response.status_code, form)

    post()

    assert len(statuses) == EXAMPLES
