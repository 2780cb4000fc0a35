"""Gateways: how a notification leaves the building, one class per kind of provider.

settings.NOTIFICATION_GATEWAYS maps each channel ("email", "sms", "whatsapp") to the dotted path
of a ``Gateway`` subclass. A gateway is built with no arguments for each delivery and must be
safe to call from a background worker: bounded time (timeouts), no retries of its own (the
delivery task retries with backoff), and ``GatewayError`` for every failure the provider or the
network reports.

Every gateway is handed the notification's ``key``. Gateways that can pass it on (``HttpGateway``
sends it as ``idempotency_key``) let the provider drop a duplicate in the one window where
Pamong can send twice: the worker dies after the provider accepted a message but before the
row was marked SENT, and the sweeper later hands the row to another worker.
"""

import json
import logging
import urllib.error
import urllib.request
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import get_connection, send_mail
from django.utils.module_loading import import_string
from django.utils.translation import gettext

if TYPE_CHECKING:
    from .models import Notification

logger = logging.getLogger(__name__)


class GatewayError(Exception):
    """The message was not accepted; the delivery task may try again later."""


class Gateway:
    """Base class. ``send`` returns once the provider accepted the message, else raises GatewayError."""

    def send(self, notification: "Notification") -> None:
        raise NotImplementedError


class ConsoleGateway(Gateway):
    """Writes the message to the log instead of sending it: for development and demos.

    The log then holds destinations and message bodies (one-time codes too), so never configure
    it for a real channel in production.
    """

    def send(self, notification: "Notification") -> None:
        logger.info(
            "[%s → %s] %s\n%s",
            notification.channel,
            notification.destination,
            notification.subject,
            notification.body,
        )


class EmailGateway(Gateway):
    """Sends through Django's email backend (settings.EMAIL_BACKEND; console by default)."""

    # SMTP has no timeout by default, and a hung connection would hold the worker forever.
    timeout = 30

    def send(self, notification: "Notification") -> None:
        # Header injection guard: a subject is one line, whatever the caller passed.
        subject = " ".join(notification.subject.split()) or gettext("Pemberitahuan dari Pamong")
        try:
            send_mail(
                subject,
                notification.body,
                settings.DEFAULT_FROM_EMAIL,
                [notification.destination],
                connection=get_connection(fail_silently=False, timeout=self.timeout),
            )
        except (OSError, ValueError) as exc:
            # smtplib.SMTPException and socket errors are OSErrors; BadHeaderError is a ValueError.
            raise GatewayError(f"email: {exc}") from exc


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # urllib would follow a 302 by turning the POST into a body-less GET and report success.
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class HttpGateway(Gateway):
    """A generic SMS/WhatsApp provider adapter: POSTs the message as JSON to one endpoint.

    Request: ``POST settings.NOTIFY_HTTP_URL`` with ``Authorization: Bearer
    <settings.NOTIFY_HTTP_TOKEN>`` and the body ``{"channel", "to", "subject", "message",
    "idempotency_key"}`` (the same key also goes in an ``Idempotency-Key`` header). Any 2xx
    response means accepted; anything else, a redirect, a timeout or a network error raises
    GatewayError. A provider with a different API gets its own ~20-line subclass.
    """

    timeout = 10

    def __init__(self, *, url: str | None = None, token: str | None = None) -> None:
        self.url = settings.NOTIFY_HTTP_URL if url is None else url
        self.token = settings.NOTIFY_HTTP_TOKEN if token is None else token
        if urlsplit(self.url).scheme not in {"http", "https"}:
            raise ImproperlyConfigured("NOTIFY_HTTP_URL must be an http:// or https:// URL.")
        self._opener = urllib.request.build_opener(_NoRedirects)

    def payload(self, notification: "Notification") -> dict:
        return {
            "channel": notification.channel,
            "to": notification.destination,
            "subject": notification.subject,
            "message": notification.body,
            "idempotency_key": notification.key,
        }

    def send(self, notification: "Notification") -> None:
        request = urllib.request.Request(  # noqa: S310 (scheme checked in __init__)
            self.url,
            data=json.dumps(self.payload(notification)).encode(),
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Accept": "application/json",
                "Authorization": f"Bearer {self.token}",
                "Idempotency-Key": notification.key,
            },
        )
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                status = response.status
                detail = response.read(500)
        except urllib.error.HTTPError as exc:
            with exc:
                status, detail = exc.code, exc.read(500)
        except (OSError, ValueError) as exc:
            # URLError, refused connections and timeouts are OSErrors; a bad URL is a ValueError.
            raise GatewayError(f"http: {exc}") from exc
        if not 200 <= status < 300:
            raise GatewayError(f"http: status {status}: {detail.decode(errors='replace')}")


def gateway_for(channel: str) -> Gateway:
    """A fresh gateway for ``channel`` as configured in settings.NOTIFICATION_GATEWAYS."""
    try:
        path = settings.NOTIFICATION_GATEWAYS[channel]
    except KeyError:
        raise ImproperlyConfigured(f"NOTIFICATION_GATEWAYS has no gateway for channel {channel!r}.") from None
    return import_string(path)()
