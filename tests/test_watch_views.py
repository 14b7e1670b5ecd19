"""Where users see the watch: `polwire gone`, `export --gone`, `search --gone`, the dashboard's
/gone, /api/gone and article page, /metrics, and the takedown alert (a real webhook receiver);
the archive is filled through the store and the watch's own storage calls, not by hand."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
from prometheus_client.parser import text_string_to_metric_families

from crawler.watch.verdict import Finding, GoneReason, Outcome, settle
from polwire.config import AlertsConfig
from polwire.monitoring.alerts import alert_takedowns
from polwire.storage.articles import ArticleRow, store_articles
from polwire.storage.watch import WatchTarget, record_checks, since_plan
from tests.support.cli import polwire
from tests.support.http import request
from tests.support.web_archive import polwire_web
from tests.test_alerts import WebhookServer

SEEN = datetime(2025, 11, 3, 9, 0, tzinfo=UTC)
TITLES = (
    "Assembly passes election law",
    "Minister resigns over funding",
    "Parties agree on budget",
)
BODY = (
    "Lawmakers voted late on Thursday after a long debate in which the opposition demanded "
    "changes to the districts, the speaker said. The ruling party had agreed to a review of "
    "campaign finance rules in exchange for the votes of two smaller parties, and the "
    "president is expected to sign the bill next week. Election officials said the new rules "
    "would apply from the local elections in the spring. Word {n}."
)


def fill(db: psycopg.Connection) -> list[WatchTarget]:
    """Three stored articles of ``local_news``; the first two taken down (410, then a
    redirect home), each confirmed by a second check an hour after the first."""
    rows = [
        ArticleRow(
            source="local_news",
            url=f"https://news.example/politics/{n}.html",
            urls=[],
            fetched_at=SEEN,
            title=title,
            body=BODY.format(n=n),
            word_count=len(BODY.split()),
            content_hash=f"hash-{n}",
        )
        for n, title in enumerate(TITLES)
    ]
    with psycopg.connect(db.info.dsn) as conn:
        store_articles(conn, rows, run_id=None)
        conn.commit()
    db.execute("UPDATE articles SET first_seen_at = %s", (SEEN,))
    targets = sorted(since_plan(db, "local_news", since=SEEN, limit=10), key=lambda t: t.id)
    now = datetime.now(UTC)
    for target, reason in zip(
        targets[:2], (GoneReason.HTTP_410, GoneReason.REDIRECT_HOME), strict=True
    ):
        status = 410 if reason is GoneReason.HTTP_410 else 200
        first = settle(
            target,
            Finding(Outcome.GONE, status, reason),
            url=target.url,
            now=now - timedelta(hours=1),
            confirm_seconds=3600,
            days=14,
        )
        record_checks(db, [first], run_id=None)
        (pending,) = [
            t for t in since_plan(db, "local_news", since=SEEN, limit=10) if t.id == target.id
        ]
        record_checks(
            db,
            [
                settle(
                    pending,
                    Finding(Outcome.GONE, status, reason),
                    url=target.url,
                    now=now,
                    confirm_seconds=3600,
                    days=14,
                )
            ],
            run_id=None,
        )
    third = targets[2]
    record_checks(
        db,
        [
            settle(
                third,
                Finding(Outcome.UNCHANGED, 304),
                url=third.url,
                now=now,
                confirm_seconds=3600,
                days=14,
            )
        ],
        run_id=None,
    )
    return targets


def test_gone_export_and_search_show_only_the_takedowns(
    db: psycopg.Connection, db_url: str
) -> None:
    targets = fill(db)
    env = {"DATABASE_URL": db_url}
    listed = polwire("gone", "--format", "json", env=env)
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert [(r["id"], r["title"], r["gone_reason"]) for r in rows] == [
        (targets[1].id, TITLES[1], "redirect_home"),
        (targets[0].id, TITLES[0], "http_410"),
    ]
    assert all(r["source"] == "local_news" and r["gone_at"] for r in rows)
    assert (
        json.loads(polwire("gone", "--source", "other", "--format", "json", env=env).stdout) == []
    )
    assert json.loads(polwire("gone", "--since", "1d", "--format", "json", env=env).stdout) == rows

    exported = polwire("export", "--gone", env=env)
    assert exported.returncode == 0, exported.stderr
    lines = [json.loads(line) for line in exported.stdout.splitlines()]
    assert sorted((r["title"], r["gone_reason"]) for r in lines) == [
        (TITLES[0], "http_410"),
        (TITLES[1], "redirect_home"),
    ]
    everything = [json.loads(line) for line in polwire("export", env=env).stdout.splitlines()]
    assert len(everything) == 3 and "gone_at" not in everything[0]

    found = polwire("search", "election", "--gone", "--format", "json", env=env)
    assert found.returncode == 0, found.stderr
    assert sorted(r["id"] for r in json.loads(found.stdout)) == [targets[0].id, targets[1].id]
    every = json.loads(polwire("search", "election", "--format", "json", env=env).stdout)
    assert len(every) == 3


def test_dashboard_pages_api_and_metrics(
    db: psycopg.Connection, db_url: str, tmp_path: Path
) -> None:
    targets = fill(db)
    env = {"DATABASE_URL": db_url, "POLWIRE_HOME": str(tmp_path / "home")}
    with polwire_web(env, tmp_path) as web:
        page = request(web.base_url + "/gone")
        api = request(web.base_url + "/api/gone?source=local_news")
        article = request(web.base_url + f"/articles/{targets[0].id}")
        article_api = request(web.base_url + f"/api/articles/{targets[0].id}")
        kept = request(web.base_url + f"/articles/{targets[2].id}")
        bad = request(web.base_url + "/api/gone?since=whenever")
        metrics = request(web.base_url + "/metrics").text
    assert page.status == 200 and TITLES[0] in page.text and "redirect_home" in page.text
    assert TITLES[2] not in page.text
    assert api.status == 200
    assert [(r["id"], r["gone_reason"]) for r in api.json()] == [
        (targets[1].id, "redirect_home"),
        (targets[0].id, "http_410"),
    ]
    assert article.status == 200 and "Taken down" in article.text and "http_410" in article.text
    detail = article_api.json()
    assert detail["gone_reason"] == "http_410" and detail["gone_at"]
    assert [(c["outcome"], c["confirmed"], c["http_status"]) for c in detail["checks"]] == [
        ("gone", True, 410),
        ("gone", False, 410),
    ]
    assert kept.status == 200 and "Taken down" not in kept.text and "unchanged" in kept.text
    assert bad.status == 400 and "since" in bad.text
    families = {f.name: f for f in text_string_to_metric_families(metrics)}
    assert {
        (s.labels["source"], s.labels["reason"]): s.value
        for s in families["polwire_articles_gone_total"].samples
    } == {("local_news", "http_410"): 1.0, ("local_news", "redirect_home"): 1.0}
    assert {
        s.labels["outcome"]: s.value
        for s in families["polwire_watch_checks"].samples
        if s.name == "polwire_watch_checks_total"
    } == {"gone": 4.0, "unchanged": 1.0}


def test_more_takedowns_than_allowed_in_a_day_alert_once(db: psycopg.Connection) -> None:
    fill(db)  # two takedowns confirmed today
    now = datetime.now(UTC)
    with WebhookServer() as hook:
        config = AlertsConfig(webhook_url=hook.url)
        assert alert_takedowns(db, "local_news", limit=2, config=config, now=now) is None
        sent = alert_takedowns(db, "local_news", limit=1, config=config, now=now)
        again = alert_takedowns(db, "local_news", limit=1, config=config, now=now)
        other = alert_takedowns(db, "other_source", limit=0, config=config, now=now)
    assert sent is not None and again is None and other is None
    assert hook.bodies == [sent]
    assert (sent["event"], sent["source"], sent["gone"], sent["limit"]) == (
        "polwire.takedowns",
        "local_news",
        2,
        1,
    )
    assert sent["day"] == now.date().isoformat()
