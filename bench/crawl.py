"""Crawl throughput: `polwire crawl` of a local site of real pages against trafilatura's feed
pipeline (`trafilatura --feed URL`, SLEEP_TIME 0) on the same site, side by side in one run;
then polwire's incremental second crawl (nothing new), wall and CPU seconds.

    DATABASE_URL=postgresql://postgres@127.0.0.1/postgres .venv/bin/python bench/crawl.py

The site is served on 127.0.0.1 (a port of its own): a feed listing every page. polwire runs
with the politeness a local site does not need turned off (AutoThrottle, 2 per domain), as
trafilatura runs with SLEEP_TIME 0. Items/s: articles out per second of the whole command,
start-up included. CPU seconds are the children's (resource.getrusage).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import psycopg  # noqa: E402
from machine import children_cpu, load_line  # noqa: E402
from real_pages import real_pages, scratch_database  # noqa: E402

from tests.support.feeds import rss  # noqa: E402
from tests.support.server import Page, SiteServer  # noqa: E402

# trafilatura's feed pipeline refuses a URL whose host has no domain (127.0.0.1, localhost):
# it is given the site under this name, resolved to 127.0.0.1 in its process as a hosts
# file line would (nothing else of trafilatura is touched).
NAMED_HOST = "site.polwire-bench.test"
_RESOLVE_NAMED_HOST = (
    "import socket, sys; _resolve = socket.getaddrinfo; "
    "socket.getaddrinfo = lambda host, *a, **k: _resolve("
    f"'127.0.0.1' if host == {NAMED_HOST!r} else host, *a, **k); "
    "from trafilatura.cli import main; sys.argv[0] = 'trafilatura'; main()"
)
LOCAL_SITE = (
    "AUTOTHROTTLE_ENABLED=false",
    "CONCURRENT_REQUESTS_PER_DOMAIN=16",
    "DOWNLOAD_DELAY=0",
)


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    cpu, start = children_cpu(), time.monotonic()
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    wall, used = time.monotonic() - start, children_cpu() - cpu
    if done.returncode != 0:
        sys.exit(f"{command[2:4]} failed:\n{done.stdout}\n{done.stderr[-2000:]}")
    return wall, used, done.stdout.strip()


def polwire_crawl(feed: str, url: str, home: Path, extra: tuple[str, ...] = ()) -> tuple:
    env = {**os.environ, "DATABASE_URL": url, "POLWIRE_HOME": str(home)}
    env.pop("POLWIRE_CONFIG", None)
    command = [
        sys.executable,
        "-m",
        "polwire.console",
        "crawl",
        "--feed",
        feed,
        "--name",
        "bench_site",
    ]
    for setting in (*LOCAL_SITE, *extra):
        command += ["-s", setting]
    return timed(command, env)


def trafilatura_feed(feed: str, workdir: Path) -> tuple[float, float, int]:
    config = workdir / "trafilatura.cfg"
    shipped = Path(__import__("trafilatura").__file__).parent / "settings.cfg"
    text = shipped.read_text()
    text = text.replace("SLEEP_TIME = 5.0", "SLEEP_TIME = 0")
    text = text.replace("SSRF_PROTECTION = on", "SSRF_PROTECTION = off")  # a loopback site
    config.write_text(text)
    out = workdir / "trafilatura-out"
    command = [
        sys.executable,
        "-c",
        _RESOLVE_NAMED_HOST,
        "--feed",
        feed,
        "--config-file",
        str(config),
        "--json",
        "-o",
        str(out),
    ]
    wall, cpu, _ = timed(command, dict(os.environ))
    return wall, cpu, len(list(out.glob("*"))) if out.is_dir() else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=180, help="pages on the site (>= 150)")
    args = parser.parse_args()
    admin = os.environ.get("DATABASE_URL")
    if not admin:
        sys.exit("DATABASE_URL is not set")
    pages = real_pages(args.pages)
    server = SiteServer({f"/p/{name}.html": Page(body) for name, body in pages})
    when = datetime(2025, 1, 1, tzinfo=UTC)
    entries = [
        (f"/p/{name}.html", when + timedelta(minutes=i)) for i, (name, _) in enumerate(pages)
    ]
    with server, tempfile.TemporaryDirectory() as tmp:
        server.pages["/feed.xml"] = Page(rss(server.base_url, entries), "application/rss+xml")
        named = f"http://{NAMED_HOST}:{server.port}"
        server.pages["/named-feed.xml"] = Page(rss(named, entries), "application/rss+xml")
        feed = server.url("/feed.xml")
        work = Path(tmp)
        print(f"site: {len(pages)} real pages from {ROOT.parent / 'shared' / 'fixtures'} at {feed}")
        print(f"polwire settings for the local site: {' '.join(LOCAL_SITE)}\n")
        t_wall, t_cpu, t_items = trafilatura_feed(f"{named}/named-feed.xml", work)
        with scratch_database(admin, "crawl") as url:
            p_wall, p_cpu, line = polwire_crawl(feed, url, work / "home")
            with psycopg.connect(url) as conn:
                row = conn.execute("SELECT count(*) FROM articles").fetchone()
            stored = int(row[0]) if row else 0
            s_wall, s_cpu, second = polwire_crawl(feed, url, work / "home")
        print(line)
        print(second, "\n")
        rows = [
            ("polwire crawl (first)", p_wall, p_cpu, stored),
            ("trafilatura --feed", t_wall, t_cpu, t_items),
        ]
        print(f"{'':28} {'wall s':>8} {'CPU s':>8} {'items':>6} {'items/s':>8} {'CPU s/item':>10}")
        for name, wall, cpu, items in rows:
            per = cpu / items if items else float("nan")
            print(f"{name:28} {wall:8.2f} {cpu:8.2f} {items:6d} {items / wall:8.1f} {per:10.3f}")
        ratio = (stored / p_wall) / (t_items / t_wall) if t_items else float("nan")
        print(load_line())
        print(f"\npolwire / trafilatura items/s: {ratio:.2f}x (target >= 1.5x)")
        print(
            f"incremental second crawl (nothing new): {s_wall:.2f} s wall (target < 1.5 s),"
            f" {s_cpu:.2f} CPU s (target < 1)"
        )


if __name__ == "__main__":
    main()
