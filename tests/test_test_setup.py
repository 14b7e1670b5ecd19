"""The suite's own rules for what is missing: a test skips with one reason on a developer's
machine and fails under CI, and CI refuses to start without the fixtures."""

from __future__ import annotations

import socket
import subprocess

import pytest

from tests.support.cli import REPO
from tests.support.services import missing, redis_answers, require_redis


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize("ci", ["", "false", "0"])
def test_a_missing_service_skips_with_its_reason_outside_ci(
    monkeypatch: pytest.MonkeyPatch, ci: str
) -> None:
    monkeypatch.setenv("CI", ci)
    with pytest.raises(
        pytest.skip.Exception, match=r"^Redis is not reachable at redis://127\.0\.0\.1:"
    ):
        require_redis(f"redis://127.0.0.1:{closed_port()}")


@pytest.mark.parametrize("ci", ["true", "TRUE", "1", "yes"])
def test_a_missing_service_fails_under_ci(monkeypatch: pytest.MonkeyPatch, ci: str) -> None:
    monkeypatch.setenv("CI", ci)
    failed = r"\(CI=true: a missing service fails the run\)$"
    with pytest.raises(pytest.fail.Exception, match=failed):
        require_redis(f"redis://127.0.0.1:{closed_port()}")
    with pytest.raises(pytest.fail.Exception, match=r"^the reason \(CI=true"):
        missing("the reason")


def test_an_open_port_that_is_not_redis_is_not_redis() -> None:
    with socket.create_server(("127.0.0.1", 0)) as server:
        server.settimeout(5)
        port = server.getsockname()[1]
        # Accepts and closes: the PING gets no PONG.
        assert redis_answers(f"redis://127.0.0.1:{port}") is False


def test_ci_run_stops_at_once_without_the_fixtures() -> None:
    result = subprocess.run(
        ["bash", str(REPO / ".ci" / "run")],
        env={"PATH": "/usr/bin:/bin", "POLWIRE_FIXTURES": "/nonexistent/fixtures"},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout == ""  # nothing was started or installed
    assert result.stderr.splitlines() == [
        "error: test fixtures not found at /nonexistent/fixtures "
        "(set POLWIRE_FIXTURES or check out ../shared/fixtures)"
    ]
