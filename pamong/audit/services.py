"""Writing the audit trail. Services call ``record`` inside their own transaction."""

from typing import Any

from django.db import models
from django.http import HttpRequest

from .models import Event


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address as the web server saw it (REMOTE_ADDR).

    Behind a reverse proxy, configure the proxy to set REMOTE_ADDR (e.g. gunicorn's
    --forwarded-allow-ips); X-Forwarded-For is not trusted here because any client can send it.
    """
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    before: dict | None = None,
    after: dict | None = None,
    request: HttpRequest | None = None,
) -> Event:
    """Append one event. ``actor`` is a user or None (the system or an anonymous visitor)."""
    user_agent = request.META.get("HTTP_USER_AGENT", "")[:255] if request is not None else ""
    return Event.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        before=before,
        after=after,
        ip_address=client_ip(request),
        user_agent=user_agent,
    )


def changes(instance: models.Model, fields: list[str], values: dict) -> tuple[dict, dict]:
    """The ``before``/``after`` pair for setting ``values`` on ``instance`` (only fields that change)."""
    before, after = {}, {}
    for name in fields:
        if name in values and getattr(instance, name) != values[name]:
            before[name] = _jsonable(getattr(instance, name))
            after[name] = _jsonable(values[name])
    return before, after


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)
