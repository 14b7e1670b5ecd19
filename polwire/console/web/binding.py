"""Where `polwire web` may listen: loopback freely, anywhere else only behind a token."""

from __future__ import annotations

import ipaddress

TOKEN_ENV = "POLWIRE_WEB_TOKEN"
# 16 characters of even a lower-case alphabet are 75 bits: out of reach of a guesser slowed to
# a dozen tries an hour (login_guard.py), and of a fast one for a long time.
MIN_TOKEN_CHARS = 16
HOW_TO_MAKE_ONE = f"e.g. export {TOKEN_ENV}=$(openssl rand -hex 32)"


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
    """Refuse a non-loopback address without a token, or with one short enough to guess: the
    dashboard shows the whole archive and its logs, which are not for the network to read."""
    if is_loopback(host):
        return
    if not token:
        raise UnsafeBinding(
            f"refusing to listen on {host}:{port} without a token: set {TOKEN_ENV} "
            f"({HOW_TO_MAKE_ONE}) or keep the default --host 127.0.0.1"
        )
    length = len(token.strip())
    if length < MIN_TOKEN_CHARS:
        raise UnsafeBinding(
            f"refusing to listen on {host}:{port}: {TOKEN_ENV} is {length} "
            f"character{'' if length == 1 else 's'} long, at least {MIN_TOKEN_CHARS} are "
            f"needed off loopback ({HOW_TO_MAKE_ONE})"
        )
