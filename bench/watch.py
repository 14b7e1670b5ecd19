"""Watch cost: a `polwire watch` pass over a local site's stored articles, 90% of which answer
304 to its conditional requests, against a plain re-crawl of the same pages, side by side in
one run; then the database's cost per check (the due plan and the recording of the checks)
at 10,000 and at 1,000,000 stored articles.

    DATABASE_URL=postgresql://postgres@127.0.0.1/postgres .venv/bin/python bench/watch.py

The site (127.0.0.1, a port of its own) has --articles pages in the newsroom's three templates,
each with its own text, listed by a sitemap, each sending an ETag and Last-Modified. A first
crawl stores them; then a tenth of them change; then `polwire watch` checks every one and
`polwire crawl` (incremental skipping off) fetches every one again. Both run with the
politeness a local site does not need turned off (AutoThrottle, 2 per domain). CPU seconds
are the child processes' (the command and its extraction workers), PostgreSQL's apart.

The database part fills a scratch database with synthetic rows (articles with their pages,
20 sources, 500 of one source due) by SQL, and times the due plan of that source and the
recording of 2,000 checks, with EXPLAIN of the plan's query.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import psycopg  # noqa: E402
from machine import children_cpu, load_line, postgres_cpu  # noqa: E402
from real_pages import scratch_database  # noqa: E402

from crawler.watch.verdict import Finding, Outcome, settle  # noqa: E402
from polwire.storage.sql import query  # noqa: E402
from polwire.storage.watch import due_plan, record_checks  # noqa: E402
from tests.support.feeds import sitemap  # noqa: E402
from tests.support.newsroom_pages import story_page  # noqa: E402
from tests.support.newsroom_stories import STORIES  # noqa: E402
from tests.support.server import Page, SiteServer  # noqa: E402
from tests.support.watch_site import CORRECTION  # noqa: E402

LOCAL_SITE = ("AUTOTHROTTLE_ENABLED=false", "CONCURRENT_REQUESTS_PER_DOMAIN=16", "DOWNLOAD_DELAY=0")
TEMPLATES = ("jsonld", "opengraph", "plain")
DUE = 500  # articles due for the source the plan is asked about (all of it at 10,000)


def site_pages(count: int, server: SiteServer, changed_share: float) -> tuple[int, list[str]]:
    """``count`` article pages with their validators (the stories of the newsroom, their
    paragraphs drawn at random so that no two pages are copies); returns how many change
    after the first crawl, and the paths, after installing the first versions."""
    english = [s for s in STORIES if s.language == "en"]
    paragraphs = [p for s in english for p in s.paragraphs]
    rng = random.Random(23)
    paths, later = [], []
    changed = int(count * changed_share)
    for i in range(count):
        model = english[i % len(english)]
        chosen = tuple(rng.sample(paragraphs, 5))
        story = dataclasses.replace(
            model,
            slug=f"a{i}",
            template=TEMPLATES[i % 3],
            title=f"{model.title} ({i})",
            paragraphs=(*chosen, f"The ministry filed report number {i} with the committee."),
        )
        path = f"/news/{i}.html"
        url = server.url(path)
        server.pages[path] = _validated(story_page(story, url))
        paths.append(path)
        if i < changed:
            edited = dataclasses.replace(story, paragraphs=(*story.paragraphs[:-1], CORRECTION))
            later.append((path, _validated(story_page(edited, url))))
    when = datetime(2025, 1, 1, tzinfo=UTC)
    entries = [(p, when) for p in paths]
    server.pages["/sitemap.xml"] = Page(sitemap(server.base_url, entries), "application/xml")
    server.pages["/robots.txt"] = Page(b"User-agent: *\nDisallow: /private/\n", "text/plain")
    server.later = later  # type: ignore[attr-defined]
    return changed, paths


def _validated(body: bytes) -> Page:
    etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
    return Page(body, headers={"ETag": etag, "Last-Modified": "Wed, 01 Jan 2025 09:00:00 GMT"})


def polwire(args: list[str], env: dict[str, str]) -> tuple[float, float, float, str]:
    """Wall, CPU (children) and PostgreSQL CPU seconds of one command, and its output."""
    cpu, pg, start = children_cpu(), postgres_cpu(), time.monotonic()
    command = [sys.executable, "-m", "polwire.console", *args]
    for setting in LOCAL_SITE:
        command += ["-s", setting]
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    wall = time.monotonic() - start
    if done.returncode != 0:
        sys.exit(f"{args[:2]} failed:\n{done.stdout}\n{done.stderr[-3000:]}")
    return wall, children_cpu() - cpu, postgres_cpu() - pg, done.stdout.strip()


def pass_figures(articles: int, url: str) -> None:
    server = SiteServer()
    changed, _ = site_pages(articles, server, 0.1)
    with server, tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "polwire.toml"
        config.write_text(
            f'[watch]\nmax_requests = {articles + 1000}\n\n[[sources]]\nname = "bench_site"\n'
            f'sitemaps = ["{server.url("/sitemap.xml")}"]\ntimezone = "Asia/Tokyo"\n'
        )
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "POLWIRE_HOME": str(Path(tmp) / "home"),
            "POLWIRE_CONFIG": str(config),
        }
        print(
            f"site: {articles} article pages at {server.base_url}, {changed} change after the crawl"
        )
        c_wall, c_cpu, _, crawl_line = polwire(["crawl", "bench_site"], env)
        print(f"first crawl (stores the archive): {c_wall:.1f} s wall, {c_cpu:.1f} CPU s")
        print(" ", crawl_line)
        for path, page in server.later:  # type: ignore[attr-defined]
            server.pages[path] = page
        with psycopg.connect(url) as conn:
            stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]  # type: ignore[index]
        server.clear_log()
        w_wall, w_cpu, w_pg, watch_line = polwire(["watch", "bench_site", "--since", "1d"], env)
        requests_watch = len(server.requested_paths())
        print(" ", watch_line)
        server.clear_log()
        r_wall, r_cpu, r_pg, recrawl_line = polwire(
            ["crawl", "bench_site", "-s", "POLWIRE_INCREMENTAL=false"], env
        )
        requests_recrawl = len(server.requested_paths())
        print(" ", recrawl_line)
        # Every page now answers 304 (the edited ones' new validators were stored): what a
        # check costs when nothing changed.
        a_wall, a_cpu, a_pg, again_line = polwire(["watch", "bench_site", "--since", "1d"], env)
        print(" ", again_line)
        with psycopg.connect(url) as conn:
            not_modified = conn.execute(
                "SELECT count(*) FROM article_checks WHERE http_status = 304"
            ).fetchone()[0]  # type: ignore[index]
        print(f"\nstored {stored} articles; the watch's 304 answers: {not_modified}")
        print(
            f"{'':26} {'pages':>6} {'wall s':>8} {'pages/s':>8} {'CPU s':>7}"
            f" {'CPU ms/page':>12} {'PG CPU s':>9}"
        )
        for name, pages, wall, cpu, pg in (
            ("polwire watch (90% 304)", stored, w_wall, w_cpu, w_pg),
            ("polwire crawl (re-crawl)", stored, r_wall, r_cpu, r_pg),
            ("polwire watch (all 304)", stored, a_wall, a_cpu, a_pg),
        ):
            print(
                f"{name:26} {pages:6d} {wall:8.2f} {pages / wall:8.1f} {cpu:7.2f}"
                f" {1000 * cpu / pages:12.2f} {pg:9.2f}"
            )
        print(f"requests made: watch {requests_watch}, re-crawl {requests_recrawl}")
        print(
            f"watch / re-crawl: {r_wall / w_wall:.1f}x faster (pages/s), "
            f"{r_cpu / w_cpu:.1f}x less CPU per page (target >= 5x)"
        )
        print(
            f"watch (all 304) / re-crawl: {r_wall / a_wall:.1f}x faster (pages/s), "
            f"{r_cpu / a_cpu:.1f}x less CPU per page"
        )


def fill_synthetic(conn: psycopg.Connection, total: int, now: datetime) -> None:
    """``total`` articles over 20 sources with a page each: DUE of source s0 due now, the
    rest due later (a tenth) or no longer watched."""
    conn.execute(
        """
        INSERT INTO articles (source, url, title, body, content_hash, word_count, first_seen_at,
                              last_seen_at)
        SELECT 's' || (g %% 20), 'https://s' || (g %% 20) || '.example/a/' || g, 'Title ' || g,
               repeat('word ', 60) || g, md5(g::text), 61,
               %(now)s - (g %% 365) * interval '1 day', %(now)s
        FROM generate_series(0, %(total)s - 1) AS g
        """,
        {"now": now, "total": total},
    )
    # The plan as passes leave it: DUE of s0 due now, a tenth due later, the rest done.
    conn.execute(
        """
        UPDATE article_watch w
        SET due_at = CASE WHEN (w.article_id - 1) %% 20 = 0 AND (w.article_id - 1) / 20 < %(due)s
                          THEN %(now)s - interval '1 minute'
                          WHEN (w.article_id - 1) %% 10 = 1
                          THEN %(now)s + ((w.article_id - 1) %% 1000) * interval '1 minute'
                     END
        """,
        {"now": now, "due": DUE},
    )
    conn.execute(
        "INSERT INTO article_pages (article_id, fetched_at, html_zlib, etag, last_modified)"
        " SELECT id, first_seen_at, '\\x00'::bytea, '\"' || id || '\"',"
        " 'Wed, 01 Jan 2025 09:00:00 GMT' FROM articles"
    )
    conn.commit()
    for table in ("articles", "article_watch", "article_pages"):
        conn.execute(f"VACUUM ANALYZE {table}")


def database_figures(admin: str) -> None:
    now = datetime.now(UTC)
    print(f"\ndatabase cost per check (due plan of one source: {DUE} rows; recording {DUE} checks)")
    print(
        f"{'stored articles':>16} {'plan ms':>8} {'µs/check':>9} {'record ms':>10} {'µs/check':>9}"
    )
    plans = {}
    for total in (10_000, 1_000_000):
        with (
            scratch_database(admin, "watchdb") as url,
            psycopg.connect(url, autocommit=True) as conn,
        ):
            fill_synthetic(conn, total, now)
            times = []
            for _ in range(5):
                start = time.perf_counter()
                targets = due_plan(conn, "s0", now=now, limit=DUE)
                times.append(time.perf_counter() - start)
            assert len(targets) == DUE, len(targets)
            plan_ms = 1000 * sorted(times)[len(times) // 2]
            explain = conn.execute(
                b"EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + query("watch_plan_due"),
                {"source": "s0", "now": now, "limit": DUE, "head_chars": 1500},
            ).fetchall()
            checks = [
                settle(
                    t,
                    Finding(Outcome.UNCHANGED, 304),
                    url=t.url,
                    now=now,
                    confirm_seconds=3600,
                    days=14,
                )
                for t in targets
            ]
            start = time.perf_counter()
            record_checks(conn, checks, run_id=None)
            record_ms = 1000 * (time.perf_counter() - start)
            plans[total] = "\n".join(f"    {row[0]}" for row in explain)
            print(
                f"{total:16,d} {plan_ms:8.1f} {1000 * plan_ms / DUE:9.1f}"
                f" {record_ms:10.1f} {1000 * record_ms / DUE:9.1f}"
            )
    for total, plan in plans.items():
        print(f"\nEXPLAIN of the due plan at {total:,d} stored articles:\n{plan}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--skip-pass", action="store_true", help="only the database figures")
    args = parser.parse_args()
    admin = os.environ.get("DATABASE_URL")
    if not admin:
        sys.exit("DATABASE_URL is not set")
    if not args.skip_pass:
        with scratch_database(admin, "watch") as url:
            pass_figures(args.articles, url)
    database_figures(admin)
    print(load_line())


if __name__ == "__main__":
    main()
