"""Writing the audit trail. Services call ``record`` inside their own transaction."""

import ipaddress
from functools import cache
from typing import Any

from django.conf import settings
from django.db import models
from django.http import HttpRequest

from .models import Event


@cache
def _trusted_networks(proxies: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _is_trusted(address: str, networks) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address: REMOTE_ADDR, or behind a trusted proxy the address it forwarded.

    X-Forwarded-For is believed only when the connection comes from one of
    settings.TRUSTED_PROXIES, and then read from the right: each proxy appends the address it
    saw, so the first address from the right that is not a trusted proxy is the client (entries
    further left were written by the client itself and may be forged).
    """
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR") or None
    networks = _trusted_networks(tuple(settings.TRUSTED_PROXIES))
    if not (remote and networks and _is_trusted(remote, networks)):
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    for address in reversed(forwarded):
        if _is_trusted(address, networks):
            continue
        try:
            return str(ipaddress.ip_address(address))
        except ValueError:
            return remote  # a proxy would not write this: treat the header as absent
    return remote


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
