"""A crawl cluster on this machine for tests: `polwire worker` processes (each with its own
POLWIRE_HOME and name) on a real Redis, and a local site of several sources on one domain that
counts the requests it has in flight."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.cli import REPO, write_config
from tests.support.feeds import rss
from tests.support.newsroom import BY_SLUG, story_names
from tests.support.newsroom_pages import story_page
from tests.support.server import Page, SiteServer

REDIS_URL = os.environ.get("POLWIRE_TEST_REDIS", "redis://127.0.0.1:6379")
# The Redis database numbers tests may use, "FIRST-LAST" (people sharing one Redis split it).
_FIRST_DB, _LAST_DB = (int(n) for n in os.environ.get("POLWIRE_TEST_REDIS_DBS", "1-15").split("-"))
RABBITMQ_URL = os.environ.get("POLWIRE_TEST_RABBITMQ", "amqp://guest:guest@127.0.0.1:5672//")


def broker_for(db_url: str) -> str:
    """A Redis database number of the test's own (from its database name), so that tests
    running side by side on one Redis do not share the transport's bookkeeping keys."""
    spread = _LAST_DB - _FIRST_DB + 1
    return f"{REDIS_URL}/{_FIRST_DB + zlib.crc32(db_url.encode()) % spread}"


@dataclass
class ClusterSite:
    """Sources ``s0``, ``s1``... each with a feed of its own articles, all on one server whose
    article pages answer after ``delay`` seconds; ``max_in_flight`` is the most article
    requests it was answering at once."""

    server: SiteServer
    delay: float
    articles: dict[str, list[str]] = field(default_factory=dict)  # source -> paths
    in_flight: int = 0
    max_in_flight: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def article_page(self, path: str) -> Page | None:
        name = path.rsplit("/", 1)[-1].removesuffix(".html")
        story = BY_SLUG.get(name)
        if not path.startswith("/news/") or story is None:
            return None
        with self._lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            time.sleep(self.delay)
        finally:
            with self._lock:
                self.in_flight -= 1
        return Page(story_page(story, self.server.url(path)))

    def feed_url(self, source: str) -> str:
        return self.server.url(f"/feeds/{source}.xml")


def build_cluster_site(sources: int, per_source: int, *, delay: float = 0.3) -> ClusterSite:
    site = ClusterSite(server=SiteServer(), delay=delay)
    site.server.fallback = site.article_page
    names = story_names(sources * per_source)
    from datetime import UTC, datetime, timedelta

    when = datetime(2025, 1, 1, tzinfo=UTC)
    for index in range(sources):
        source = f"s{index}"
        paths = [f"/news/{n}.html" for n in names[index * per_source : (index + 1) * per_source]]
        site.articles[source] = paths
        entries = [(p, when + timedelta(minutes=i)) for i, p in enumerate(paths)]
        site.server.pages[f"/feeds/{source}.xml"] = Page(
            rss(site.server.base_url, entries), "application/rss+xml"
        )
    site.server.pages["/robots.txt"] = Page(b"User-agent: *\nAllow: /\n", "text/plain")
    return site


def cluster_config(path: Path, site: ClusterSite, *, cluster: str = "", extra: str = "") -> Path:
    sources = "".join(
        f'[[sources]]\nname = "{s}"\nfeeds = ["{site.feed_url(s)}"]\ncountry = "JP"\n'
        'timezone = "Asia/Tokyo"\n\n'
        for s in site.articles
    )
    return write_config(path, f"[cluster]\n{cluster}\n{extra}\n{sources}")


class WorkerProcess:
    """`polwire worker --name NAME` with its own POLWIRE_HOME, stderr in ``log``."""

    def __init__(
        self,
        name: str,
        env: dict[str, str],
        home: Path,
        concurrency: int = 2,
        *args: str,
    ) -> None:
        self.name = name
        self.home = home
        home.mkdir(parents=True, exist_ok=True)
        self.log = home / "worker-stderr.log"
        self._stderr = open(self.log, "w", encoding="utf-8")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "polwire.console",
                "worker",
                "--name",
                name,
                "--concurrency",
                str(concurrency),
                *args,
            ],
            stdout=subprocess.DEVNULL,
            stderr=self._stderr,
            env={**os.environ, **env, "POLWIRE_HOME": str(home)},
            cwd=REPO,
        )

    @property
    def pid(self) -> int:
        return self.process.pid

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def terminate(self) -> None:
        self.process.send_signal(signal.SIGTERM)

    def wait(self, timeout: float) -> int:
        return self.process.wait(timeout)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._stderr.close()


class PrivateRedis:
    """A redis-server of the test's own on a free port (append-only file on, fsync always),
    that the test may kill and start again."""

    def __init__(self, directory: Path) -> None:
        import socket

        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> PrivateRedis:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--dir",
                str(self.directory),
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
                "--save",
                "",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            ping = subprocess.run(
                ["redis-cli", "-p", str(self.port), "ping"], capture_output=True, text=True
            )
            if ping.stdout.strip() == "PONG":
                return self
            time.sleep(0.2)
        raise AssertionError(f"redis-server on port {self.port} did not start")

    def queued(self, queue: str) -> int:
        length = subprocess.run(
            ["redis-cli", "-p", str(self.port), "llen", queue], capture_output=True, text=True
        )
        return int(length.stdout.strip() or 0)

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)


class RabbitQueues:
    """What RabbitMQ on this machine says of its queues (rabbitmqctl), and a queue's removal."""

    @staticmethod
    def state(queue: str) -> dict[str, object] | None:
        """``durable``, ``messages_ready`` and ``messages_unacknowledged`` of ``queue``."""
        import json

        listing = subprocess.run(
            [
                "rabbitmqctl",
                "-q",
                "--formatter",
                "json",
                "list_queues",
                "name",
                "durable",
                "messages_ready",
                "messages_unacknowledged",
            ],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        for row in json.loads(listing.stdout or "[]"):
            if row["name"] == queue:
                return dict(row)
        return None

    @staticmethod
    def delete(url: str, queue: str) -> None:
        from kombu import Connection

        with Connection(url) as conn:
            conn.default_channel.queue_delete(queue)
