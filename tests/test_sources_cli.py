"""`polwire sources` shows the whole registry (every field in json), and `polwire crawl --all`
crawls every enabled source, one run each."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
import pytest

from crawler.sources.model import Source
from crawler.sources.registry import load_builtin
from tests.support.cli import polwire, write_config
from tests.support.feeds import rss
from tests.support.newsroom import BY_SLUG, story_names
from tests.support.newsroom_pages import story_page
from tests.support.server import Page, SiteServer

BUILTIN = load_builtin()
CJK = {"ja", "ko", "zh"}
WHEN = datetime(2025, 1, 1, tzinfo=UTC)


def sources_json(env: dict[str, str], *args: str) -> list[dict[str, Any]]:
    result = polwire("sources", "--format", "json", *args, env=env)
    assert result.returncode == 0, result.stderr
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


@pytest.fixture
def env(db_url: str, polwire_home: Path, tmp_path: Path) -> dict[str, str]:
    config = write_config(tmp_path / "polwire.toml", "")
    return {
        "DATABASE_URL": db_url,
        "POLWIRE_HOME": str(polwire_home),
        "POLWIRE_CONFIG": str(config),
    }


def test_sources_json_meets_the_registry_acceptance(env: dict[str, str]) -> None:
    rows = sources_json(env)
    enabled = [r for r in rows if r["enabled"]]
    assert len(enabled) >= 15
    assert {"JP", "KR", "CN", "TW"} <= {r["country"] for r in enabled}
    assert sum(r["language"] in CJK for r in enabled) >= 3
    for row in enabled:
        assert row["discovery"], row["name"]
        assert row["schedule"] == "0 2 * * *", row["name"]  # the nightly default_cron


def test_sources_json_gives_every_field_of_every_source(env: dict[str, str]) -> None:
    rows = {r["name"]: r for r in sources_json(env)}
    assert set(rows) == set(BUILTIN)
    keys = {f.name for f in fields(Source)} | {"discovery", "schedule", "last_run", "last_status"}
    for name, source in BUILTIN.items():
        row = rows[name]
        assert set(row) == keys, name
        assert {k: row[k] for k in source.to_dict()} == json.loads(json.dumps(source.to_dict()))
        assert (row["last_run"], row["last_status"]) == (None, None)
    assert rows["nhk_world"]["discovery"] == ["start", "api"]
    assert rows["nhk_world"]["extra"]["api"]["url_field"] == "page_url"
    assert "https://en.yna.co.kr/RSS/nk.xml" in rows["yonhap_nk"]["politics_feeds"]


def test_sources_table_has_the_design_columns(env: dict[str, str]) -> None:
    result = polwire("sources", env=env)
    assert result.returncode == 0, result.stderr
    header = result.stdout.splitlines()[0].split()
    assert header[:5] == ["name", "country", "language", "discovery", "schedule"]
    assert "last_run" in header
    japan_today = next(line for line in result.stdout.splitlines() if line.startswith("japan_"))
    assert "JP" in japan_today.split()


def test_config_overrides_a_builtin_source_and_adds_one(
    env: dict[str, str], tmp_path: Path
) -> None:
    write_config(
        Path(env["POLWIRE_CONFIG"]),
        """
[[sources]]
name = "japan_today"
cron = "*/30 * * * *"

[[sources]]
name = "hkfp"
enabled = false

[[sources]]
name = "my_feed"
feeds = ["http://127.0.0.1:9/feed.xml"]
every_seconds = 600
""",
    )
    rows = {r["name"]: r for r in sources_json(env)}
    assert rows["japan_today"]["schedule"] == "*/30 * * * *"
    assert rows["japan_today"]["feeds"] == list(BUILTIN["japan_today"].feeds)  # kept
    assert rows["hkfp"]["enabled"] is False
    assert rows["my_feed"]["schedule"] == "every 600s"
    assert (rows["my_feed"]["builtin"], rows["my_feed"]["politics_filter"]) == (False, False)
    only_enabled = {r["name"] for r in sources_json(env, "--enabled")}
    assert "hkfp" not in only_enabled and {"japan_today", "my_feed"} <= only_enabled


# --- polwire crawl --all ------------------------------------------------------------------


@pytest.fixture
def two_sites() -> Iterator[list[SiteServer]]:
    servers = []
    first, second, third = story_names(3)
    for names in ((first, second), (third,)):
        server = SiteServer()
        paths = []
        for name in names:
            path = f"/news/{name}.html"
            server.pages[path] = Page(story_page(BY_SLUG[name], server.url(path)))
            paths.append(f"/news/{name}.html")
        server.pages["/robots.txt"] = Page(b"User-agent: *\nDisallow:\n", "text/plain")
        server.start()
        server.pages["/feed.xml"] = Page(rss(server.base_url, [(p, WHEN) for p in paths]))
        servers.append(server)
    yield servers
    for server in servers:
        server.stop()


def test_crawl_all_crawls_every_enabled_source_once(
    env: dict[str, str], two_sites: list[SiteServer], db: psycopg.Connection
) -> None:
    # Built-in sources would reach the internet: the config turns them all off.
    disabled = "".join(f'[[sources]]\nname = "{n}"\nenabled = false\n\n' for n in BUILTIN)
    first, second = two_sites
    write_config(
        Path(env["POLWIRE_CONFIG"]),
        disabled
        + f"""
[[sources]]
name = "local_one"
feeds = ["{first.url("/feed.xml")}"]
timezone = "Asia/Tokyo"

[[sources]]
name = "local_two"
feeds = ["{second.url("/feed.xml")}"]
timezone = "Asia/Seoul"

[[sources]]
name = "local_off"
feeds = ["{second.url("/other.xml")}"]
enabled = false
""",
    )
    result = polwire("crawl", "--all", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == ["local_one", "local_two"]
    assert all(": succeeded in " in line for line in lines)
    runs = db.execute(
        "SELECT source, status, items_stored FROM crawl_runs ORDER BY source"
    ).fetchall()
    assert runs == [("local_one", "succeeded", 2), ("local_two", "succeeded", 1)]
    assert second.count("/other.xml") == 0

    rows = {r["name"]: r for r in sources_json(env)}
    assert rows["local_one"]["last_status"] == rows["local_two"]["last_status"] == "succeeded"
    assert rows["local_one"]["last_run"] is not None
    assert rows["local_off"]["last_run"] is None


def test_an_override_that_replaces_politics_feeds_says_so_in_one_line(
    env: dict[str, str],
) -> None:
    write_config(
        Path(env["POLWIRE_CONFIG"]),
        '[[sources]]\nname = "nhk_news"\nfeeds = ["https://example.com/politics.rss"]\n',
    )
    result = polwire("sources", env=env)
    assert result.returncode != 0
    assert "politics_feeds" in result.stderr and "must set politics_feeds too" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
