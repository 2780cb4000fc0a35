"""Gateways for tests: they stand in for a provider and remember what they were asked to send."""

import os
import time

from pamong.notifications.gateways import Gateway, GatewayError


class RecordingGateway(Gateway):
    """Accepts every message and remembers it in ``sent`` (reset by the ``recording_gateway`` fixture)."""

    sent: list = []

    def send(self, notification) -> None:
        RecordingGateway.sent.append(
            (notification.channel, notification.destination, notification.subject, notification.body, notification.key)
        )


class FailingGateway(Gateway):
    """Refuses every message, like a provider that is down; counts the attempts in ``calls``."""

    calls = 0

    def send(self, notification) -> None:
        FailingGateway.calls += 1
        raise GatewayError("provider down")


class BrokenGateway(Gateway):
    """Fails with an unexpected exception, like a gateway with a bug."""

    def send(self, notification) -> None:
        raise RuntimeError("bug in gateway")


class FileRecordingGateway(Gateway):
    """For the worker subprocess: appends ``start <key>`` when a send begins and ``sent <key>``
    once the (simulated) provider accepted it, to the file named by PAMONG_TEST_SEND_LOG.

    The pause between the two (PAMONG_TEST_SEND_SECONDS) is a slow provider, and the window in
    which the test kills the worker: a send that logged ``start`` but not ``sent`` never reached
    the provider.
    """

    def send(self, notification) -> None:
        path = os.environ["PAMONG_TEST_SEND_LOG"]
        with open(path, "a") as log:
            log.write(f"start {notification.key}\n")
        time.sleep(float(os.environ.get("PAMONG_TEST_SEND_SECONDS", "0.5")))
        with open(path, "a") as log:
            log.write(f"sent {notification.key}\n")
