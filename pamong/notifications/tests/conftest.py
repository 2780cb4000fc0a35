import pytest
from django_tasks_db.models import DBTaskResult, get_date_max

from pamong.notifications.tests.gateways import FailingGateway, RecordingGateway

TESTS = "pamong.notifications.tests.gateways"


def _use_gateway(settings, name: str) -> None:
    settings.NOTIFICATION_GATEWAYS = {channel: f"{TESTS}.{name}" for channel in ("email", "sms", "whatsapp")}


@pytest.fixture
def recording_gateway(db, settings):
    """Every channel goes to RecordingGateway; its ``sent`` list starts empty."""
    _use_gateway(settings, "RecordingGateway")
    RecordingGateway.sent = []
    return RecordingGateway


@pytest.fixture
def failing_gateway(db, settings):
    _use_gateway(settings, "FailingGateway")
    FailingGateway.calls = 0
    return FailingGateway


@pytest.fixture
def broken_gateway(db, settings):
    _use_gateway(settings, "BrokenGateway")


def queued_deliveries() -> list[tuple[list, object]]:
    """(args, run_after) of every deliver_notification task in the queue, oldest first."""
    rows = DBTaskResult.objects.filter(task_path="pamong.notifications.tasks.deliver_notification").order_by(
        "enqueued_at"
    )
    never = get_date_max()  # how the backend stores "as soon as possible"
    return [(row.args_kwargs["args"], None if row.run_after == never else row.run_after) for row in rows]
