"""Which addresses a crawl may connect to: only the public internet, plus the origins the
operator configured (a source's feeds, sitemaps and start URLs; the URL of an ad hoc crawl).

A feed, a page or a redirect is hostile input: a link to ``http://localhost:6379/`` or to a
name that resolves to 10.0.0.5 must not make polwire talk to a service of its own machine or
network. The check is made where the connection is made, on the addresses the name resolved
to (a resolver installed on the reactor drops every non-public answer for a host outside
the trusted origins), so a name that answers a public address to one look-up and a private
one to the next (DNS rebinding) gains nothing. ``allow_private_networks`` turns it off.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest
from scrapy.resolver import CachingThreadedResolver
from twisted.internet.interfaces import (
    IAddress,
    IHostnameResolver,
    IHostResolution,
    IResolutionReceiver,
)
from zope.interface import implementer, provider

logger = logging.getLogger(__name__)

WEB_SCHEMES = frozenset({"http", "https"})
DEFAULT_PORTS = {"http": 80, "https": 443}
# IPv6 prefixes that carry an IPv4 address a gateway would connect to (NAT64, RFC 6052).
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")

Origin = tuple[str, int]  # lower-case host, port


class RefusedScheme(IgnoreRequest):
    """A request for anything but http(s): file, data, ftp, s3..."""


class RefusedAddress(IgnoreRequest):
    """A request to a loopback, private, link-local or otherwise non-public address of a
    host that is none of the crawl's own origins."""


def is_public_address(text: str) -> bool:
    """Whether ``text`` is an IP address on the public internet (False for what is no IP
    address). IPv4 addresses carried in IPv6 (mapped, 6to4, Teredo, NAT64) are judged by
    the IPv4 address, since that is where the packets would go."""
    try:
        address = ipaddress.ip_address(text.strip("[]").split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(address)
        if embedded is not None:
            return _is_public(embedded)
    return _is_public(address)


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def _is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    # is_global alone lets multicast (224.0.0.0/4) through.
    return address.is_global and not (
        address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or address.is_loopback
        or address.is_link_local
        or address.is_private
    )


def origin_of(url: str) -> Origin | None:
    """(host, port) of an http(s) URL; None for any other URL."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in WEB_SCHEMES or not parts.hostname:
        return None
    return (parts.hostname.lower().rstrip("."), port or DEFAULT_PORTS[scheme])


def is_loopback_name(host: str) -> bool:
    """``localhost`` and its subdomains always mean this machine (RFC 6761)."""
    host = host.lower().rstrip(".")
    return host == "localhost" or host.endswith(".localhost")


@dataclass(slots=True)
class AddressPolicy:
    """The origins a crawl trusts, and the refusals made at connect time."""

    allow_private: bool = False
    trusted: set[Origin] = field(default_factory=set)
    # Set by the resolver, read by the download handler to tell a refusal from a failure.
    refused: dict[Origin, str] = field(default_factory=dict)

    def trust_urls(self, urls: Iterable[str]) -> None:
        for url in urls:
            origin = origin_of(url)
            if origin is not None:
                self.trusted.add(origin)

    def trusts(self, host: str, port: int) -> bool:
        return self.allow_private or (host.lower().rstrip("."), port) in self.trusted

    def trusts_host(self, host: str) -> bool:
        """For a look-up that knows no port (reactor.resolve): any trusted port will do."""
        host = host.lower().rstrip(".")
        return self.allow_private or any(h == host for h, _ in self.trusted)

    def refusal(self, url: str) -> RefusedScheme | RefusedAddress | None:
        """Why ``url`` must not be fetched, from the URL alone (its scheme, an IP address
        or a loopback name in it); None when only its resolved address can tell."""
        try:
            scheme = urlsplit(url).scheme.lower()
        except ValueError:
            return None  # no URL Scrapy can fetch: it fails as the broken URL it is
        if scheme not in WEB_SCHEMES:
            return RefusedScheme(f"scheme {scheme or '(none)'!r}: only http and https are fetched")
        origin = origin_of(url)
        if origin is None:
            return None  # no host or no valid port: as above
        host, port = origin
        if self.trusts(host, port):
            return None
        if is_loopback_name(host):
            return RefusedAddress(f"{host} is this machine")
        try:
            ipaddress.ip_address(host.strip("[]"))
        except ValueError:
            return None  # a name: judged on its addresses when it is connected to
        if not is_public_address(host):
            return RefusedAddress(f"{host} is no public address")
        return None

    def was_refused(self, url: str) -> str | None:
        origin = origin_of(url)
        return self.refused.get(origin) if origin is not None else None


@implementer(IHostResolution)
class _Resolution:
    def __init__(self, name: str) -> None:
        self.name = name

    def cancel(self) -> None:  # pragma: no cover - no caller cancels a look-up
        pass


@provider(IResolutionReceiver)
class _PublicOnlyReceiver:
    """Passes on the public addresses of a resolution; notes the others as refused."""

    def __init__(self, receiver: Any, origin: Origin, policy: AddressPolicy) -> None:
        self.receiver = receiver
        self.origin = origin
        self.policy = policy

    def resolutionBegan(self, resolution: Any) -> None:
        self.receiver.resolutionBegan(resolution)

    def addressResolved(self, address: IAddress) -> None:
        host = str(getattr(address, "host", ""))
        if is_public_address(host):
            self.receiver.addressResolved(address)
            return
        self.policy.refused[self.origin] = host
        logger.debug("%s:%d resolved to %s: not connected to", *self.origin, host)

    def resolutionComplete(self) -> None:
        self.receiver.resolutionComplete()


@implementer(IHostnameResolver)
class GuardedNameResolver:
    """The reactor's name resolver, less the non-public answers for untrusted origins.

    Every HostnameEndpoint (so every HTTP(S) connection of Scrapy's handler) asks the
    reactor's name resolver for the addresses to connect to, with the port: what it does not
    pass on is never connected to."""

    def __init__(self, inner: Any, policy: AddressPolicy) -> None:
        self.inner = inner
        self.policy = policy

    def resolveHostName(
        self,
        resolutionReceiver: Any,  # an IResolutionReceiver
        hostName: str,
        portNumber: int = 0,
        addressTypes: Sequence[type[IAddress]] | None = None,
        transportSemantics: str = "TCP",
    ) -> Any:  # an IHostResolution
        # Port 0: a host-only look-up (reactor.resolve), which any trusted port vouches for.
        trusted = (
            self.policy.trusts_host(hostName)
            if portNumber == 0
            else self.policy.trusts(hostName, portNumber)
        )
        if trusted:
            receiver = resolutionReceiver
        else:
            origin = (hostName.lower().rstrip("."), portNumber)
            self.policy.refused.pop(origin, None)
            if is_loopback_name(hostName):
                self.policy.refused[origin] = hostName
                resolutionReceiver.resolutionBegan(_Resolution(hostName))
                resolutionReceiver.resolutionComplete()
                return _Resolution(hostName)
            receiver = _PublicOnlyReceiver(resolutionReceiver, origin, self.policy)
        return self.inner.resolveHostName(
            receiver, hostName, portNumber, addressTypes, transportSemantics
        )


class GuardedResolver(CachingThreadedResolver):
    """Scrapy's caching resolver (``TWISTED_DNS_RESOLVER``), installed under the guard.

    Installing a name resolver also makes the reactor's host-only look-ups
    (``reactor.resolve``, which proxies' TCP connections use) go through it."""

    def install_on_reactor(self) -> None:
        previous = self.reactor.nameResolver
        super().install_on_reactor()  # this replaces the reactor's name resolver
        # A crawl's components may have put a guard there first: keep its policy.
        policy = previous.policy if isinstance(previous, GuardedNameResolver) else None
        install_guard(self.reactor, policy)


def install_guard(reactor: Any, policy: AddressPolicy | None = None) -> GuardedNameResolver:
    """The guard on ``reactor``'s name resolver, installed on first use (idempotent)."""
    current = reactor.nameResolver
    if isinstance(current, GuardedNameResolver):
        return current
    guard = GuardedNameResolver(current, policy or AddressPolicy())
    reactor.installNameResolver(guard)
    return guard
