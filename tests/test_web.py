"""`polwire web` as a real subprocess over an archive filled by real crawls of a local site:
every page and API path, the API's JSON against the CLI's, hostile input, /metrics against
crawl_runs, and a real headless Chromium (console errors, a critical source, a hostile title
shown as text, a running crawl's log growing on its page)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg
import pytest
from prometheus_client.parser import text_string_to_metric_families
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from tests.support.browser import chromium, console_errors, full_page_screenshot
from tests.support.cli import REPO, polwire
from tests.support.http import Answer, request
from tests.support.web_archive import Archive, WebProcess, fill_archive, polwire_web
from tests.support.web_site import HOSTILE_TITLE

PAGES = ("/", "/runs", "/stories", "/search", "/search?q=budget")
METRIC_NAMES = {
    "polwire_crawl_runs",
    "polwire_articles_stored",
    "polwire_source_health",
    "polwire_last_run_timestamp_seconds",
    "polwire_last_success_timestamp_seconds",
    "polwire_crawl_duration_seconds",
    "polwire_spool_pending_segments",
    "polwire_scheduler_leader",
}


@dataclass
class Served:
    archive: Archive
    web: WebProcess
    tmp: Path

    @property
    def env(self) -> dict[str, str]:
        return self.archive.env

    def get(self, path: str, **kwargs: Any) -> Answer:
        return request(self.web.base_url + path, **kwargs)

    def db(self) -> psycopg.Connection[tuple[Any, ...]]:
        return psycopg.connect(self.env["DATABASE_URL"], autocommit=True)

    def one(self, sql: str, *params: object) -> Any:
        with self.db() as conn:
            row = conn.execute(sql, params).fetchone()
        assert row is not None, sql
        return row[0]


def _with_db(url: str, dbname: str) -> str:
    params = conninfo_to_dict(url)
    params["dbname"] = dbname
    return make_conninfo(**params)


@pytest.fixture(scope="module")
def served(
    pg_admin_url: str, template_db: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Served]:
    name = f"polwire_t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_admin_url, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name} TEMPLATE {template_db}")
    tmp = tmp_path_factory.mktemp("web")
    archive = fill_archive(tmp, _with_db(pg_admin_url, name))
    try:
        with polwire_web(archive.env, tmp) as web:
            yield Served(archive, web, tmp)
    finally:
        archive.site.server.stop()
        with psycopg.connect(pg_admin_url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _cli_json(served: Served, *args: str) -> Any:
    result = polwire(*args, "--format", "json", env=served.env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _ids(served: Served) -> dict[str, int]:
    with served.db() as conn:
        flaky_failed = conn.execute(
            "SELECT max(id) FROM crawl_runs WHERE source = 'web_flaky'"
        ).fetchone()
        hostile = conn.execute("SELECT id FROM articles WHERE title = %s", (HOSTILE_TITLE,))
        revised = conn.execute("SELECT article_id FROM article_revisions LIMIT 1").fetchone()
        return {
            "flaky_run": flaky_failed[0] if flaky_failed else 0,
            "hostile": hostile.fetchone()[0],
            "revised": revised[0] if revised else 0,
        }


# --- pages and API paths --------------------------------------------------------------------


def test_every_page_and_api_path_answers(served: Served) -> None:
    ids = _ids(served)
    pages = [
        *PAGES,
        f"/runs/{ids['flaky_run']}",
        "/sources/web_flaky",
        "/sources/web_daily",
        "/sources/web_adhoc",
        f"/articles/{ids['hostile']}",
        f"/articles/{ids['revised']}",
    ]
    for path in pages:
        answer = served.get(path)
        assert answer.status == 200, (path, answer.text[:300])
        assert answer.headers["content-type"].startswith("text/html"), path
        csp = answer.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
    for path in (
        "/api/sources",
        "/api/health",
        "/api/runs",
        f"/api/runs/{ids['flaky_run']}",
        f"/api/runs/{ids['flaky_run']}/log",
        "/api/search?q=budget",
        "/api/stories",
        f"/api/articles/{ids['revised']}",
        "/api/openapi.json",
        "/healthz",
    ):
        answer = served.get(path)
        assert answer.status == 200, (path, answer.text[:300])
        assert answer.headers["content-type"].startswith("application/json"), path
        answer.json()
    assert served.get("/metrics").status == 200
    openapi = served.get("/api/openapi.json").json()
    assert {"/api/runs", "/api/search", "/api/runs/{run_id}/log"} <= set(openapi["paths"])


def test_api_gives_the_json_the_cli_gives(served: Served) -> None:
    run_id = _ids(served)["flaky_run"]
    assert served.get("/api/runs?limit=50").json() == _cli_json(served, "runs", "--limit", "50")
    assert served.get("/api/runs?source=web_daily&status=succeeded").json() == _cli_json(
        served, "runs", "--source", "web_daily", "--status", "succeeded"
    )
    assert served.get(f"/api/runs/{run_id}").json() == _cli_json(
        served, "runs", "show", str(run_id)
    )
    assert served.get("/api/health").json() == _cli_json(served, "health", "--all")
    assert served.get("/api/sources").json() == _cli_json(served, "sources")
    assert served.get("/api/stories").json() == _cli_json(served, "stories")
    api_hits = served.get("/api/search?q=budget&source=web_daily").json()
    cli_hits = _cli_json(served, "search", "budget", "--source", "web_daily")
    # The score weighs age against "now", which moves between the two calls.
    assert [(h["id"], h["title"], h["snippet"]) for h in api_hits] == [
        (h["id"], h["title"], h["snippet"]) for h in cli_hits
    ]
    assert {h["source"] for h in api_hits} == {"web_daily"}
    japanese = served.get("/api/search?q=" + quote("北朝鮮 ミサイル")).json()
    assert [h["title"] for h in japanese] == ["北朝鮮ミサイル発射で国家安全保障会議"]
    assert "«" in japanese[0]["snippet"]


def test_runs_are_paged_with_a_link_to_the_next_page(served: Served) -> None:
    everything = served.get("/api/runs?limit=100").json()
    first = served.get("/api/runs?limit=2")
    assert first.headers["link"] == '</api/runs?limit=2&offset=2>; rel="next"'
    second = served.get("/api/runs?limit=2&offset=2")
    assert [r["id"] for r in first.json() + second.json()] == [r["id"] for r in everything[:4]]
    last = served.get(f"/api/runs?limit=100&offset={len(everything) - 1}")
    assert "link" not in last.headers and len(last.json()) == 1


def test_a_failing_source_is_critical_in_the_api_and_on_the_overview(served: Served) -> None:
    health = {row["source"]: row for row in served.get("/api/health").json()}
    assert health["web_flaky"]["health"] == "critical"
    assert "items" in health["web_flaky"]["failing"]
    assert health["web_daily"]["health"] == "ok"
    html = served.get("/").text
    row = html[html.index('data-source="web_flaky"') :][:2000]
    assert 'data-state="critical"' in row and "badge-critical" in row


def test_a_run_page_shows_checks_stats_and_log(served: Served) -> None:
    run_id = _ids(served)["flaky_run"]
    html = served.get(f"/runs/{run_id}").text
    checks = html[html.index('id="checks"') :]
    items_row = checks[checks.index('data-check="items"') :][:800]
    assert "badge-critical" in items_row and "usually yields" in items_row
    assert "downloader/request_count" in html
    assert f"run {run_id} of web_flaky started" in html
    searched = served.get(f"/runs/{run_id}?log_q=connection+refused").text
    log = searched[searched.index('id="log"') :]
    log = log[: log.index("</pre>")]
    lines = [line for line in log.split('<span class="line') if line.strip()][1:]
    assert lines and all("connection refused" in line.lower() for line in lines)


def test_a_run_page_names_the_cluster_worker_that_ran_it(served: Served) -> None:
    run_id = _ids(served)["flaky_run"]
    with served.db() as conn:
        (worker_id,) = conn.execute(
            "INSERT INTO cluster_workers (name, hostname, pid, concurrency)"
            " VALUES ('crawl-<b>7</b>', 'box', 4242, 2) RETURNING id"
        ).fetchone()
        conn.execute("UPDATE crawl_runs SET worker_id = %s WHERE id = %s", (worker_id, run_id))
        try:
            html = served.get(f"/runs/{run_id}").text
            api = served.get(f"/api/runs/{run_id}").json()
        finally:
            conn.execute("UPDATE crawl_runs SET worker_id = NULL WHERE id = %s", (run_id,))
            conn.execute("DELETE FROM cluster_workers WHERE id = %s", (worker_id,))
    assert "<dt>worker</dt><dd>crawl-&lt;b&gt;7&lt;/b&gt;</dd>" in html
    assert api["worker"] == "crawl-<b>7</b>" and api["worker_id"] == worker_id
    assert "<dt>worker</dt>" not in served.get(f"/runs/{run_id}").text


def test_the_log_api_pages_through_the_log_file(served: Served) -> None:
    run_id = _ids(served)["flaky_run"]
    path = Path(served.one("SELECT log_path FROM crawl_runs WHERE id = %s", run_id))
    whole = path.read_text(encoding="utf-8")
    chunk = served.get(f"/api/runs/{run_id}/log?limit=200").json()
    assert chunk["offset"] == 0 and chunk["text"] == whole[: len(chunk["text"])]
    assert chunk["text"].endswith("\n") and chunk["complete"] is False
    text, offset = chunk["text"], chunk["next_offset"]
    while True:
        chunk = served.get(f"/api/runs/{run_id}/log?offset={offset}&limit=500").json()
        text += chunk["text"]
        offset = chunk["next_offset"]
        if chunk["complete"]:
            break
    assert text == whole
    assert served.get(f"/api/runs/{run_id}/log?format=text").text == whole


def test_an_article_has_its_urls_revisions_diff_and_raw_page(served: Served) -> None:
    article_id = _ids(served)["revised"]
    api = served.get(f"/api/articles/{article_id}").json()
    assert api["title"] == "Speaker sets date for budget vote after late talks"
    assert [r["title"] for r in api["revisions"]] == ["Speaker sets date for budget vote"]
    assert [u["url"] for u in api["urls"]] == [api["url"]]
    html = served.get(f"/articles/{article_id}").text
    assert "<ins> after late talks</ins>" in html
    late = "Late on Wednesday the speaker announced that the vote was delayed."
    assert f"<ins>\n\n{late}</ins>" in html
    raw = served.get(f"/articles/{article_id}/raw")
    assert raw.headers["content-type"].startswith("text/plain")
    assert raw.headers["content-security-policy"].startswith("sandbox")
    assert "<h1>Speaker sets date for budget vote after late talks</h1>" in raw.text


def test_stories_page_lists_members_and_outlets(served: Served) -> None:
    stories = served.get("/api/stories").json()
    assert len(stories) == 1
    assert stories[0]["outlets"] == ["web_daily", "web_times"]
    html = served.get("/stories").text
    assert "South Korea and Japan agree to resume shuttle diplomacy" in html
    assert "Seoul and Tokyo to restart leaders&#39; shuttle diplomacy" in html


def test_a_hostile_title_is_escaped_in_every_page(served: Served) -> None:
    article_id = _ids(served)["hostile"]
    for path in (f"/articles/{article_id}", "/search?q=assembly+budget", "/search?q=budget"):
        html = served.get(path).text
        assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html, path
        assert "<script>window.__pwned" not in html and "<img src=x" not in html, path


@pytest.mark.parametrize(
    "path",
    [
        "/search?q=" + "x" * 5000,
        "/search?q=" + quote('"unbalanced quote \' and more "'),
        "/search?q=" + quote("'; DROP TABLE articles; --"),
        "/search?q=" + quote("a & | ! :* <-> ( ) \\ '"),
        "/search?q=%ED%A0%80%ff%fe",
        "/search?q=abc%00def",
        "/search?q=budget&since=9999-99-99",
        "/search?q=budget&until=yesterday",
        "/search?q=budget&limit=99999999999999999999999",
        "/search?q=budget&order=worst",
        "/runs?since=" + quote("2025-01-01' OR 1=1 --"),
        "/runs?limit=-1",
        "/runs?status=" + quote("succeeded' --"),
        "/runs/99999999999999999999999999",
        "/runs/abc",
        "/sources/" + quote("<script>alert(1)</script>"),
        "/articles/-1",
        "/api/search?q=" + quote('"((('),
        "/api/search",
        "/api/runs?since=" + "9" * 3000,
        "/api/runs/1/log?offset=-5",
        "/api/articles/abc",
        "/?" + "a=" + "b" * 20000,
    ],
)
def test_hostile_query_strings_get_a_page_or_a_4xx(served: Served, path: str) -> None:
    answer = served.get(path)
    assert 200 <= answer.status < 500, (path, answer.status, answer.text[:300])
    assert "Traceback" not in answer.text
    if path.startswith("/api/") and answer.status >= 400:
        assert answer.json()["status"] == answer.status


def test_errors_are_json_with_their_status(served: Served) -> None:
    missing = served.get("/api/runs/999999")
    assert missing.status == 404 and missing.json() == {"error": "no run 999999", "status": 404}
    bad = served.get("/api/runs?status=bogus")
    assert bad.status == 400 and bad.json()["error"].startswith("status:")
    since = served.get("/api/runs?since=soon")
    assert since.status == 400 and "since" in since.json()["error"]


# --- metrics --------------------------------------------------------------------------------


def _metrics(served: Served) -> dict[str, Any]:
    answer = served.get("/metrics")
    assert answer.headers["content-type"].startswith("text/plain")
    return {family.name: family for family in text_string_to_metric_families(answer.text)}


def _samples(family: Any, name: str | None = None) -> dict[tuple[tuple[str, str], ...], float]:
    return {
        tuple(sorted(s.labels.items())): s.value
        for s in family.samples
        if name is None or s.name == name
    }


def test_metrics_match_crawl_runs(served: Served) -> None:
    families = _metrics(served)
    assert set(families) >= METRIC_NAMES
    with served.db() as conn:
        counts = conn.execute(
            "SELECT source, status, count(*), sum(items_stored) FROM crawl_runs"
            " GROUP BY source, status"
        ).fetchall()
        times = conn.execute(
            "SELECT source, extract(epoch FROM max(started_at))::float8,"
            " extract(epoch FROM max(finished_at) FILTER (WHERE status = 'succeeded'))::float8,"
            " count(*) FILTER (WHERE finished_at IS NOT NULL),"
            " sum(extract(epoch FROM finished_at - started_at))::float8"
            " FROM crawl_runs GROUP BY source"
        ).fetchall()
    runs = _samples(families["polwire_crawl_runs"], "polwire_crawl_runs_total")
    assert runs == {
        (("source", source), ("status", status)): float(n) for source, status, n, _ in counts
    }
    stored = _samples(families["polwire_articles_stored"], "polwire_articles_stored_total")
    expected_stored: dict[str, float] = {}
    for source, _, _, items in counts:
        expected_stored[source] = expected_stored.get(source, 0.0) + float(items)
    assert stored == {(("source", s),): v for s, v in expected_stored.items()}
    last_run = _samples(families["polwire_last_run_timestamp_seconds"])
    last_success = _samples(families["polwire_last_success_timestamp_seconds"])
    durations = families["polwire_crawl_duration_seconds"]
    for source, started, succeeded, finished, seconds in times:
        assert last_run[(("source", source),)] == pytest.approx(started)
        assert last_success[(("source", source),)] == pytest.approx(succeeded)
        count = _samples(durations, "polwire_crawl_duration_seconds_count")
        assert count[(("source", source),)] == finished
        total = _samples(durations, "polwire_crawl_duration_seconds_sum")
        assert total[(("source", source),)] == pytest.approx(seconds)
        infinite = _samples(durations, "polwire_crawl_duration_seconds_bucket")
        assert infinite[(("le", "+Inf"), ("source", source))] == finished
    health = _samples(families["polwire_source_health"])
    assert health[(("source", "web_flaky"),)] == 2
    assert health[(("source", "web_daily"),)] == 0
    assert _samples(families["polwire_spool_pending_segments"]) == {(): 0.0}
    assert _samples(families["polwire_scheduler_leader"]) == {(): 0.0}


# --- a real browser -------------------------------------------------------------------------


DOCS_SCREENSHOTS = ("overview", "run", "source", "search_ja", "article")


def test_browser_pages_load_without_console_errors_and_show_the_broken_source(
    served: Served,
) -> None:
    from selenium.webdriver.common.by import By

    ids = _ids(served)
    shots = served.tmp / "screenshots"
    shots.mkdir(exist_ok=True)
    # POLWIRE_SCREENSHOTS=docs/img: the pages the documentation shows are saved there too.
    docs_shots = os.environ.get("POLWIRE_SCREENSHOTS")
    pages = {
        "overview": "/",
        "runs": "/runs",
        "run": f"/runs/{ids['flaky_run']}",
        "source": "/sources/web_daily",
        "search": "/search?q=budget",
        "search_ja": "/search?q=" + quote("北朝鮮"),
        "stories": "/stories",
        "article": f"/articles/{ids['revised']}",
        "hostile": f"/articles/{ids['hostile']}",
    }
    with chromium() as driver:
        for name, path in pages.items():
            driver.set_window_size(1360, 1000)
            driver.get(served.web.base_url + path)
            assert driver.find_element(By.TAG_NAME, "h1").text, name
            assert console_errors(driver) == [], name
            assert driver.execute_script("return typeof window.__pwned") == "undefined", name
            full_page_screenshot(driver, shots / f"{name}.png")
            if docs_shots and name in DOCS_SCREENSHOTS:
                shutil.copyfile(shots / f"{name}.png", Path(docs_shots) / f"dashboard-{name}.png")
        driver.get(served.web.base_url + "/")
        row = driver.find_element(By.CSS_SELECTOR, 'tr[data-source="web_flaky"]')
        assert row.get_attribute("data-state") == "critical"
        assert row.find_element(By.CSS_SELECTOR, ".badge").text == "critical"
        ok_row = driver.find_element(By.CSS_SELECTOR, 'tr[data-source="web_daily"]')
        assert ok_row.find_element(By.CSS_SELECTOR, ".badge").text == "ok"
        # worst first: the broken source heads the table
        first = driver.find_element(By.CSS_SELECTOR, "#sources tbody tr")
        assert first.get_attribute("data-source") == "web_flaky"
        driver.get(served.web.base_url + "/sources/web_daily")
        assert len(driver.find_elements(By.CSS_SELECTOR, "svg.chart")) == 4
    print(f"screenshots in {shots}")


def test_browser_shows_a_hostile_title_as_text_and_runs_none_of_it(served: Served) -> None:
    from selenium.webdriver.common.by import By

    article_id = _ids(served)["hostile"]
    with chromium() as driver:
        for path in (f"/articles/{article_id}", "/search?q=assembly"):
            driver.get(served.web.base_url + path)
            time.sleep(0.3)  # an onerror handler would have run by now
            assert driver.execute_script("return typeof window.__pwned") == "undefined"
            assert driver.find_elements(By.CSS_SELECTOR, "main img") == []
        driver.get(served.web.base_url + f"/articles/{article_id}")
        assert driver.find_element(By.ID, "article-title").text == HOSTILE_TITLE
        assert driver.title.startswith(HOSTILE_TITLE[:40])
        assert console_errors(driver) == []


def test_browser_follows_the_log_of_a_running_crawl(served: Served) -> None:
    from selenium.webdriver.common.by import By

    with served.db() as conn:
        before = conn.execute("SELECT coalesce(max(id), 0) FROM crawl_runs").fetchone()[0]
    crawl = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "polwire.console",
            "crawl",
            "web_slow",
            "-s",
            "POLWIRE_RUN_LOG_LEVEL=DEBUG",
        ],
        cwd=REPO,
        env={**os.environ, **served.env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        run_id = None
        deadline = time.monotonic() + 60
        while run_id is None and time.monotonic() < deadline:
            with served.db() as conn:
                row = conn.execute(
                    "SELECT id FROM crawl_runs WHERE id > %s AND status = 'running'", (before,)
                ).fetchone()
            run_id = row[0] if row else None
            time.sleep(0.2)
        assert run_id is not None, "the slow crawl never showed up as running"
        with chromium() as driver:
            driver.get(served.web.base_url + f"/runs/{run_id}")
            lines = driver.find_elements(By.CSS_SELECTOR, "#log .line")
            first_count = len(lines)
            assert driver.find_element(By.ID, "log").get_attribute("data-running") == "1"
            grown = first_count
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                time.sleep(1.0)
                grown = len(driver.find_elements(By.CSS_SELECTOR, "#log .line"))
                if grown > first_count + 5:
                    break
            assert grown > first_count + 5, (first_count, grown)
            status = served.one("SELECT status FROM crawl_runs WHERE id = %s", run_id)
            assert status == "running"  # it grew while the crawl was still going
            full_page_screenshot(driver, served.tmp / "screenshots" / "run_live.png")
            assert crawl.wait(timeout=120) == 0
            deadline = time.monotonic() + 20
            state = ""
            while time.monotonic() < deadline and "succeeded" not in state:
                time.sleep(0.5)
                state = driver.find_element(By.ID, "log-state").text
            assert "run succeeded" in state
            shown = "".join(
                e.text + "\n" for e in driver.find_elements(By.CSS_SELECTOR, "#log .line")
            )
            log_path = served.one("SELECT log_path FROM crawl_runs WHERE id = %s", run_id)
            on_disk = Path(log_path).read_text(encoding="utf-8")
            # WebDriver gives an element's text trimmed: compare lines without their margins.
            assert [line.strip() for line in shown.splitlines() if line.strip()] == [
                line.strip() for line in on_disk.splitlines() if line.strip()
            ]
            assert console_errors(driver) == []
    finally:
        if crawl.poll() is None:
            crawl.terminate()
            crawl.wait(timeout=30)
