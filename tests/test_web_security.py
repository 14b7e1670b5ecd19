"""`polwire web` off loopback: it refuses to start without POLWIRE_WEB_TOKEN (or with a short
one), and with one every page and API call needs the token (bearer header, or the login form's
cookie); failed logins are slowed and logged per client; hostile requests (non-ASCII
credentials, NUL, lone surrogates, huge numbers, a page served with charset=base64, private-use
characters in a body) get a 4xx or a 200, never a 500, and leave no traceback in the log."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from tests.support.cli import polwire
from tests.support.http import Answer, raw_request, request
from tests.support.server import Page, SiteServer
from tests.support.web_archive import WebProcess, polwire_web
from tests.support.web_site import BODIES, Story, article_html, rss

TOKEN = "s3cret-token-for-tests"  # 22 characters: more than the 16 needed off loopback


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


def test_a_short_token_is_refused_off_loopback(db_url: str, tmp_path: Path) -> None:
    env = {"DATABASE_URL": db_url, "POLWIRE_HOME": str(tmp_path), "POLWIRE_WEB_TOKEN": "x"}
    result = polwire("web", "--host", "0.0.0.0", "--port", "0", env=env, timeout=60)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "POLWIRE_WEB_TOKEN is 1 character long, at least 16 are needed off loopback" in lines[0]
    # on loopback a short token is the operator's business: it starts
    with polwire_web({**env, "POLWIRE_WEB_TOKEN": "x"}, tmp_path) as web:
        assert request(web.base_url + "/healthz").status == 200


# --- failed logins --------------------------------------------------------------------------


def _login(base: str, token: str, source: str | None = None) -> Answer:
    body = urlencode({"token": token, "next": "/runs"}).encode()
    return raw_request(
        base,
        "/login",
        method="POST",
        body=body,
        headers={"Content-Type": b"application/x-www-form-urlencoded"},
        source=source,
    )


def test_failed_logins_are_slowed_and_logged_per_client(guarded: WebProcess) -> None:
    base = guarded.base_url
    for _ in range(3):  # typos are free
        assert _login(base, "wrong-token-guess").status == 401
    started = time.monotonic()
    assert _login(base, "wrong-token-guess").status == 401  # the fourth: a 1 s wait follows
    locked = _login(base, TOKEN)  # even the right token waits: guessing is what is slowed
    assert locked.status == 429 and locked.headers["retry-after"] == "1"
    assert "Too many failed logins" in locked.text
    bearer = raw_request(base, "/api/runs", headers={"Authorization": f"Bearer {TOKEN}".encode()})
    assert bearer.status == 429 and bearer.json()["status"] == 429
    # another address on this machine is another client: not locked
    assert _login(base, TOKEN, source="127.0.0.2").status == 303
    time.sleep(max(0.0, 1.1 - (time.monotonic() - started)))
    assert _login(base, "wrong-token-guess").status == 401  # the fifth: 2 s now
    assert _login(base, TOKEN).status == 429
    time.sleep(2.1)
    assert _login(base, TOKEN).status == 303  # and a success forgets the failures
    assert _login(base, "wrong-token-guess").status == 401
    assert _login(base, TOKEN).status == 303
    log = guarded.stderr()
    failures = [line for line in log.splitlines() if "failed login from" in line]
    assert len(failures) == 6, log
    assert all("failed login from 127.0.0.1 (login form)" in line for line in failures), log
    assert "5 in a row, next try allowed in 2 s" in failures[4]
    assert "Traceback" not in log


def test_wrong_bearer_tokens_count_as_failed_logins(guarded: WebProcess) -> None:
    base = guarded.base_url
    for n in range(4):
        wrong = raw_request(base, "/api/runs", headers={"Authorization": b"Bearer guess-%d" % n})
        assert wrong.status == 401
    assert raw_request(base, "/api/runs", headers={"Authorization": b"Bearer x"}).status == 429
    assert "failed login from 127.0.0.1 (bearer token): 4 in a row" in guarded.stderr()


# --- hostile requests -----------------------------------------------------------------------


@dataclass
class HostileArchive:
    web: WebProcess
    article_ids: dict[str, int]  # page path on the hostile site -> article id

    def get(self, path: str, **headers: bytes) -> Answer:
        return raw_request(self.web.base_url, path, headers={"Authorization": AUTH, **headers})


AUTH = f"Bearer {TOKEN}".encode()
PUA_BODY = (
    "The \ue000assembly\ue001 passed the \ue000<b>budget\ue001 and the \ue001</mark><script> "
    "opposition walked out. "
)
# charset -> what the server claims for a page; each is stored and shown in the raw view
CHARSETS = {
    "/base64.html": "base64",
    "/rot13.html": "rot13",
    "/zlib.html": "zlib",
    "/nosuch.html": "x-no-such-charset",
    "/idna.html": "idna",
    "/pua.html": "utf-8",
}


def _hostile_site() -> SiteServer:
    server = SiteServer()
    when = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    stories = []
    for n, (path, charset) in enumerate(sorted(CHARSETS.items())):
        body = BODIES[n % len(BODIES)]
        if path == "/pua.html":
            body = PUA_BODY + body
        story = Story(path, f"Assembly budget report {n}", body, when + timedelta(hours=n))
        stories.append(story)
        server.pages[path] = Page(article_html(story), f"text/html; charset={charset}")
    server.pages["/feed.xml"] = Page(rss(server.base_url, stories), "application/rss+xml")
    server.pages["/robots.txt"] = Page(b"User-agent: *\nAllow: /\n", "text/plain")
    return server


@pytest.fixture(scope="module")
def hostile(
    pg_admin_url: str, template_db: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[HostileArchive]:
    name = f"polwire_t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_admin_url, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name} TEMPLATE {template_db}")
    params = conninfo_to_dict(pg_admin_url)
    params["dbname"] = name
    db_url = make_conninfo(**params)
    tmp = tmp_path_factory.mktemp("hostile")
    site = _hostile_site().start()
    try:
        config = tmp / "polwire.toml"
        config.write_text(
            f'[[sources]]\nname = "hostile"\nfeeds = ["{site.url("/feed.xml")}"]\n',
            encoding="utf-8",
        )
        env = {
            "DATABASE_URL": db_url,
            "POLWIRE_HOME": str(tmp / "home"),
            "POLWIRE_CONFIG": str(config),
            "POLWIRE_WEB_TOKEN": TOKEN,
        }
        crawled = polwire("crawl", "hostile", env=env)
        assert crawled.returncode == 0, crawled.stderr
        with psycopg.connect(db_url) as conn:
            rows = conn.execute("SELECT url, id FROM articles WHERE source = 'hostile'")
            ids = {url.removeprefix(site.base_url): article_id for url, article_id in rows}
        assert set(ids) == set(CHARSETS), ids  # every page was stored, whatever its charset
        with polwire_web(env, tmp, "--host", "0.0.0.0") as web:
            web.base_url = web.base_url.replace("0.0.0.0", "127.0.0.1")
            yield HostileArchive(web, ids)
            assert "Traceback" not in web.stderr(), web.stderr()
    finally:
        site.stop()
        with psycopg.connect(pg_admin_url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _never_500(answer: Answer, what: object) -> None:
    assert answer.status < 500, (what, answer.status, answer.text[:300])
    assert "Traceback" not in answer.text


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"Authorization": "Bearer tökén€".encode()}, 401),
        ({"Authorization": b"Bearer \xff\xfe\x80"}, 401),
        ({"Authorization": b"Bearer " + TOKEN.encode() + "é".encode()}, 401),
        ({"Cookie": "polwire_session=ä€".encode()}, 401),
        ({"Cookie": b"polwire_session=\xff"}, 401),
        ({"Cookie": b'polwire_session="\\\\x"; other=\xe9'}, 401),
        ({"Authorization": AUTH, "Cookie": "polwire_session=ä€".encode()}, 200),
        ({"Authorization": AUTH, "Host": b"["}, 200),
        ({"Authorization": AUTH, "Host": "日本.example".encode()}, 200),
    ],
)
def test_non_ascii_credentials_are_refused_not_crashed_on(
    hostile: HostileArchive, headers: dict[str, bytes], status: int
) -> None:
    answer = raw_request(hostile.web.base_url, "/api/runs", headers=headers)
    _never_500(answer, headers)
    assert answer.status == status, (headers, answer.text[:200])


@pytest.mark.parametrize(
    "token",
    ["tökén€", "\ud800", "\x00", "%", "x" * 20000, TOKEN + "\x00", TOKEN.upper()],
)
def test_a_hostile_login_value_is_a_401(hostile: HostileArchive, token: str) -> None:
    body = urlencode({"token": token, "next": "/runs\x00"}, errors="surrogatepass").encode()
    answer = raw_request(
        hostile.web.base_url,
        "/login",
        method="POST",
        body=body,
        headers={"Content-Type": b"application/x-www-form-urlencoded"},
        source="127.0.0.3",  # its own client: these failures lock no other test out
    )
    _never_500(answer, token)
    assert answer.status in (401, 429)


def test_a_login_with_hostile_next_goes_home(hostile: HostileArchive) -> None:
    for target in ("/runs\x00", "/runs\r\nSet-Cookie: x=1", "/\u2028x", "/\ud800"):
        body = urlencode({"token": TOKEN, "next": target}, errors="surrogatepass").encode()
        answer = raw_request(
            hostile.web.base_url,
            "/login",
            method="POST",
            body=body,
            headers={"Content-Type": b"application/x-www-form-urlencoded"},
            source="127.0.0.4",
        )
        assert answer.status == 303, (target, answer.status, answer.text[:200])
        assert "x=1" not in answer.headers.get("set-cookie", "")
        assert "\r" not in answer.headers["location"] and "\x00" not in answer.headers["location"]


@pytest.mark.parametrize(
    "path",
    [
        "/sources/x%00",
        "/sources/%00",
        "/runs/1%00",
        "/articles/1%00/raw",
        "/api/runs/1%00",
        "/api/runs/1/log%00",
        "/sources/x?y=%00",
        "/search?q=budget&source=a%00b",
        "/api/search?q=a%00",
    ],
)
def test_nul_in_a_path_or_a_query_is_a_400(hostile: HostileArchive, path: str) -> None:
    answer = hostile.get(path)
    assert answer.status == 400, (path, answer.status, answer.text[:200])
    assert "NUL" in answer.text


@pytest.mark.parametrize("path", sorted(CHARSETS))
def test_the_raw_view_shows_any_charset(hostile: HostileArchive, path: str) -> None:
    answer = hostile.get(f"/articles/{hostile.article_ids[path]}/raw")
    assert answer.status == 200, (path, answer.text[:300])
    assert answer.headers["content-type"].startswith("text/plain")
    if CHARSETS[path] in ("base64", "zlib", "x-no-such-charset"):
        # not a text encoding, or none known: the bytes as they are (the page is ASCII here)
        assert "Assembly budget report" in answer.text
        assert "<!doctype html>" in answer.text


def test_the_raw_view_escapes_bytes_a_bogus_charset_cannot_decode(
    hostile: HostileArchive,
) -> None:
    answer = hostile.get(f"/articles/{hostile.article_ids['/base64.html']}/raw")
    assert "\\x" not in answer.text  # ASCII page: nothing to escape
    from polwire.console.web.raw_view import raw_text

    assert raw_text(b"caf\xc3\xa9 \xff", "base64") == "caf\\xc3\\xa9 \\xff"
    assert raw_text(b"caf\xc3\xa9", "utf-8") == "café"
    assert raw_text(b"\xff", "idna") == "\\xff"
    assert raw_text(b"abc", None) == "abc"


def test_private_use_characters_in_a_body_cannot_open_a_mark(hostile: HostileArchive) -> None:
    answer = hostile.get("/search?q=assembly+budget")
    assert answer.status == 200
    html = answer.text
    assert html.count("<mark>") == html.count("</mark>") > 0
    marked = re.findall(r"<mark>(.*?)</mark>", html)
    assert {m.casefold() for m in marked} <= {"assembly", "budget"}, marked
    assert "<script>" not in html and "<b>" not in html
    # the character extraction keeps is shown as text, as the page had it (extraction reads
    # U+E000 as a line break of its own)
    assert "\ue001" in html


# --- the API's query parameters, fuzzed -----------------------------------------------------

# Written as they go in a URL (already percent-encoded where they need it).
HOSTILE_VALUES = (
    "%00",
    "a%00b",
    "%ED%A0%80",
    "%ED%BF%BF%ED%A0%80",
    "%C0%80",
    "%FF%FE%FD",
    "%EF%BF%BF",
    "%E2%80%AE",
    "-1",
    "-0",
    "0",
    "1.5",
    "1e309",
    "NaN",
    "inf",
    "0x10",
    "99999999999999999999",
    "-99999999999999999999",
    "9223372036854775808",
    "1" * 4400,
    "9999-99-99",
    "2025-02-30",
    "0000-01-01",
    "10000-01-01",
    "-5%20days",
    "99999999%20days",
    "1970-01-01T00:00:00%2B99:00",
    "2025-01-01T25:61",
    "yesterday",
    "%27%3B%20DROP%20TABLE%20articles%3B%20--",
    "%22%3Cscript%3E",
    "%5C",
    "%25",
    "*",
    "_",
    "",
    "%20",
    "a" * 3000,
    "%0D%0AX-Injected:%201",
    "..%2F..%2Fetc%2Fpasswd",
    "%E6%97%A5%E6%9C%AC",
    "(((",
    "!:*%26|",
    "true",
    "null",
)


def _api_routes(hostile: HostileArchive) -> list[tuple[str, list[str], list[str]]]:
    """Every /api/ route of the app: its path, path parameters and query parameters."""
    schema = hostile.get("/api/openapi.json").json()
    routes = []
    for path, methods in schema["paths"].items():
        if not path.startswith("/api/") or "get" not in methods:
            continue
        params = methods["get"].get("parameters", [])
        in_path = [p["name"] for p in params if p["in"] == "path"]
        in_query = [p["name"] for p in params if p["in"] == "query"]
        routes.append((path, in_path, in_query))
    return routes


def test_fuzzed_api_parameters_never_get_a_500(hostile: HostileArchive) -> None:
    routes = _api_routes(hostile)
    assert {"/api/runs", "/api/search", "/api/runs/{run_id}/log"} <= {r[0] for r in routes}
    tried = 0
    for path, in_path, in_query in routes:
        base = path
        for name in in_path:
            base = base.replace("{" + name + "}", "1")
        for value in HOSTILE_VALUES:
            for name in in_path:  # each path parameter in turn
                if value in ("", "%20"):
                    continue  # an empty segment is another route
                target = path
                for other in in_path:
                    target = target.replace("{" + other + "}", value if other == name else "1")
                answer = hostile.get(target)
                _never_500(answer, target)
                tried += 1
            for name in in_query:
                # q is required by /api/search: give it one where another parameter is fuzzed
                extra = "&q=budget" if name != "q" and "q" in in_query else ""
                target = f"{base}?{name}={value}{extra}"
                answer = hostile.get(target)
                _never_500(answer, target)
                if answer.status >= 400:
                    assert answer.json()["status"] == answer.status, target
                tried += 1
    assert tried > 300
    assert "Traceback" not in hostile.web.stderr()


# The HTML pages and their query parameters (the API's come from its OpenAPI document).
PAGES = {
    "/": (),
    "/runs": ("source", "status", "since", "limit", "offset"),
    "/runs/{id}": ("log_q",),
    "/sources/{id}": (),
    "/search": ("q", "source", "country", "section", "since", "until", "limit", "offset", "order"),
    "/stories": ("since", "limit", "offset"),
    "/articles/{id}": (),
    "/articles/{id}/raw": (),
    "/login": ("next",),
}


def test_fuzzed_page_parameters_never_get_a_500(hostile: HostileArchive) -> None:
    tried = 0
    for path, names in PAGES.items():
        for value in HOSTILE_VALUES:
            targets = []
            if "{id}" in path and value not in ("", "%20"):
                targets.append(path.replace("{id}", value))
            for name in names:
                extra = "&q=budget" if path == "/search" and name != "q" else ""
                targets.append(path.replace("{id}", "1") + f"?{name}={value}{extra}")
            for target in targets:
                _never_500(hostile.get(target), target)
                tried += 1
    assert tried > 300
    assert "Traceback" not in hostile.web.stderr()
