"""Where `polwire web` may listen: loopback freely, anywhere else only behind a token."""

from __future__ import annotations

import ipaddress

TOKEN_ENV = "POLWIRE_WEB_TOKEN"


class UnsafeBinding(Exception):
    """Asked to listen beyond this machine without a token; the message says how to fix it."""


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name other than localhost may resolve to anything


def check_binding(host: str, port: int, token: str | None) -> None:
    """Refuse a non-loopback address without a token: the dashboard shows the whole archive and
    its logs, which are not for the network to read."""
    if is_loopback(host) or token:
        return
    raise UnsafeBinding(
        f"refusing to listen on {host}:{port} without a token: set {TOKEN_ENV} "
        f"(e.g. export {TOKEN_ENV}=$(openssl rand -hex 32)) or keep the default --host 127.0.0.1"
    )
