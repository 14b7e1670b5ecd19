"""`polwire import` of WARC files end to end: a real crawl of real pages (served on 127.0.0.1)
written as WARC by `polwire crawl --warc`, WARC files written here with warcio (with broken
records among the good ones), imported into real PostgreSQL databases and compared."""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
import uuid
import zlib
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from polwire.storage.sql import query
from tests.support.cli import REPO, polwire, write_config
from tests.support.feeds import rss
from tests.support.fixtures import fixtures_dir
from tests.support.newsroom import BY_SLUG, story_names
from tests.support.newsroom_pages import story_page
from tests.support.server import Page, SiteServer
from tests.support.warc_files import ArchivedPage, member_bounds, write_warc

HOST = "news.example"
# The article fields a crawl stores, compared between a crawl and an import.
FIELDS = (
    "url",
    "source",
    "title",
    "authors",
    "published_at",
    "section",
    "language",
    "countries",
    "wire",
    "dateline",
    "body",
    "word_count",
    "content_hash",
)


def real_pages() -> dict[str, bytes]:
    """The real saved news pages of the fixtures; without them, the team's newsroom pages (so
    the import is still tested end to end in a fresh clone)."""
    news = fixtures_dir() / "news"
    if news.is_dir():
        return {p.stem: p.read_bytes() for p in sorted(news.glob("*.html"))}
    return {name: story_page(BY_SLUG[name], article_url(name)) for name in story_names()}


def article_url(name: str) -> str:
    return f"http://{HOST}/news/{name}.html"


@pytest.fixture
def pages() -> dict[str, bytes]:
    return real_pages()


@pytest.fixture
def config(tmp_path: Path) -> Path:
    return write_config(
        tmp_path / "polwire.toml",
        f"""
[[sources]]
name = "local_news"
feeds = ["http://{HOST}/feed.xml"]
country = "JP"
timezone = "Asia/Tokyo"
""",
    )


@pytest.fixture
def second_db(pg_admin_url: str, template_db: str) -> Iterator[str]:
    """Another empty, migrated database (an import somewhere else)."""
    name = f"polwire_t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_admin_url, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name} TEMPLATE {template_db}")
    yield make_conninfo(**{**conninfo_to_dict(pg_admin_url), "dbname": name})
    with psycopg.connect(pg_admin_url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def env_for(config: Path, db_url: str, home: Path) -> dict[str, str]:
    return {"DATABASE_URL": db_url, "POLWIRE_HOME": str(home), "POLWIRE_CONFIG": str(config)}


def articles(db_url: str) -> dict[str, tuple[object, ...]]:
    with psycopg.connect(db_url) as conn:
        rows = conn.execute(f"SELECT {', '.join(FIELDS)} FROM articles").fetchall()
    return {str(row[0]): tuple(row) for row in rows}


def one(db_url: str, sql: str) -> tuple[object, ...]:
    with psycopg.connect(db_url) as conn:
        row = conn.execute(sql).fetchone()
    assert row is not None
    return tuple(row)


def last_run(db_url: str) -> tuple[object, ...]:
    return one(
        db_url,
        "SELECT id, source, status, trigger, items_stored, items_duplicate, items_dropped,"
        " stats, health->>'status' FROM crawl_runs ORDER BY id DESC LIMIT 1",
    )


def start_import(warc: Path, env: dict[str, str], *settings: str) -> subprocess.Popen[bytes]:
    """The import process of ``warc`` for local_news, started in the background."""
    command = [sys.executable, "-m", "crawler.import_runner", str(warc), "--source", "local_news"]
    for setting in settings:
        command += ["--set", setting]
    return subprocess.Popen(
        command, env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def kill_import_after_its_first_commit(warc: Path, env: dict[str, str], db_url: str) -> int:
    """Run an import of ``warc`` in small batches and SIGKILL it once it has committed a
    checkpoint, with batches still to commit; the committed offset.

    Each look at the checkpoint is made holding the store's batch lock, and the lock is kept
    once a checkpoint shows: the import commits nothing more before the kill, however fast
    it reads (else small pages could all be committed between two looks)."""
    process = start_import(warc, env, "POLWIRE_STORE_BATCH_SIZE=5", "POLWIRE_EXTRACT_WORKERS=1")
    deadline = time.monotonic() + 120
    committed = 0
    with psycopg.connect(db_url) as conn:
        while time.monotonic() < deadline and process.poll() is None:
            conn.execute(query("store_lock"))
            row = conn.execute("SELECT max(committed_offset) FROM import_files").fetchone()
            committed = int(row[0] or 0) if row else 0
            if committed:
                break
            conn.rollback()  # the lock with it: the import may commit its next batch
            time.sleep(0.01)
        assert process.poll() is None, "the import ended before it could be killed"
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
    return committed


def test_a_crawl_written_as_warc_imports_into_an_empty_database_as_the_same_articles(
    pages: dict[str, bytes], config: Path, db_url: str, second_db: str, tmp_path: Path
) -> None:
    names = list(pages)[:20]
    server = SiteServer({f"/news/{n}.html": Page(pages[n]) for n in names})
    server.pages["/feed.xml"] = Page(
        rss(f"http://{HOST}", [(f"/news/{n}.html", _when(i)) for i, n in enumerate(names)]),
        "application/rss+xml",
    )
    warc_dir = tmp_path / "warc"
    with server:
        crawled = polwire(
            "crawl",
            "local_news",
            "--warc",
            str(warc_dir),
            "-s",
            "POLWIRE_HOST_MAP=" + json.dumps({HOST: server.base_url}),
            env=env_for(config, db_url, tmp_path / "home"),
        )
    assert crawled.returncode == 0, crawled.stderr
    files = sorted(warc_dir.glob("*.warc.gz"))
    assert [f.name.startswith("polwire-local_news-") for f in files] == [True]

    imported = polwire("import", str(warc_dir), env=env_for(config, second_db, tmp_path / "h2"))
    assert imported.returncode == 0, imported.stderr
    # No --source: records of any registry source, in a run named "import".
    assert imported.stdout.startswith("import: succeeded")

    crawl_articles = articles(db_url)
    assert len(crawl_articles) >= 18
    assert articles(second_db) == crawl_articles
    run_id, source, status, trigger, stored, _, _, stats, health = last_run(second_db)
    assert (source, status, trigger, stored, health) == (
        "import",
        "succeeded",
        "import",
        len(crawl_articles),
        "ok",
    )
    # The feed and the robots.txt answer are in the WARC too: read, and named drops or skips.
    assert stats["polwire/import/records"] == len(names) + 1
    assert stats["drop_reasons"]["NonHtmlResponse"] == 1
    assert stats["polwire/import/skipped/HttpNotOk"] == 1  # robots.txt: 404

    runs = polwire("runs", "--format", "json", env=env_for(config, second_db, tmp_path / "h2"))
    assert [(r["id"], r["source"], r["status"]) for r in json.loads(runs.stdout)] == [
        (run_id, "import", "succeeded")
    ]


def _when(i: int) -> object:
    from datetime import UTC, datetime, timedelta

    return datetime(2025, 1, 1, tzinfo=UTC) + timedelta(minutes=i)


def broken_warc(path: Path, pages: dict[str, bytes], huge_bytes: int) -> dict[str, int]:
    """The good pages, and among them one record of each kind of damage; the damaged ones'
    count by the reason the import must give."""
    names = list(pages)
    good = [ArchivedPage(article_url(n), pages[n]) for n in names]
    write_warc(path, good[:10])
    cut_url = good[3].url
    start, end = member_bounds(path, cut_url)
    data = path.read_bytes()
    cut = data[:start] + data[start : start + (end - start) // 2] + data[end:]
    extra = io.BytesIO()
    # A record whose WARC header is garbage: its own gzip member.
    extra.write(gzip.compress(b"WARX/9.9 garbled\r\nWARC-Type: response\r\n\r\nx"))
    tail = path.with_suffix(".tail")
    write_warc(
        tail,
        [
            ArchivedPage(
                f"http://{HOST}/files/report.pdf", b"%PDF-1.4 " + b"1" * 500, "application/pdf"
            ),
            ArchivedPage(f"http://{HOST}/news/blob.html", b"\x00\x01\x02\x89PNG" * 200),
            ArchivedPage(
                f"http://{HOST}/news/missing.html", b"<h1>gone</h1>", status="404 Not Found"
            ),
            ArchivedPage("http://elsewhere.example/news/a.html", pages[names[0]]),
            *good[10:],
        ],
    )
    huge = io.BytesIO()
    _write_huge_record(huge, f"http://{HOST}/news/huge.html", huge_bytes)
    path.write_bytes(cut + extra.getvalue() + huge.getvalue() + tail.read_bytes())
    tail.unlink()
    return {
        "TruncatedRecord": 1,
        "BadRecordHeader": 1,
        "RecordTooLarge": 1,
        "BinaryPayload": 1,
        "HttpNotOk": 1,
    }


def _write_huge_record(out: io.BytesIO, url: str, size: int) -> None:
    """One gzip member holding a response record of ``size`` payload bytes, compressed as it
    is made (no 200 MB buffer)."""
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    length = len(http) + size
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\n"
        f"WARC-Target-URI: {url}\r\nWARC-Date: 2025-01-01T00:00:00Z\r\n"
        "WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000001>\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {length}\r\n\r\n"
    ).encode()
    packer = zlib.compressobj(1, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    out.write(packer.compress(head + http))
    chunk = b"<p>" + b"a" * ((1 << 20) - 3)
    left = size
    while left > 0:
        piece = chunk[: min(left, len(chunk))]
        out.write(packer.compress(piece))
        left -= len(piece)
    out.write(packer.compress(b"\r\n\r\n"))
    out.write(packer.flush())


def test_an_archive_with_broken_records_stores_every_good_article_once(
    pages: dict[str, bytes], config: Path, db_url: str, tmp_path: Path
) -> None:
    warc = tmp_path / "mixed.warc.gz"
    expected_skips = broken_warc(warc, pages, 200 * 1024 * 1024)
    good = [n for i, n in enumerate(pages) if i != 3]
    env = env_for(config, db_url, tmp_path / "home")

    first = polwire("import", str(warc), "--source", "local_news", env=env)
    assert first.returncode == 0, first.stderr
    (summary,) = first.stdout.splitlines()
    for reason, count in expected_skips.items():
        assert f"{reason} {count}" in summary.split(" skipped (")[1], summary
    # Off a terminal: one summary line, no line per dropped page or skipped record.
    said = [line for line in (first.stdout + first.stderr).splitlines() if line.strip()]
    assert len(said) <= 3, said
    _, source, status, trigger, stored, _, dropped, stats, _ = last_run(db_url)
    assert (source, status, trigger) == ("local_news", "succeeded", "import")
    skipped = {
        key.rsplit("/", 1)[-1]: value
        for key, value in stats.items()
        if key.startswith("polwire/import/skipped/")
    }
    assert skipped == expected_skips
    assert stats["drop_reasons"].get("NonHtmlResponse") == 1  # the PDF
    assert stats["polwire/import/off_source"] == 1
    stored_urls = set(articles(db_url))
    assert stored == len(stored_urls)
    # Every good page is an article or a named drop (a page with no article in it).
    assert stored + dropped - 1 == len(good)
    assert stored_urls <= {article_url(n) for n in good}
    assert one(db_url, "SELECT count(*) FROM article_pages")[0] == stored
    assert one(db_url, "SELECT count(*) FROM articles WHERE search_vector IS NULL") == (0,)

    again = polwire("import", str(warc), "--source", "local_news", env=env)
    assert again.returncode == 0, again.stderr
    *_, stored_again, duplicate_again, _, stats_again, health = last_run(db_url)
    assert (stored_again, duplicate_again, health) == (0, 0, "ok")
    assert stats_again["polwire/import/files_already_imported"] == 1
    assert set(articles(db_url)) == stored_urls


def test_an_import_killed_halfway_and_run_again_ends_with_the_same_rows(
    pages: dict[str, bytes], config: Path, db_url: str, second_db: str, tmp_path: Path
) -> None:
    warc = write_warc(
        tmp_path / "all.warc.gz", [ArchivedPage(article_url(n), b) for n, b in pages.items()]
    )
    clean = polwire(
        "import",
        str(warc),
        "--source",
        "local_news",
        env=env_for(config, second_db, tmp_path / "h2"),
    )
    assert clean.returncode == 0, clean.stderr

    committed = kill_import_after_its_first_commit(
        warc, {**os.environ, **env_for(config, db_url, tmp_path / "home")}, db_url
    )
    assert 0 < committed < warc.stat().st_size
    halfway = one(db_url, "SELECT count(*) FROM articles")[0]
    assert 0 < int(str(halfway)) < len(articles(second_db))

    resumed = polwire(
        "import",
        str(warc),
        "--source",
        "local_news",
        env=env_for(config, db_url, tmp_path / "home"),
    )
    assert resumed.returncode == 0, resumed.stderr
    stats = last_run(db_url)[7]
    assert isinstance(stats, dict)
    assert stats["polwire/import/resumed_at_byte"] >= committed
    assert stats["polwire/import/records"] < len(pages)  # it did not read the file again
    assert articles(db_url) == articles(second_db)
    for sql in (
        "SELECT count(*), count(DISTINCT url) FROM article_urls",
        "SELECT count(*) FROM article_pages",
        "SELECT count(*) FROM article_revisions",
    ):
        assert one(db_url, sql) == one(second_db, sql)


def write_arc(path: Path, pages: list[tuple[str, bytes, str]]) -> Path:
    """An ARC (version 1) file, one gzip member a record as archives keep ``.arc.gz`` files:
    (url, HTML, 14-digit archive date) each. warcio reads ARC but cannot write it; the format
    is a header line (URL, IP, date, content type, length) over the record's bytes."""
    version = b"1 0 polwire-tests\nURL IP-address Archive-date Content-type Archive-length\n"
    members = [
        gzip.compress(
            b"filedesc://%s 0.0.0.0 20250101000000 text/plain %d\n%s\n"
            % (path.name.encode(), len(version), version)
        )
    ]
    for url, html, date in pages:
        http = (
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
            b"Content-Length: %d\r\n\r\n%s" % (len(html), html)
        )
        header = b"%s 127.0.0.1 %s text/html %d" % (url.encode(), date.encode(), len(http))
        members.append(gzip.compress(header + b"\n" + http + b"\n"))
    path.write_bytes(b"".join(members))
    return path


def test_an_arc_gz_file_imports_as_the_same_pages_in_a_warc_do(
    pages: dict[str, bytes], config: Path, db_url: str, second_db: str, tmp_path: Path
) -> None:
    names = list(pages)[:8]
    arc = write_arc(
        tmp_path / "old.arc.gz", [(article_url(n), pages[n], "20250102030405") for n in names]
    )
    warc = write_warc(
        tmp_path / "same.warc.gz", [ArchivedPage(article_url(n), pages[n]) for n in names]
    )

    from_arc = polwire("import", str(arc), env=env_for(config, db_url, tmp_path / "h1"))
    assert from_arc.returncode == 0, from_arc.stderr
    from_warc = polwire("import", str(warc), env=env_for(config, second_db, tmp_path / "h2"))
    assert from_warc.returncode == 0, from_warc.stderr

    stored = articles(db_url)
    assert len(stored) >= 6
    assert stored == articles(second_db)
    *_, stats, health = last_run(db_url)
    assert isinstance(stats, dict)
    assert stats["polwire/import/records"] == len(names)
    assert stats["polwire/import/other_records"] == 1  # the ARC's filedesc (a warcinfo)
    assert health == "ok"


def test_since_and_until_keep_only_the_articles_dated_between_them(
    pages: dict[str, bytes], config: Path, db_url: str, second_db: str, tmp_path: Path
) -> None:
    warc = write_warc(
        tmp_path / "all.warc.gz", [ArchivedPage(article_url(n), b) for n, b in pages.items()]
    )
    everything = polwire("import", str(warc), env=env_for(config, second_db, tmp_path / "h2"))
    assert everything.returncode == 0, everything.stderr
    with psycopg.connect(second_db) as conn:
        dated = conn.execute(
            "SELECT url, published_at FROM articles WHERE published_at IS NOT NULL"
            " ORDER BY published_at"
        ).fetchall()
    assert len(dated) >= 6
    # A window holding the middle third of the dated articles; undated ones fall back to
    # the record's WARC-Date (today), after it.
    since = dated[len(dated) // 3][1]
    until = dated[2 * len(dated) // 3][1]
    expected = {str(url) for url, when in dated if since <= when <= until}
    assert 0 < len(expected) < len(articles(second_db))

    windowed = polwire(
        "import",
        str(warc),
        "--since",
        since.isoformat(),
        "--until",
        until.isoformat(),
        env=env_for(config, db_url, tmp_path / "h1"),
    )
    assert windowed.returncode == 0, windowed.stderr
    assert set(articles(db_url)) == expected
    stats = last_run(db_url)[7]
    assert isinstance(stats, dict)
    assert stats["polwire/import/outside_dates"] >= len(dated) - len(expected)


def test_any_host_stores_every_record_under_the_name_given(
    pages: dict[str, bytes], config: Path, db_url: str, tmp_path: Path
) -> None:
    names = list(pages)[:6]
    # Hosts no registry source has: only --any-host takes them.
    archived = [
        ArchivedPage(f"http://outlet{i % 2}.example/story/{n}.html", pages[n])
        for i, n in enumerate(names)
    ]
    warc = write_warc(tmp_path / "elsewhere.warc.gz", archived)
    env = env_for(config, db_url, tmp_path / "home")

    by_host = polwire("import", str(warc), env=env)
    assert by_host.returncode == 0, by_host.stderr
    assert articles(db_url) == {}
    assert last_run(db_url)[7]["polwire/import/off_source"] == len(names)

    no_name = polwire("import", str(warc), "--any-host", env=env)
    assert no_name.returncode != 0
    assert "--name" in no_name.stderr

    ad_hoc = polwire("import", str(warc), "--any-host", "--name", "old_outlets", env=env)
    assert ad_hoc.returncode == 0, ad_hoc.stderr
    assert ad_hoc.stdout.startswith("old_outlets: succeeded")
    stored = articles(db_url)
    assert len(stored) >= 4
    assert set(stored) <= {page.url for page in archived}
    assert {row[FIELDS.index("source")] for row in stored.values()} == {"old_outlets"}
    _, source, status, trigger, items_stored, *_ = last_run(db_url)
    assert (source, status, trigger, items_stored) == (
        "old_outlets",
        "succeeded",
        "import",
        len(stored),
    )


def test_extraction_workers_die_with_an_import_killed_with_sigkill(
    pages: dict[str, bytes], config: Path, db_url: str, tmp_path: Path
) -> None:
    import psutil

    # Enough records that the import is still extracting when it is killed.
    archived = [
        ArchivedPage(f"http://{HOST}/news/{n}-{copy}.html", body)
        for copy in range(6)
        for n, body in pages.items()
    ]
    warc = write_warc(tmp_path / "long.warc.gz", archived)
    env = {**os.environ, **env_for(config, db_url, tmp_path / "home")}
    process = start_import(warc, env, "POLWIRE_EXTRACT_WORKERS=2")
    parent = psutil.Process(process.pid)
    workers: list[psutil.Process] = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None and len(workers) < 2:
        workers = parent.children()  # the forked extraction workers, nothing else
        time.sleep(0.05)
    assert process.poll() is None, "the import ended before it could be killed"
    assert len(workers) == 2, workers

    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_running(w) for w in workers):
        time.sleep(0.05)
    assert [w.pid for w in workers if _running(w)] == []


def _running(process: object) -> bool:
    """Alive and not a zombie (a dead worker waits as one until its new parent reaps it)."""
    import psutil

    assert isinstance(process, psutil.Process)
    try:
        return process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def test_a_warc_gzipped_whole_imports_and_resumes_by_skipping_what_was_committed(
    pages: dict[str, bytes], config: Path, db_url: str, second_db: str, tmp_path: Path
) -> None:
    """`gzip file.warc` makes one gzip member of the whole file: no record offset in it can be
    seeked to. It is read as one stream (offsets are the uncompressed ones), and a resumed
    import inflates it again up to its checkpoint, skipping the records before it."""
    plain = write_warc(
        tmp_path / "all.warc",
        [ArchivedPage(article_url(n), b) for n, b in pages.items()],
        gzip=False,
    )
    warc = tmp_path / "all.warc.gz"
    warc.write_bytes(gzip.compress(plain.read_bytes()))
    plain.unlink()
    clean = polwire(
        "import",
        str(warc),
        "--source",
        "local_news",
        env=env_for(config, second_db, tmp_path / "h2"),
    )
    assert clean.returncode == 0, clean.stderr
    clean_stats = last_run(second_db)[7]
    assert isinstance(clean_stats, dict)
    # The run's log tells the file's progress by its bytes on disk, never past 100%.
    (log_path,) = one(second_db, "SELECT log_path FROM crawl_runs")
    shares = re.findall(r"all\.warc\.gz: (\d+)% (\d+) records", Path(str(log_path)).read_text())
    assert shares[-1] == ("100", str(len(pages))) and all(int(s) <= 100 for s, _ in shares)
    # Every record read: a file over the 10 MB record limit was once skipped whole as one
    # RecordTooLarge "record".
    assert clean_stats["polwire/import/records"] == len(pages)
    assert not any(k.startswith("polwire/import/skipped/") for k in clean_stats)

    committed = kill_import_after_its_first_commit(
        warc, {**os.environ, **env_for(config, db_url, tmp_path / "home")}, db_url
    )
    halfway = int(str(one(db_url, "SELECT count(*) FROM articles")[0]))
    assert 0 < halfway < len(articles(second_db))

    resumed = polwire(
        "import",
        str(warc),
        "--source",
        "local_news",
        env=env_for(config, db_url, tmp_path / "home"),
    )
    assert resumed.returncode == 0, resumed.stderr
    stats = last_run(db_url)[7]
    assert isinstance(stats, dict)
    assert stats["polwire/import/resumed_at_byte"] >= committed > 0
    # Only the records from the checkpoint on went through extraction again.
    assert 0 < stats["polwire/import/records"] < len(pages)
    assert articles(db_url) == articles(second_db)
    for sql in (
        "SELECT count(*), count(DISTINCT url) FROM article_urls",
        "SELECT count(*) FROM article_pages",
        "SELECT count(*) FROM article_revisions",
    ):
        assert one(db_url, sql) == one(second_db, sql)


def generated_article(i: int) -> bytes:
    """An article page of its own words (no two alike, so none is a duplicate of another)."""
    import random

    rng = random.Random(i)
    vocabulary = [
        f"{a}{b}"
        for a in ("ka", "to", "mi", "re", "su", "no", "ha", "ye")
        for b in ("lan", "dor", "vik", "mos", "tep", "rul", "gan", "siv", "pek", "zor")
    ]
    paragraphs = "".join(
        "<p>" + " ".join(rng.choice(vocabulary) for _ in range(45)) + ".</p>" for _ in range(3)
    )
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Report {i}</title>'
        '<meta property="og:type" content="article"></head><body><article>'
        f"<h1>Parliament report number {i}</h1>{paragraphs}</article></body></html>"
    ).encode()


def _member(record: bytes) -> bytes:
    return gzip.compress(record)


def _response_record(url: str | None, http: bytes, *, declared: int | None = None) -> bytes:
    """One WARC response record, written by hand (warcio writes only well-formed ones)."""
    target = f"WARC-Target-URI: {url}\r\n" if url else ""
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\n"
        f"{target}WARC-Date: 2025-01-01T00:00:00Z\r\n"
        f"WARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\n"
        "Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http) if declared is None else declared}\r\n\r\n"
    ).encode()
    return head + http + b"\r\n\r\n"


def forty_good_six_broken(path: Path) -> dict[str, int]:
    """40 good article records (request and response each, as a crawler writes them) and 6
    broken records among them, the last one a member cut short (its writer died); the broken
    ones' count by the reason the import must give."""
    good = [ArchivedPage(article_url(f"report-{i}"), generated_article(i)) for i in range(41)]
    parts: list[bytes] = []
    page = b"<html><body><p>broken</p></body></html>"
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + page
    broken = [
        _member(_response_record(None, http)),  # no WARC-Target-URI
        _member(_response_record(f"http://{HOST}/news/bad-head.html", b"HTPT/1.1 ok\r\n\r\nx")),
        _member(_response_record(f"http://{HOST}/news/short.html", http, declared=len(http) - 9)),
        b"this is no gzip member, only junk a copy left between two records\n" * 4,
    ]
    for batch in range(5):
        chunk = path.with_suffix(f".{batch}")
        write_warc(chunk, good[batch * 8 : batch * 8 + 8])
        parts.append(chunk.read_bytes())
        chunk.unlink()
        if batch < len(broken):
            parts.append(broken[batch])
    # A member cut in the middle, among the good ones: its record is lost, the next is read.
    cut = _member(_response_record(f"http://{HOST}/news/cut.html", http + b" " * 3000))
    parts.insert(3, cut[: len(cut) // 2])
    last = path.with_suffix(".last")
    write_warc(last, good[40:])
    tail = last.read_bytes()
    last.unlink()
    parts.append(tail[: len(tail) - 40])  # the last member, truncated
    path.write_bytes(b"".join(parts))
    return {
        "NoTargetUri": 1,
        "BadHttpHeader": 1,
        "BadContentLength": 1,
        "Junk": 1,
        "TruncatedRecord": 2,
    }


def skipped_by_reason(stats: dict[str, int]) -> dict[str, int]:
    prefix = "polwire/import/skipped/"
    return {k[len(prefix) :]: v for k, v in stats.items() if k.startswith(prefix)}


def test_forty_good_records_among_six_broken_are_all_stored_and_again_after_a_kill(
    config: Path, db_url: str, second_db: str, tmp_path: Path
) -> None:
    warc = tmp_path / "dying-writer.warc.gz"
    expected = forty_good_six_broken(warc)
    good_urls = {article_url(f"report-{i}") for i in range(40)}

    clean = polwire(
        "import",
        str(warc),
        "--source",
        "local_news",
        env=env_for(config, second_db, tmp_path / "h2"),
    )
    assert clean.returncode == 0, clean.stderr
    assert "warcio" not in clean.stderr and "Traceback" not in clean.stderr
    assert set(articles(second_db)) == good_urls
    _, _, status, _, stored, _, _, stats, _ = last_run(second_db)
    assert (status, stored) == ("succeeded", 40)
    assert skipped_by_reason(stats) == expected
    assert stats["polwire/import/records"] == 40
    assert one(second_db, "SELECT records, finished_at IS NOT NULL FROM import_files") == (40, True)

    committed = kill_import_after_its_first_commit(
        warc, {**os.environ, **env_for(config, db_url, tmp_path / "home")}, db_url
    )
    assert 0 < committed < warc.stat().st_size
    rerun = polwire(
        "import",
        str(warc),
        "--source",
        "local_news",
        env=env_for(config, db_url, tmp_path / "home"),
    )
    assert rerun.returncode == 0, rerun.stderr
    assert set(articles(db_url)) == good_urls
    stats = last_run(db_url)[7]
    assert isinstance(stats, dict)
    assert skipped_by_reason(stats)["TruncatedRecord"] >= 1  # the last member at least
    # Counted once each across the two runs: 40 response records, not 40 plus those re-read.
    assert one(db_url, "SELECT records, finished_at IS NOT NULL FROM import_files") == (40, True)


@pytest.mark.xfail(
    strict=False,
    reason="known bug, timing-dependent: a SIGTERM that reaches an import mid-file leaves Scrapy's"
    " close waiting (the cancelled start generator), so the run is killed after its grace and"
    " closed 'stopped by SIGTERM; killed (SIGKILL)'; a SIGTERM early in the file passes",
)
def test_sigterm_to_polwire_import_stores_what_it_read_and_closes_the_run_aborted(
    pages: dict[str, bytes], config: Path, db_url: str, tmp_path: Path
) -> None:
    archived = [
        ArchivedPage(f"http://{HOST}/news/{n}-{copy}.html", body)
        for copy in range(6)
        for n, body in pages.items()
    ]
    warc = write_warc(tmp_path / "long.warc.gz", archived)
    command = [sys.executable, "-m", "polwire.console", "import", str(warc)]
    command += ["--source", "local_news", "-s", "POLWIRE_STORE_BATCH_SIZE=5"]
    command += ["-s", "POLWIRE_EXTRACT_WORKERS=1"]
    env = {**os.environ, **env_for(config, db_url, tmp_path / "home")}
    process = subprocess.Popen(
        command, env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 120
        with psycopg.connect(db_url, autocommit=True) as conn:
            while time.monotonic() < deadline and process.poll() is None:
                row = conn.execute("SELECT max(committed_offset) FROM import_files").fetchone()
                if row and row[0]:
                    break
                time.sleep(0.05)
        assert process.poll() is None, "the import ended before it could be stopped"
        process.send_signal(signal.SIGTERM)
        stdout, stderr = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 143, stderr
    assert "Traceback" not in stderr
    _, _, status, trigger, stored, *_ = last_run(db_url)
    assert (status, trigger) == ("aborted", "import")
    (reason,) = one(db_url, "SELECT finish_reason FROM crawl_runs")
    assert reason == "stopped by SIGTERM"
    (count,) = one(db_url, "SELECT count(*) FROM articles")
    assert stored == count  # every article it extracted was stored, and counted
    assert stdout.startswith("local_news: aborted (stopped by SIGTERM) in "), stdout
