"""After a real crawl of the team's local newsroom: runs, runs show, logs, health, search and
export through the `polwire` command, as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from polwire.monitoring.health import CheckName
from tests.support.cli import REPO, polwire, write_config
from tests.support.newsroom import BY_SLUG, NewsSite, build_news_site, local_news_env, story_names
from tests.support.server import Page


def _with_db(url: str, dbname: str) -> str:
    params = conninfo_to_dict(url)
    params["dbname"] = dbname
    return make_conninfo(**params)


@pytest.fixture(scope="module")
def crawled(
    pg_admin_url: str, template_db: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, str]]:
    """One crawl of the whole local news site, shared by the tests of this module (read only:
    a test that changes the database uses its own)."""
    name = f"polwire_t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_admin_url, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name} TEMPLATE {template_db}")
    tmp = tmp_path_factory.mktemp("monitoring")
    site = build_news_site()
    site.server.start()
    env = local_news_env(tmp, _with_db(pg_admin_url, name), tmp / "home", site)
    result = polwire("crawl", "local_news", env=env)
    assert result.returncode == 0, result.stderr
    env["CRAWL_STDOUT"] = result.stdout
    # What the site served (every page it was asked for exists: all answered 200).
    env["SITE_RESPONSES"] = str(len(site.server.requests))
    env["SITE_BYTES"] = str(
        sum(len(site.server.pages[p].body) for p in site.server.requested_paths())
    )
    yield env
    site.server.stop()
    with psycopg.connect(pg_admin_url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _cli_json(*args: str, env: dict[str, str]) -> object:
    result = polwire(*args, env=env)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return json.loads(result.stdout)


def _db(env: dict[str, str]) -> psycopg.Connection[tuple[object, ...]]:
    return psycopg.connect(env["DATABASE_URL"], autocommit=True)


def test_runs_and_runs_show_give_figures_stats_health_and_log(crawled: dict[str, str]) -> None:
    runs = _cli_json("runs", "--format", "json", env=crawled)
    assert isinstance(runs, list) and len(runs) == 1
    run = runs[0]
    assert run["source"] == "local_news"
    assert run["status"] == "succeeded"
    assert run["items_stored"] == len(story_names())
    assert run["health_status"] == "ok"

    shown = _cli_json("runs", "show", str(run["id"]), "--format", "json", env=crawled)
    assert isinstance(shown, dict)
    summary = shown["stats"]["summary"]
    assert summary["requests"] == shown["stats"]["downloader/request_count"]
    assert summary["responses_by_status"] == {"200": int(crawled["SITE_RESPONSES"])}
    assert summary["items"]["stored"] == run["items_stored"]
    assert summary["bytes"] >= int(crawled["SITE_BYTES"])  # bodies, and headers besides
    assert summary["duration_seconds"] > 0
    assert summary["coverage"]["title"] == 1.0
    # Coverage is of the valid articles read, the AMP twin of the second story among them.
    read = [*BY_SLUG.values(), BY_SLUG[story_names()[1]]]
    assert summary["coverage_items"] == len(read)
    bylined = sum(bool(s.authors) for s in read) / len(read)
    assert summary["coverage"]["authors"] == pytest.approx(bylined, abs=0.0001)
    assert shown["health"]["status"] == "ok"
    names = {check["name"] for check in shown["health"]["checks"]}
    assert names == set(CheckName)
    assert shown["log_tail"] and any("local_news" in line for line in shown["log_tail"])

    table = polwire("runs", "show", str(run["id"]), env=crawled)
    assert "[ok] http_errors" in table.stdout
    assert "responses_by_status" in table.stdout


def test_logs_prints_the_whole_log_of_a_run(crawled: dict[str, str]) -> None:
    run_id, log_path = _db(crawled).execute("SELECT id, log_path FROM crawl_runs").fetchone()
    result = polwire("logs", str(run_id), env=crawled)
    assert result.returncode == 0, result.stderr
    assert result.stdout == Path(log_path).read_text(encoding="utf-8")
    assert f"run {run_id} of local_news started" in result.stdout
    missing = polwire("logs", "999999", env=crawled)
    assert missing.returncode != 0
    assert "no run 999999" in missing.stderr and "Traceback" not in missing.stderr


def test_health_lists_each_source_with_its_verdict_and_trend(crawled: dict[str, str]) -> None:
    rows = _cli_json("health", "--format", "json", env=crawled)
    assert isinstance(rows, list)
    (row,) = rows
    stored = _db(crawled).execute("SELECT items_stored FROM crawl_runs").fetchone()[0]
    assert row["source"] == "local_news"
    assert row["health"] == "ok"
    assert row["last_status"] == "succeeded"
    assert row["last_success_at"] is not None
    assert row["items_trend"] == [stored]
    table = polwire("health", env=crawled)
    assert "local_news" in table.stdout and "ok" in table.stdout


def test_search_ranks_an_article_by_a_word_of_its_title(crawled: dict[str, str]) -> None:
    url = (
        _db(crawled)
        .execute("SELECT url FROM articles WHERE title LIKE '%Dodges Criticism%'")
        .fetchone()[0]
    )
    hits = _cli_json("search", "dodges", "--format", "json", env=crawled)
    assert isinstance(hits, list)
    assert url in [hit["url"] for hit in hits[:3]]
    top = next(hit for hit in hits if hit["url"] == url)
    assert top["source"] == "local_news" and top["story_size"] == 1
    assert "«dodge»" in top["snippet"]  # the body's "dodge", matched by its stem
    # A common word: the titled article still comes in the first three.
    hits = _cli_json("search", "criticism", "debate", "--format", "json", env=crawled)
    assert url in [hit["url"] for hit in hits[:3]]
    other = _cli_json(
        "search", "dodges", "--source", "another_source", "--format", "json", env=crawled
    )
    assert other == []
    kept = _cli_json(
        "search",
        "dodges",
        "--source",
        "local_news",
        "--country",
        "jp",
        "--format",
        "json",
        env=crawled,
    )
    assert url in [hit["url"] for hit in kept]
    table = polwire("search", "dodges", env=crawled)
    assert table.returncode == 0
    assert "Dodges Criticism" in table.stdout.splitlines()[0]
    assert "«dodge»" in table.stdout  # the snippets mark the matched words


@pytest.mark.parametrize(
    ("words", "fixture"),
    [
        ("衆議院", "ja-lower-house-dissolution"),  # Japanese, from the body
        ("復興庁", "ja-fukushima-reconstruction"),
        ("예산안", "ko-assembly-budget"),  # Korean
        ("통일부", "ko-yonhap-unification"),
        ("人民代表大会", "zh-npc-session"),  # Chinese, simplified
        ("立法院", "zh-cna-legislative-yuan"),  # and traditional
    ],
)
def test_cjk_search_finds_an_article_by_a_word_of_its_body(
    crawled: dict[str, str], words: str, fixture: str
) -> None:
    body, url = (
        _db(crawled)
        .execute("SELECT body, url FROM articles WHERE url LIKE %s", (f"%/{fixture}.html",))
        .fetchone()
    )
    assert words in body, f"{words!r} is not in the stored body of {fixture}"
    hits = _cli_json("search", words, "--limit", "50", "--format", "json", env=crawled)
    assert url in [hit["url"] for hit in hits]
    hit = next(h for h in hits if h["url"] == url)
    assert f"«{words}»" in hit["snippet"]


HOSTILE = [
    "'; DROP TABLE articles; --",
    '" OR 1=1 --',
    'unbalanced "quote',
    "(((",
    "& | ! <-> :* ()",
    "-",
    "or or or",
    "!!!",
    "\\",
    "a" * 10_000,
    "word " * 2_000,
    "北朝鮮" * 3_000,
    '大統領 OR -習近平 "北朝鮮',
    "%s %(x)s {0}",
    "$$ $1 \\x00",
]


def test_hostile_queries_answer_without_traceback_and_change_nothing(
    crawled: dict[str, str],
) -> None:
    with _db(crawled) as conn:
        before = conn.execute(
            "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM crawl_runs),"
            " (SELECT count(*) FROM article_urls)"
        ).fetchone()
    for n, text in enumerate(HOSTILE):
        for fmt in ("json", "table") if n % 4 == 0 else ("json",):
            result = polwire("search", text, "--format", fmt, env=crawled)
            assert result.returncode == 0, (text[:40], result.stderr)
            assert "Traceback" not in result.stderr and "error" not in result.stderr.lower()
            if fmt == "json":
                assert isinstance(json.loads(result.stdout), list)
    with _db(crawled) as conn:
        after = conn.execute(
            "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM crawl_runs),"
            " (SELECT count(*) FROM article_urls)"
        ).fetchone()
    assert after == before


def test_export_jsonl_streams_every_article(crawled: dict[str, str]) -> None:
    result = polwire("export", "--format", "jsonl", env=crawled)
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    with _db(crawled) as conn:
        ids = {int(r[0]) for r in conn.execute("SELECT id FROM articles")}
        dates = [
            r[0]
            for r in conn.execute(
                "SELECT coalesce(published_at, first_seen_at) FROM articles"
                " ORDER BY coalesce(published_at, first_seen_at), id"
            )
        ]
    assert {row["id"] for row in rows} == ids
    assert len(rows) == len(ids)
    assert {"id", "url", "title", "source", "published_at", "body", "authors"} <= set(rows[0])
    assert rows[0]["published_at"][:10] == str(dates[0])[:10]  # every story has its date
    csv_out = polwire("export", "--format", "csv", env=crawled)
    assert csv_out.returncode == 0
    assert csv_out.stdout.splitlines()[0].startswith("id,source,url,title")
    later = polwire("export", "--since", "2100-01-01", env=crawled)
    assert later.returncode == 0 and later.stdout == ""


def test_a_site_whose_article_pages_all_fail_gets_a_critical_run(
    db_url: str, polwire_home: Path, tmp_path: Path
) -> None:
    site: NewsSite = build_news_site(story_names(10))  # ten are as critical as all
    for path in site.article_paths.values():
        site.server.pages[path] = Page(b"<html><body>Internal error</body></html>", status=500)
    site.server.pages[site.amp_path] = Page(b"oops", status=500)
    config = write_config(
        tmp_path / "polwire.toml",
        f'[[sources]]\nname = "broken_news"\nfeeds = ["{site.feed_url}"]\ncountry = "JP"\n',
    )
    env = {"DATABASE_URL": db_url, "POLWIRE_HOME": str(polwire_home), "POLWIRE_CONFIG": str(config)}
    with site.server:
        result = polwire("crawl", "broken_news", "-s", "RETRY_TIMES=0", env=env)
    paths = site.server.requested_paths()
    failed = sum(p.startswith(("/news/", "/amp/")) for p in paths)
    judged = len(paths) - paths.count("/robots.txt")  # robots.txt is not the site's content
    assert "Traceback" not in result.stderr
    with psycopg.connect(db_url) as conn:
        status, health = conn.execute("SELECT status, health FROM crawl_runs").fetchone()
    assert status == "succeeded"  # the crawl itself ran to its end
    assert health["status"] == "critical"
    failing = {c["name"]: c for c in health["checks"] if c["status"] != "ok"}
    assert failing["http_errors"]["status"] == "critical"
    assert failing["http_errors"]["value"] == pytest.approx(failed / judged, abs=0.0001)
    assert failing["items"]["value"] == 0
    assert "health critical" in result.stdout


def test_logs_follow_prints_a_running_crawl_until_it_ends(
    db_url: str, polwire_home: Path, tmp_path: Path
) -> None:
    site = build_news_site(story_names(4), amp_twin=False)
    for path in site.article_paths.values():
        site.server.pages[path].delay = 1.0  # a crawl of a few seconds to follow
    config = write_config(
        tmp_path / "polwire.toml",
        f'[[sources]]\nname = "slow_news"\nfeeds = ["{site.feed_url}"]\n',
    )
    env = {"DATABASE_URL": db_url, "POLWIRE_HOME": str(polwire_home), "POLWIRE_CONFIG": str(config)}
    with site.server:
        crawl = subprocess.Popen(
            [sys.executable, "-m", "polwire.console", "crawl", "slow_news"],
            env={**os.environ, **env},
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        run_id = None
        deadline = time.monotonic() + 60
        while run_id is None and time.monotonic() < deadline:
            with psycopg.connect(db_url) as conn:
                row = conn.execute("SELECT id, status FROM crawl_runs").fetchone()
            if row:
                run_id, status = row
                assert status == "running"
            else:
                time.sleep(0.1)
        assert run_id is not None
        followed = polwire("logs", str(run_id), "--follow", "--poll", "0.2", env=env, timeout=120)
        crawl.wait(timeout=120)
    assert followed.returncode == 0, followed.stderr
    with psycopg.connect(db_url) as conn:
        status, log_path = conn.execute("SELECT status, log_path FROM crawl_runs").fetchone()
    assert status == "succeeded"
    # It ended with the run, and printed the log as it stood at the end.
    assert followed.stdout == Path(log_path).read_text(encoding="utf-8")
    assert f"run {run_id} of slow_news succeeded" in followed.stdout


def test_a_site_without_robots_txt_has_no_http_errors(
    db_url: str, polwire_home: Path, tmp_path: Path
) -> None:
    """Many small sites answer 404 for /robots.txt: the crawl goes on (everything is allowed)
    and the run is not judged for it."""
    site = build_news_site(story_names(4), amp_twin=False)
    del site.server.pages["/robots.txt"]
    env = local_news_env(tmp_path, db_url, polwire_home, site)
    with site.server:
        result = polwire("crawl", "local_news", env=env)
    assert result.returncode == 0, result.stderr
    with psycopg.connect(db_url) as conn:
        stored, stats, health = conn.execute(
            "SELECT items_stored, stats, health FROM crawl_runs"
        ).fetchone()
    assert stored == 4
    # The feed, four stories and the page robots.txt would have disallowed, and the 404.
    assert stats["summary"]["responses_by_status"] == {"200": 6, "404": 1}
    assert site.server.count(site.disallowed_path) == 1
    (http_errors,) = [c for c in health["checks"] if c["name"] == "http_errors"]
    assert (http_errors["status"], http_errors["value"]) == ("ok", 0.0)
    assert health["status"] == "ok"
