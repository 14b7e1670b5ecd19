"""An archive filled by real crawls of the dashboard's test site, and `polwire web` serving it
as a real subprocess."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg

from tests.support.cli import REPO, polwire
from tests.support.web_site import HOSTILE_TITLE, WebSite, build_web_site, web_config

OUTLETS = ("daily", "times", "flaky", "slow")
_SERVING = re.compile(r"serving http://([^/]+):(\d+)/")


def closed_port() -> int:
    """A loopback port nothing listens on (taken from the kernel, then let go)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(slots=True)
class Archive:
    site: WebSite
    env: dict[str, str]
    config: Path

    def feeds(self, **overrides: str) -> dict[str, str]:
        return {o: overrides.get(o, self.site.feed_url(o)) for o in OUTLETS}

    def crawl(self, source: str, *extra: str) -> subprocess.CompletedProcess[str]:
        return polwire("crawl", source, *extra, env=self.env)


def fill_archive(tmp: Path, db_url: str) -> Archive:
    """web_daily crawled twice (the second time one page changed: a revision), web_times once
    (it carries the same wire story: a story of two outlets), web_flaky once on the site and
    then on a closed port (a source that usually yields articles and now fails: critical)."""
    site = build_web_site()
    site.server.start()
    config = tmp / "polwire.toml"
    env = {
        "DATABASE_URL": db_url,
        "POLWIRE_HOME": str(tmp / "home"),
        "POLWIRE_CONFIG": str(config),
    }
    archive = Archive(site, env, config)
    web_config(config, archive.feeds())
    for source in ("web_daily", "web_times", "web_flaky"):
        result = archive.crawl(source)
        assert result.returncode == 0, result.stderr
    # An ad hoc crawl: a source in crawl_runs that the registry does not know.
    result = archive.crawl("--feed", site.feed_url("times"), "--name", "web_adhoc")
    assert result.returncode == 0, result.stderr
    site.change_article()
    result = archive.crawl("web_daily")
    assert result.returncode == 0, result.stderr
    web_config(config, archive.feeds(flaky=f"http://127.0.0.1:{closed_port()}/feed.xml"))
    archive.crawl("web_flaky")  # fails: its exit code says so, the run row records it
    _store_hostile_title(db_url)
    return archive


def _store_hostile_title(db_url: str) -> None:
    """Give the hostile page's article its headline as the page prints it, markup and all.

    Extraction strips tags from a headline (crawler.extraction), so a crawl stores the text
    around them; a title with markup can still reach the archive (an older extractor, psql,
    a backfill) and the dashboard must show it as text whatever it holds."""
    with psycopg.connect(db_url, autocommit=True) as conn:
        updated = conn.execute(
            "UPDATE articles SET title = %s WHERE url LIKE %s",
            (HOSTILE_TITLE, "%/daily/hostile.html"),
        ).rowcount
    assert updated == 1, "the hostile page was not stored"


@dataclass(slots=True)
class WebProcess:
    process: subprocess.Popen[str]
    base_url: str
    stderr_path: Path

    def stderr(self) -> str:
        return self.stderr_path.read_text(encoding="utf-8", errors="replace")


@contextmanager
def polwire_web(
    env: dict[str, str], tmp: Path, *args: str, timeout: float = 60
) -> Iterator[WebProcess]:
    """`polwire web --port 0 ARGS` until the block ends; its URL comes from its start line."""
    stderr_path = tmp / f"web-{time.monotonic_ns()}.stderr"
    with stderr_path.open("w") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "polwire.console", "web", "--port", "0", *args],
            cwd=REPO,
            env={**os.environ, **env},
            stdout=subprocess.DEVNULL,
            stderr=err,
            text=True,
        )
    try:
        deadline = time.monotonic() + timeout
        while True:
            found = _SERVING.search(stderr_path.read_text(encoding="utf-8", errors="replace"))
            if found:
                break
            if process.poll() is not None:
                raise AssertionError(f"polwire web exited: {stderr_path.read_text()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"polwire web did not start: {stderr_path.read_text()}")
            time.sleep(0.1)
        host = found.group(1)
        yield WebProcess(process, f"http://{host}:{found.group(2)}", stderr_path)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
