"""`polwire web` off loopback: it refuses to start without POLWIRE_WEB_TOKEN, and with one every
page and API call needs the token (bearer header, or the login form's cookie)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.support.cli import polwire
from tests.support.http import request
from tests.support.web_archive import WebProcess, polwire_web

TOKEN = "s3cret-token-for-tests"


def test_a_non_loopback_address_without_a_token_is_refused(db_url: str, tmp_path: Path) -> None:
    env = {"DATABASE_URL": db_url, "POLWIRE_HOME": str(tmp_path), "POLWIRE_WEB_TOKEN": ""}
    result = polwire("web", "--host", "0.0.0.0", "--port", "0", env=env, timeout=60)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "refusing to listen on 0.0.0.0:0 without a token" in lines[0]
    assert "POLWIRE_WEB_TOKEN" in lines[0] and "--host 127.0.0.1" in lines[0]


def test_the_config_file_host_is_checked_too(db_url: str, tmp_path: Path) -> None:
    config = tmp_path / "polwire.toml"
    config.write_text('[web]\nhost = "0.0.0.0"\nport = 0\n', encoding="utf-8")
    env = {"DATABASE_URL": db_url, "POLWIRE_HOME": str(tmp_path), "POLWIRE_CONFIG": str(config)}
    result = polwire("web", env={**env, "POLWIRE_WEB_TOKEN": ""}, timeout=60)
    assert result.returncode == 1 and "refusing to listen on 0.0.0.0:0" in result.stderr


@pytest.fixture
def guarded(db_url: str, tmp_path: Path) -> Iterator[WebProcess]:
    env = {"DATABASE_URL": db_url, "POLWIRE_HOME": str(tmp_path), "POLWIRE_WEB_TOKEN": TOKEN}
    with polwire_web(env, tmp_path, "--host", "0.0.0.0") as web:
        assert "(token required)" in web.stderr()
        # it listens on every address; this machine reaches it on loopback
        web.base_url = web.base_url.replace("0.0.0.0", "127.0.0.1")
        yield web


def test_with_a_token_every_call_needs_it(guarded: WebProcess) -> None:
    base = guarded.base_url
    for path in ("/api/runs", "/api/sources", "/api/runs/1/log", "/metrics", "/api/openapi.json"):
        answer = request(base + path)
        assert answer.status == 401, path
        assert answer.json()["status"] == 401
        assert answer.headers["www-authenticate"].startswith("Bearer")
        wrong = request(base + path, headers={"Authorization": "Bearer nope"})
        assert wrong.status == 401, path
        right = request(base + path, headers={"Authorization": f"Bearer {TOKEN}"})
        assert right.status in (200, 404), path  # run 1 does not exist in this database
    page = request(base + "/runs?status=failed")
    assert page.status == 401 and 'action="/login"' in page.text
    assert 'name="next" value="/runs?status=failed"' in page.text
    assert request(base + "/healthz").status == 200  # liveness probes carry no token


def test_the_login_form_sets_a_secure_httponly_cookie(guarded: WebProcess) -> None:
    base = guarded.base_url
    form = {"token": "wrong", "next": "/runs"}
    failed = request(base + "/login", data=urlencode(form).encode(), method="POST")
    assert failed.status == 401 and "set-cookie" not in failed.headers
    form["token"] = TOKEN
    done = request(base + "/login", data=urlencode(form).encode(), method="POST")
    assert done.status == 303 and done.headers["location"] == "/runs"
    cookie = done.headers["set-cookie"]
    attributes = {a.strip().lower() for a in cookie.split(";")}
    assert {"httponly", "secure", "samesite=strict", "path=/"} <= attributes
    assert TOKEN not in cookie
    session = cookie.split(";")[0]
    assert request(base + "/runs", headers={"Cookie": session}).status == 200
    assert request(base + "/api/runs", headers={"Cookie": session}).status == 200
    forged = session.split("=")[0] + "=" + "0" * 64
    assert request(base + "/runs", headers={"Cookie": forged}).status == 401


def test_login_never_redirects_off_the_site(guarded: WebProcess) -> None:
    for target in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
        body = urlencode({"token": TOKEN, "next": target}).encode()
        answer = request(guarded.base_url + "/login", data=body, method="POST")
        assert answer.headers["location"] == "/", target
