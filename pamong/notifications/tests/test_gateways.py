import json
import logging
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import ImproperlyConfigured

from pamong.notifications.gateways import (
    ConsoleGateway,
    EmailGateway,
    GatewayError,
    HttpGateway,
    gateway_for,
)
from pamong.notifications.models import Notification


def _notification(**overrides) -> Notification:
    # Gateways only read the fields; nothing needs saving.
    values = {
        "key": "complaint:42:disposed",
        "channel": "sms",
        "destination": "+6281234567890",
        "subject": "Laporan diteruskan",
        "body": "Laporan LPR-0042 diteruskan ke Dinas PU.",
    }
    return Notification(**{**values, **overrides})


class Provider:
    """A real HTTP server on 127.0.0.1 that answers every POST with ``status`` and keeps the requests."""

    def __init__(self, status: int = 202, headers: dict | None = None):
        self.status = status
        self.headers = headers or {}
        self.requests: list[dict] = []
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers["Content-Length"])
                provider.requests.append(
                    {"path": self.path, "headers": dict(self.headers), "body": self.rfile.read(length)}
                )
                self.send_response(provider.status)
                for name, value in provider.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"detail": "from provider"}')

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1/messages"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


def test_http_gateway_posts_json_with_the_bearer_token_and_idempotency_key(settings):
    settings.NOTIFY_HTTP_TOKEN = "rahasia-penyedia"
    with Provider(status=202) as provider:
        settings.NOTIFY_HTTP_URL = provider.url
        HttpGateway().send(_notification())

    [request] = provider.requests
    assert request["path"] == "/v1/messages"
    assert request["headers"]["Authorization"] == "Bearer rahasia-penyedia"
    assert request["headers"]["Content-Type"] == "application/json"
    assert request["headers"]["Idempotency-Key"] == "complaint:42:disposed"
    assert json.loads(request["body"]) == {
        "channel": "sms",
        "to": "+6281234567890",
        "subject": "Laporan diteruskan",
        "message": "Laporan LPR-0042 diteruskan ke Dinas PU.",
        "idempotency_key": "complaint:42:disposed",
    }


def test_http_gateway_raises_gateway_error_on_a_server_error(settings):
    with Provider(status=500) as provider:
        settings.NOTIFY_HTTP_URL = provider.url
        with pytest.raises(GatewayError, match=r"status 500.*from provider"):
            HttpGateway().send(_notification())

    assert len(provider.requests) == 1


def test_http_gateway_does_not_follow_a_redirect(settings):
    with Provider(status=302, headers={"Location": "/elsewhere"}) as provider:
        settings.NOTIFY_HTTP_URL = provider.url
        with pytest.raises(GatewayError, match="status 302"):
            HttpGateway().send(_notification())

    assert [request["path"] for request in provider.requests] == ["/v1/messages"]


def test_http_gateway_raises_gateway_error_when_nobody_listens(settings):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.NOTIFY_HTTP_URL = f"http://127.0.0.1:{port}/"

    with pytest.raises(GatewayError, match="http:"):
        HttpGateway().send(_notification())


def test_http_gateway_refuses_a_url_that_is_not_http(settings):
    settings.NOTIFY_HTTP_URL = "file:///etc/passwd"

    with pytest.raises(ImproperlyConfigured):
        HttpGateway()


def test_email_gateway_sends_through_django_mail(mailoutbox, settings):
    settings.DEFAULT_FROM_EMAIL = "Pamong Bojonegoro <noreply@bojonegorokab.go.id>"

    EmailGateway().send(_notification(channel="email", destination="warga@example.id", subject="Baris\nbaru"))

    [message] = mailoutbox
    assert (message.to, message.from_email, message.subject, message.body) == (
        ["warga@example.id"],
        "Pamong Bojonegoro <noreply@bojonegorokab.go.id>",
        "Baris baru",
        "Laporan LPR-0042 diteruskan ke Dinas PU.",
    )


def test_email_gateway_gives_an_empty_subject_a_default(mailoutbox):
    EmailGateway().send(_notification(channel="email", destination="warga@example.id", subject=""))

    assert mailoutbox[0].subject == "Pemberitahuan dari Pamong"


def test_email_gateway_turns_an_smtp_failure_into_gateway_error(settings):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port

    with pytest.raises(GatewayError, match="email:"):
        EmailGateway().send(_notification(channel="email", destination="warga@example.id"))


def test_console_gateway_logs_the_message(caplog):
    with caplog.at_level(logging.INFO, logger="pamong.notifications.gateways"):
        ConsoleGateway().send(_notification())

    assert "[sms → +6281234567890] Laporan diteruskan" in caplog.text
    assert "Laporan LPR-0042 diteruskan ke Dinas PU." in caplog.text


def test_gateway_for_builds_the_configured_class(settings):
    settings.NOTIFICATION_GATEWAYS = {"sms": "pamong.notifications.gateways.ConsoleGateway"}

    assert isinstance(gateway_for("sms"), ConsoleGateway)
    with pytest.raises(ImproperlyConfigured, match="whatsapp"):
        gateway_for("whatsapp")
