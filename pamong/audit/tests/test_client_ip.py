"""client_ip: X-Forwarded-For only from trusted proxies, read from the right."""

import pytest
from django.test import RequestFactory

from pamong.audit.services import client_ip

factory = RequestFactory()


def request_from(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return factory.get("/", **extra)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert client_ip(request_from("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


def test_behind_a_trusted_proxy_the_forwarded_client_is_used(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_ip(request_from("10.0.0.2", "198.51.100.1")) == "198.51.100.1"


def test_addresses_a_client_wrote_itself_are_not_believed(settings):
    # The client sent "X-Forwarded-For: 1.2.3.4"; the proxy appended the address it saw.
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_ip(request_from("10.0.0.2", "1.2.3.4, 198.51.100.1")) == "198.51.100.1"


def test_a_chain_of_trusted_proxies_is_walked_from_the_right(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "192.0.2.10"]
    assert client_ip(request_from("10.0.0.2", "1.2.3.4, 198.51.100.1, 192.0.2.10")) == "198.51.100.1"


def test_a_connection_from_an_untrusted_address_keeps_its_own(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_ip(request_from("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


@pytest.mark.parametrize("header", ["", "   ", "not-an-address", "10.0.0.3"])
def test_a_missing_or_unusable_header_falls_back_to_the_proxy(settings, header):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_ip(request_from("10.0.0.2", header)) == "10.0.0.2"


def test_ipv6_clients_are_normalised(settings):
    settings.TRUSTED_PROXIES = ["::1"]
    assert client_ip(request_from("::1", "2001:DB8::0:1")) == "2001:db8::1"
