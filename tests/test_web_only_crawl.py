"""A hostile feed through a real crawl: links to local files, data: and ftp: URLs, another
service on this machine (directly, by the name localhost, and by a redirect) are refused
before any byte is read or sent, counted in the run's stats, and kept out of the WARC."""

from __future__ import annotations

import base64
import gzip
import socket
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from xml.sax.saxutils import escape

import psycopg
import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.download.address_guard import is_public_address
from tests.support.cli import polwire, write_config
from tests.support.feeds import rss
from tests.support.server import Page, SiteServer

MARKER = "LOCAL-SECRET-7f3a"


def article(title: str, marker: str = "") -> bytes:
    paragraphs = "".join(
        f"<p>{marker} The committee met on {day} to debate the reform of the electoral law,"
        " with members of every party asking for more time to hear the regional assemblies"
        " and the associations of local mayors before a first vote in the chamber.</p>"
        for day in ("Monday", "Tuesday", "Wednesday")
    )
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta property="og:type" content="article"></head><body><article><h1>{title}</h1>'
        f"{paragraphs}</article></body></html>"
    ).encode()


class TcpListener:
    """A local service that only counts the connections it accepts."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.1)
        self.accepted = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def port(self) -> int:
        return int(self.sock.getsockname()[1])

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.accepted += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self.sock.close()


@pytest.fixture
def listener() -> Iterator[TcpListener]:
    service = TcpListener()
    yield service
    service.close()


def hostile_site(secret: Path, other_port: int) -> SiteServer:
    """A news site whose feed lists broken links first, then one good article, a redirect to
    another local service, and links to a local file, a data: URL, ftp and that service."""
    server = SiteServer({"/news/good.html": Page(article("Electoral reform debated"))})
    server.pages["/news/moved.html"] = Page(
        b"", status=302, headers={"Location": f"http://127.0.0.1:{other_port}/moved"}
    )
    data_url = "data:text/html;base64," + base64.b64encode(article("Data", MARKER)).decode()
    hostile = [
        f"file://x{secret}",
        f"file://{secret}",
        data_url,
        f"ftp://127.0.0.1:{other_port}/pub/file.html",
        f"http://127.0.0.1:{other_port}/admin.html",
        f"http://localhost:{other_port}/admin.html",
        f"http://[::ffff:127.0.0.1]:{other_port}/mapped.html",
        "http://169.254.169.254/latest/meta-data/",
        # A name, not an address: judged when connected to, on what it resolved to.
        f"http://{socket.gethostname()}:{other_port}/by-name.html",
    ]
    # Links no request can be made of: each is counted, and none ends the feed.
    broken = ["http://[::1/x", "http://news.example:99999/x", "http://ex ample.com/x"]
    own = [server.url("/news/good.html"), server.url("/news/moved.html")]
    items = "".join(
        f"<item><title>x</title><link>{escape(url)}</link></item>" for url in broken + own + hostile
    )
    feed = rss(server.base_url, []).replace(b"</channel>", items.encode() + b"</channel>")
    server.pages["/feed.xml"] = Page(feed, "application/rss+xml")
    return server


def warc_text(warc_dir: Path) -> bytes:
    out = b""
    for path in sorted(warc_dir.glob("*.warc.gz")):
        out += gzip.decompress(path.read_bytes())
    return out


def warc_targets(warc_dir: Path) -> set[str]:
    targets = set()
    for path in warc_dir.glob("*.warc.gz"):
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                uri = record.rec_headers.get_header("WARC-Target-URI")
                if uri:
                    targets.add(uri)
    return targets


def run_stats(db: psycopg.Connection) -> dict[str, int]:
    row = db.execute("SELECT stats FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone()
    assert row is not None
    return dict(row[0])


def test_a_hostile_feed_reads_no_local_file_and_reaches_no_local_service(
    db_url: str, db: psycopg.Connection, polwire_home: Path, tmp_path: Path, listener: TcpListener
) -> None:
    # This machine's own name resolves to one of its own addresses (/etc/hosts).
    resolved = socket.gethostbyname(socket.gethostname())
    assert not is_public_address(resolved), f"{socket.gethostname()} resolves to {resolved}"
    secret = tmp_path / "secret.html"
    secret.write_bytes(article("Secret", MARKER))
    server = hostile_site(secret, listener.port)
    warc_dir = tmp_path / "warc"
    with server:
        config = write_config(
            tmp_path / "polwire.toml",
            f'[[sources]]\nname = "hostile_feed"\nfeeds = ["{server.url("/feed.xml")}"]\n',
        )
        env = {
            "DATABASE_URL": db_url,
            "POLWIRE_HOME": str(polwire_home),
            "POLWIRE_CONFIG": str(config),
        }
        started = time.monotonic()
        result = polwire("crawl", "hostile_feed", "--warc", str(warc_dir), env=env)
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - started < 120
    assert listener.accepted == 0
    urls = [row[0] for row in db.execute("SELECT url FROM articles").fetchall()]
    assert urls == [server.url("/news/good.html")]
    bodies = " ".join(row[0] for row in db.execute("SELECT body FROM articles").fetchall())
    assert MARKER not in bodies
    archived = warc_text(warc_dir)
    assert MARKER.encode() not in archived
    # Records of the site's own URLs only: none of a file, data, ftp or other local URL (a
    # redirect's answer is not archived: RedirectMiddleware takes it before the writer).
    assert warc_targets(warc_dir) == {
        server.url(p) for p in ("/robots.txt", "/feed.xml", "/news/good.html")
    }
    stats = run_stats(db)
    # file (twice), data, ftp
    assert stats["polwire/refused_scheme"] == 4
    # 127.0.0.1, localhost, the IPv4-mapped address, the cloud metadata address, the
    # redirect to 127.0.0.1; and the machine's name at connect time, twice (its robots.txt,
    # then the page)
    assert stats["polwire/refused_address"] == 7
    assert stats["polwire/discovery/bad_links"] == 3
    assert not any(key.startswith("polwire/errors/") for key in stats), stats
    log = Path(str(db.execute("SELECT log_path FROM crawl_runs").fetchone()[0])).read_text()
    assert log.count("refused ") == 11
    assert "Traceback" not in result.stderr


def test_allow_private_networks_lets_a_local_test_crawl_reach_its_other_services(
    db_url: str, db: psycopg.Connection, polwire_home: Path, tmp_path: Path
) -> None:
    other = SiteServer({"/news/elsewhere.html": Page(article("Regional vote delayed"))})
    with other:
        site = SiteServer()
        when = datetime(2025, 3, 12, tzinfo=UTC)
        with site:
            site.pages["/feed.xml"] = Page(
                rss(other.base_url, [("/news/elsewhere.html", when)]), "application/rss+xml"
            )
            env = {"DATABASE_URL": db_url, "POLWIRE_HOME": str(polwire_home)}
            for allow, stored in ((False, 0), (True, 1)):
                config = write_config(
                    tmp_path / "polwire.toml",
                    f"[crawl]\nallow_private_networks = {str(allow).lower()}\n"
                    f'[[sources]]\nname = "local_two"\nfeeds = ["{site.url("/feed.xml")}"]\n',
                )
                result = polwire("crawl", "local_two", env={**env, "POLWIRE_CONFIG": str(config)})
                assert result.returncode == 0, result.stderr
                count = db.execute("SELECT count(*) FROM articles").fetchone()
                assert count == (stored,)
                assert run_stats(db).get("polwire/refused_address", 0) == 1 - stored
    assert other.requested_paths().count("/news/elsewhere.html") == 1


def test_a_page_lost_to_a_redirect_loop_is_counted_and_said(
    db_url: str, db: psycopg.Connection, polwire_home: Path, tmp_path: Path
) -> None:
    def endless(path: str) -> Page | None:
        # /news/spiral.html?n=1 -> ?n=2 -> ... : a new URL each time, until Scrapy gives up.
        if path.startswith("/news/spiral.html"):
            n = int(path.partition("?n=")[2] or 0)
            return Page(b"", status=302, headers={"Location": f"/news/spiral.html?n={n + 1}"})
        return None

    server = SiteServer(
        {
            "/news/good.html": Page(article("Electoral reform debated")),
            "/news/a.html": Page(b"", status=301, headers={"Location": "/news/b.html"}),
            "/news/b.html": Page(b"", status=301, headers={"Location": "/news/a.html"}),
        },
        fallback=endless,
    )
    when = datetime(2025, 3, 12, tzinfo=UTC)
    server.pages["/feed.xml"] = Page(
        rss(
            server.base_url,
            [(p, when) for p in ("/news/good.html", "/news/a.html", "/news/spiral.html")],
        ),
        "application/rss+xml",
    )
    with server:
        config = write_config(
            tmp_path / "polwire.toml",
            f'[[sources]]\nname = "loops"\nfeeds = ["{server.url("/feed.xml")}"]\n',
        )
        env = {
            "DATABASE_URL": db_url,
            "POLWIRE_HOME": str(polwire_home),
            "POLWIRE_CONFIG": str(config),
        }
        result = polwire("crawl", "loops", "-s", "REDIRECT_MAX_TIMES=4", env=env)
    assert result.returncode == 0, result.stderr
    assert db.execute("SELECT count(*) FROM articles").fetchone() == (1,)
    stats = run_stats(db)
    assert stats["polwire/redirect_loop"] == 2  # a -> b -> a, and the endless spiral
    log = Path(str(db.execute("SELECT log_path FROM crawl_runs").fetchone()[0])).read_text()
    assert log.count("given up") == 2
    assert server.url("/news/a.html") in log and server.url("/news/spiral.html") in log
