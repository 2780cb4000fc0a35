"""The real worker (``manage.py db_worker``) killed mid-send and restarted: every message goes out once.

Everything runs in subprocesses against a database they can all see: a fresh SQLite file
(migrated here) when the suite runs on SQLite, the suite's own test database on PostgreSQL.
FileRecordingGateway logs ``start <key>`` / ``sent <key>`` around a 0.5 s "provider call"; the
test SIGKILLs the first worker right after a ``start``, i.e. before the provider accepted that
message, which leaves its row stuck in SENDING for the sweeper to hand back.
"""

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import connection

pytestmark = pytest.mark.slow

MANAGE = str(Path(settings.BASE_DIR) / "manage.py")
# --skip-checks: the system checks cover the whole project and are not what this test is about.
WORKER = [
    sys.executable,
    MANAGE,
    "db_worker",
    "--no-reload",
    "--no-startup-delay",
    "--interval",
    "0.1",
    "--skip-checks",
]
COUNT = 6
SEND_SECONDS = 0.5
STUCK_AFTER = 2.0  # well above SEND_SECONDS, so the sweeper never takes a live send

SETUP = f"""
from django.db import transaction
from pamong.notifications.services import notify
with transaction.atomic():
    for i in range({COUNT}):
        notify(channel="sms", destination=f"+6281200000{{i:03d}}", body="Uji worker", key=f"worker:{{i}}")
"""

STATUS = """
import json
from pamong.notifications.models import Notification
rows = Notification.objects.order_by("key").values_list("key", "status", "attempts")
print(json.dumps({key: [status, attempts] for key, status, attempts in rows}))
"""


@pytest.fixture
def worker_env(transactional_db, tmp_path):
    env = {
        **os.environ,
        "DEBUG": "1",
        "PYTHONUNBUFFERED": "1",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "NOTIFY_SMS_GATEWAY": "pamong.notifications.tests.gateways.FileRecordingGateway",
        "PAMONG_TEST_SEND_LOG": str(tmp_path / "sends.log"),
        "PAMONG_TEST_SEND_SECONDS": str(SEND_SECONDS),
    }
    if connection.vendor == "sqlite":
        # The suite's SQLite test database lives in memory, out of the subprocesses' reach.
        env.pop("DATABASE_URL", None)
        env["SQLITE_PATH"] = str(tmp_path / "worker.sqlite3")
        _manage(env, "migrate", "--skip-checks", "-v", "0")
    else:
        # transactional_db: rows the subprocesses write are committed, and flushed afterwards.
        url = urlsplit(os.environ["DATABASE_URL"])
        env["DATABASE_URL"] = url._replace(path="/" + connection.settings_dict["NAME"]).geturl()
    Path(env["PAMONG_TEST_SEND_LOG"]).touch()
    return env


def _manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, MANAGE, *args], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def _start_worker(env: dict, output: Path) -> subprocess.Popen:
    with output.open("ab") as out:
        return subprocess.Popen(
            WORKER,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _log(env: dict) -> list[tuple[str, str]]:
    lines = Path(env["PAMONG_TEST_SEND_LOG"]).read_text().splitlines()
    return [tuple(line.split(" ", 1)) for line in lines]


def _wait_for(condition, *, seconds: float, what: str, output: Path) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}; worker output:\n{output.read_text()}"
        time.sleep(0.02)


def _stop(process: subprocess.Popen, sig: int) -> None:
    if process.poll() is None:
        os.killpg(process.pid, sig)
    process.wait(timeout=10)


def test_worker_killed_mid_send_and_restarted_sends_every_notification_exactly_once(worker_env, tmp_path):
    _manage(worker_env, "shell", "--no-imports", "-v", "0", "-c", SETUP)
    output = tmp_path / "worker.out"
    keys = {f"worker:{i}" for i in range(COUNT)}

    first = _start_worker(worker_env, output)
    try:
        _wait_for(
            lambda: sum(event == "start" for event, _ in _log(worker_env)) >= 3,
            seconds=20,
            what="three sends to start",
            output=output,
        )
    finally:
        _stop(first, signal.SIGKILL)
    killed_at = time.monotonic()
    started = {key for event, key in _log(worker_env) if event == "start"}
    sent = {key for event, key in _log(worker_env) if event == "sent"}
    assert len(started - sent) == 1, "the kill should land inside one send"
    [in_flight] = started - sent
    assert json.loads(_manage(worker_env, "shell", "--no-imports", "-v", "0", "-c", STATUS))[in_flight] == [
        "sending",
        1,
    ]

    second = _start_worker(worker_env, output)
    try:
        time.sleep(max(0.0, killed_at + STUCK_AFTER + 0.1 - time.monotonic()))
        swept = _manage(worker_env, "send_pending_notifications", "--stuck-after", str(STUCK_AFTER))
        _wait_for(
            lambda: {key for event, key in _log(worker_env) if event == "sent"} == keys,
            seconds=20,
            what="every notification to be sent",
            output=output,
        )
        time.sleep(2 * SEND_SECONDS)  # room for a duplicate send to show up
    finally:
        _stop(second, signal.SIGTERM)

    assert swept.strip() == "reclaimed=1 failed=0 requeued=0"
    log = _log(worker_env)
    assert Counter(key for event, key in log if event == "sent") == dict.fromkeys(keys, 1)
    assert Counter(key for event, key in log if event == "start") == {**dict.fromkeys(keys, 1), in_flight: 2}
    statuses = json.loads(_manage(worker_env, "shell", "--no-imports", "-v", "0", "-c", STATUS))
    assert statuses == {key: ["sent", 2 if key == in_flight else 1] for key in keys}
