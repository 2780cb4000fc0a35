"""An accepted report is a committed report: the confirmation (the web form's redirect, the
API's 201) goes out only after the row is in the database, and a failure before the commit
leaves no row and answers an error, never a confirmation.

The app runs under gunicorn on a database of the test's own; the test reads that database
through a fresh connection of its own the moment the answer arrives, so it sees only what
was committed (SQLite: a second connection to the file; PostgreSQL: a new psycopg connection).
"""

import json
import re
import uuid

import pytest
from django.core.management import call_command

from pamong.core.management.commands.demo_setup import DEMO_PASSWORD

from .support import OPEN311_KEY, HttpClient

CITIZEN = "warga@demo.pamong.id"
SUBMIT = "/lapor/kirim/"
OPEN311 = "/api/complaints/open311/requests.json"
# A failure injected into the database itself, checked at COMMIT: after the report row (and
# everything else the submission writes) went in, a deferred foreign key is found broken.
ORPHAN_TABLE = {
    "sqlite": "CREATE TABLE fault_orphan (report_id integer NOT NULL "
    "REFERENCES complaints_report (id) DEFERRABLE INITIALLY DEFERRED)",
    "postgresql": "CREATE TABLE fault_orphan (report_id bigint NOT NULL "
    "REFERENCES complaints_report (id) DEFERRABLE INITIALLY DEFERRED)",
}
COMMIT_FAILS = {
    "sqlite": [
        "CREATE TRIGGER fault_commit_fails AFTER INSERT ON complaints_report "
        "BEGIN INSERT INTO fault_orphan (report_id) VALUES (-1); END"
    ],
    "postgresql": [
        "CREATE FUNCTION fault_orphan_row() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN INSERT INTO fault_orphan (report_id) VALUES (-1); RETURN NULL; END $$",
        "CREATE TRIGGER fault_commit_fails AFTER INSERT ON complaints_report "
        "FOR EACH ROW EXECUTE FUNCTION fault_orphan_row()",
    ],
}


def _title() -> str:
    return f"Lampu jalan padam di perempatan {uuid.uuid4().hex[:8]}"


def submit_by_form(client: HttpClient, title: str):
    """A signed-in citizen sends the complaint form, as the browser would."""
    client.sign_in(CITIZEN, DEMO_PASSWORD)
    form = client.get(SUBMIT).body
    village = re.search(r'<option value="(35\.22\.\d+\.\d+)"', form).group(1)
    key = re.search(r'name="idempotency_key" value="([^"]+)"', form).group(1)
    values = {"type": "pengaduan", "title": title, "village": village, "idempotency_key": key}
    values["body"] = "Sudah tiga malam lampu jalan di perempatan padam, pengendara rawan kecelakaan."
    return client.post_form(SUBMIT, values)


def submit_by_open311(client: HttpClient, title: str):
    return client.post(
        OPEN311,
        {
            "api_key": OPEN311_KEY,
            "description": "Sudah tiga malam lampu jalan di perempatan padam, pengendara rawan kecelakaan.",
            "attribute[title]": title,
            "attribute[village]": "35.22.15.1011",
            "email": "pelapor@example.id",
        },
    )


def test_the_form_confirms_a_report_only_once_it_is_committed(app_db, server):
    title = _title()

    answer = submit_by_form(HttpClient(server.url), title)
    rows = app_db.fetch("SELECT access_token, status FROM complaints_report WHERE title = %s", (title,))

    assert answer.status == 302, server.output()
    token = re.fullmatch(r"/lapor/terkirim/([\w-]+)/", answer.headers["Location"]).group(1)
    assert rows == [(token, "submitted")]


def test_the_api_answers_201_only_once_the_report_is_committed(app_db, server):
    title = _title()

    answer = submit_by_open311(HttpClient(server.url), title)
    rows = app_db.fetch("SELECT code, status, channel FROM complaints_report WHERE title = %s", (title,))

    assert answer.status == 201, answer.body
    [created] = json.loads(answer.body)
    assert rows == [(created["service_request_id"], "submitted", "api")]


@pytest.mark.parametrize("submit", [submit_by_form, submit_by_open311], ids=["form", "open311"])
def test_a_submission_whose_commit_fails_leaves_no_report_and_gets_no_confirmation(app_db, server, submit):
    app_db.execute_script([ORPHAN_TABLE[app_db.kind], *COMMIT_FAILS[app_db.kind]])
    reports_before = app_db.fetch("SELECT count(*) FROM complaints_report")
    title = _title()

    answer = submit(HttpClient(server.url), title)

    assert answer.status == 500
    assert "Location" not in answer.headers
    assert "FOREIGN KEY" in server.output() or "fault_orphan" in server.output()
    assert app_db.fetch("SELECT count(*) FROM complaints_report WHERE title = %s", (title,)) == [(0,)]
    assert app_db.fetch("SELECT count(*) FROM complaints_report") == reports_before
    assert app_db.fetch("SELECT count(*) FROM fault_orphan") == [(0,)]


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    call_command("demo_setup", stdout=open("/dev/null", "w"))  # noqa: SIM115 - discarded output


def test_a_service_step_failing_inside_the_transaction_leaves_no_report(demo, live_server, monkeypatch):
    from pamong.complaints import services
    from pamong.complaints.models import Report

    def gateway_down(event):
        raise RuntimeError("notification queue unavailable")

    # The last step of the submission, inside its transaction, after every row was written.
    monkeypatch.setattr(services, "notify_about_event", gateway_down)
    reports_before = Report.objects.count()
    title = _title()

    answer = submit_by_form(HttpClient(live_server.url), title)

    assert answer.status == 500
    assert "Location" not in answer.headers
    assert '<h1 id="error-title">Terjadi gangguan pada sistem</h1>' in answer.body
    assert not Report.objects.filter(title=title).exists()
    assert Report.objects.count() == reports_before
