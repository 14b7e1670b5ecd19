"""What a test needs beyond Python (Redis, RabbitMQ, a redis-server binary, the fixtures), and
the one rule for when it is missing: skip with one reason on a developer's machine, fail
under CI (``CI=true``), where .ci/run provides everything and a silent skip would hide a
broken setup."""

from __future__ import annotations

import os
import shutil
import socket
from typing import NoReturn
from urllib.parse import urlsplit

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def missing(reason: str) -> NoReturn:
    """Skip the calling test saying ``reason``, or fail it under CI."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true: a missing service fails the run)", pytrace=False)
    pytest.skip(reason)


def port_answers(url: str, default_port: int, timeout: float = 1.0) -> bool:
    """Whether something accepts TCP connections at the host and port of ``url``."""
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or default_port
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def redis_answers(url: str) -> bool:
    """A Redis PING at ``url`` gets PONG (a port that is open but not Redis does not count)."""
    if not port_answers(url, 6379):
        return False
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_timeout=2).ping())
    except redis.RedisError:
        return False


def require_redis(url: str) -> None:
    if not redis_answers(url):
        missing(
            f"Redis is not reachable at {url} (start redis-server, or point "
            "POLWIRE_TEST_REDIS at one; .ci/run does it)"
        )


def require_redis_server() -> None:
    """The redis-server program, for tests that start (and kill) a Redis of their own."""
    if shutil.which("redis-server") is None or shutil.which("redis-cli") is None:
        missing("redis-server is not installed (apt-get install redis-server; .ci/run does it)")


def require_rabbitmq(url: str) -> None:
    if shutil.which("rabbitmq-server") is None:
        missing("rabbitmq-server is not installed (apt-get install rabbitmq-server)")
    if not port_answers(url, 5672):
        missing(f"RabbitMQ is not reachable at {url} (start rabbitmq-server; .ci/run does it)")
