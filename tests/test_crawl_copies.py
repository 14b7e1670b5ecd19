"""A crawl that meets copies of copies of one article in one store batch (each page a little
longer than the one before): every URL is recorded as the stored article's, so the next
crawl fetches none of them again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg

from tests.support.cli import polwire
from tests.support.feeds import rss
from tests.support.server import Page, SiteServer

_BASE = (
    "The prime minister met opposition leaders in the capital on Monday to discuss the "
    "budget, the defence bill and the timing of the next general election. Party officials "
    "said the talks lasted three hours and ended without an agreement on the election date. "
    "The coalition holds a narrow majority in the lower house after losing two by-elections "
    "in the spring, and its partners have asked for changes to the tax plan before they "
    "vote. Opposition lawmakers want a vote of confidence before the summer recess and say "
    "the cabinet has lost the trust of voters after the funding scandal of last year."
)
_EDITS = [
    " A spokesman said more talks were planned for Thursday.",
    " The finance minister did not attend the meeting.",
    " Protesters gathered outside parliament during the talks.",
]


def _page(copy: int) -> bytes:
    # Copy n carries the first n edits: each copy is nearest to the one before it.
    body = _BASE + "".join(_EDITS[:copy])
    return (
        "<html><head><title>Leaders meet over budget and election date</title>"
        '<meta property="og:type" content="article"></head><body><article>'
        "<h1>Leaders meet over budget and election date</h1>"
        f"<p>{body}</p></article></body></html>"
    ).encode()


def test_copies_of_copies_in_one_batch_are_all_known_to_the_next_crawl(
    db_url: str, db: psycopg.Connection, polwire_home: Path
) -> None:
    paths = [f"/p/copy-{n}.html" for n in range(len(_EDITS) + 1)]
    server = SiteServer({path: Page(_page(n)) for n, path in enumerate(paths)})
    when = datetime(2025, 1, 1, tzinfo=UTC)
    with server:
        server.pages["/feed.xml"] = Page(
            rss(server.base_url, [(p, when + timedelta(minutes=i)) for i, p in enumerate(paths)]),
            "application/rss+xml",
        )
        env = {"DATABASE_URL": db_url, "POLWIRE_HOME": str(polwire_home)}
        # One request at a time: each copy reaches the store right after its nearest one.
        crawl = (
            "crawl",
            "--feed",
            server.url("/feed.xml"),
            "--name",
            "copies",
            "-s",
            "CONCURRENT_REQUESTS=1",
            "-s",
            "AUTOTHROTTLE_ENABLED=false",
        )
        first = polwire(*crawl, env=env)
        assert first.returncode == 0, first.stderr
        stored = db.execute("SELECT id FROM articles").fetchall()
        assert len(stored) == 1  # whichever copy came first; the others are its duplicates
        urls = db.execute(
            "SELECT url FROM article_urls WHERE article_id = %s ORDER BY url", stored[0]
        ).fetchall()
        assert [u for (u,) in urls] == sorted(server.url(p) for p in paths)

        server.clear_log()
        second = polwire(*crawl, env=env)
        assert second.returncode == 0, second.stderr
        assert [p for p in server.requested_paths() if p.startswith("/p/")] == []
