"""The address guard's rules: which addresses are public, which URLs are refused from the URL
alone, and what the guarded name resolver passes on to a connection (DNS rebinding included).

The resolver below answers from a script, as a DNS server under an attacker's control would:
a name that answers a public address to one look-up and 127.0.0.1 to the next. The crawls in
tests/test_web_only_crawl.py check the same guard against real connections."""

from __future__ import annotations

from typing import Any

import pytest
from twisted.internet.address import IPv4Address, IPv6Address

from crawler.download.address_guard import (
    AddressPolicy,
    GuardedNameResolver,
    is_public_address,
    origin_of,
)


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.216.34", True),
        ("2606:2800:220:1:248:1893:25c8:1946", True),
        ("127.0.0.1", False),
        ("127.8.9.10", False),
        ("10.0.0.5", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),  # cloud metadata
        ("100.64.0.1", False),  # carrier-grade NAT
        ("0.0.0.0", False),
        ("224.0.0.1", False),  # multicast: is_global alone says True
        ("255.255.255.255", False),
        ("240.0.0.1", False),  # reserved
        ("::1", False),
        ("::", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("ff02::1", False),
        ("::ffff:127.0.0.1", False),  # IPv4-mapped
        ("::ffff:93.184.216.34", True),
        ("2002:7f00:1::", False),  # 6to4 of 127.0.0.1
        ("64:ff9b::a00:5", False),  # NAT64 of 10.0.0.5
        ("64:ff9b::5db8:d822", True),  # NAT64 of 93.184.216.34
        ("[::1]", False),
        ("fe80::1%eth0", False),
        ("localhost", False),  # not an address at all
        ("", False),
    ],
)
def test_public_addresses(address: str, public: bool) -> None:
    assert is_public_address(address) is public


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("http://Example.COM/a", ("example.com", 80)),
        ("https://example.com./a", ("example.com", 443)),
        ("http://127.0.0.1:8765/feed.xml", ("127.0.0.1", 8765)),
        ("http://[::1]:81/", ("::1", 81)),
        ("file:///etc/passwd", None),
        ("http://example.com:99999/", None),
        ("http:///path", None),
    ],
)
def test_origin_of(url: str, origin: tuple[str, int] | None) -> None:
    assert origin_of(url) == origin


@pytest.mark.parametrize(
    ("url", "refused"),
    [
        ("https://news.example.org/a.html", False),  # a name: judged at connect time
        ("http://93.184.216.34/a.html", False),
        ("http://127.0.0.1:8765/news/a.html", False),  # the source's own origin
        ("http://127.0.0.1:8766/", True),  # same host, another port: another service
        ("http://127.0.0.1/", True),
        ("http://localhost:8765/", True),  # a name, but always this machine
        ("http://api.localhost/", True),
        ("http://[::ffff:127.0.0.1]:8765/", True),
        ("http://10.1.2.3/", True),
        ("file:///etc/passwd", True),
        ("data:text/html,<h1>x</h1>", True),
        ("ftp://ftp.example.org/x", True),
        ("s3://bucket/key", True),
        ("gopher://127.0.0.1:6379/_INFO", True),
    ],
)
def test_refusal_from_the_url_alone(url: str, refused: bool) -> None:
    policy = AddressPolicy()
    policy.trust_urls(["http://127.0.0.1:8765/feed.xml"])
    assert (policy.refusal(url) is not None) is refused, policy.refusal(url)


def test_allow_private_networks_refuses_only_other_schemes() -> None:
    policy = AddressPolicy(allow_private=True)
    assert policy.refusal("http://127.0.0.1:6379/") is None
    assert policy.refusal("file:///etc/passwd") is not None


class ScriptedResolver:
    """A name resolver answering each look-up of a name with the next address of its script
    (a rebinding DNS server), synchronously."""

    def __init__(self, script: dict[str, list[str]]) -> None:
        self.script = script

    def resolveHostName(
        self, receiver: Any, name: str, port: int = 0, *args: Any, **kwargs: Any
    ) -> Any:
        receiver.resolutionBegan(None)
        for address in self.script[name].pop(0).split(","):
            kind = IPv6Address if ":" in address else IPv4Address
            receiver.addressResolved(kind("TCP", address, port))
        receiver.resolutionComplete()
        return None


class Collected:
    def __init__(self) -> None:
        self.addresses: list[str] = []
        self.complete = False

    def resolutionBegan(self, resolution: Any) -> None:
        pass

    def addressResolved(self, address: Any) -> None:
        self.addresses.append(address.host)

    def resolutionComplete(self) -> None:
        self.complete = True


def resolve(guard: GuardedNameResolver, name: str, port: int) -> list[str]:
    receiver = Collected()
    guard.resolveHostName(receiver, name, port)
    assert receiver.complete
    return receiver.addresses


def test_a_name_that_rebinds_to_a_private_address_is_not_connected_to() -> None:
    policy = AddressPolicy()
    guard = GuardedNameResolver(
        ScriptedResolver(
            {"rebind.example": ["93.184.216.34", "127.0.0.1", "93.184.216.34,10.0.0.1"]}
        ),
        policy,
    )
    assert resolve(guard, "rebind.example", 80) == ["93.184.216.34"]
    # The second look-up (the one a connection would use) answers 127.0.0.1: nothing passes.
    assert resolve(guard, "rebind.example", 80) == []
    assert policy.was_refused("http://rebind.example/") == "127.0.0.1"
    # Mixed answers: only the public address is offered to the connection.
    assert resolve(guard, "rebind.example", 80) == ["93.184.216.34"]


def test_a_trusted_origin_resolves_as_it_is_and_loopback_names_never_resolve() -> None:
    policy = AddressPolicy()
    policy.trust_urls(["http://mirror.test:8765/feed.xml"])
    guard = GuardedNameResolver(
        ScriptedResolver({"mirror.test": ["127.0.0.1", "127.0.0.1"], "localhost": ["127.0.0.1"]}),
        policy,
    )
    assert resolve(guard, "mirror.test", 8765) == ["127.0.0.1"]
    assert resolve(guard, "mirror.test", 6379) == []  # another port of the same host
    assert resolve(guard, "localhost", 8765) == []
    assert policy.was_refused("http://localhost:8765/") == "localhost"
