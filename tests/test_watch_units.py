"""The watch's parts on their own: the revisit plan, what a response says of a stored article,
the confirmation of takedowns and returns, the watch jobs of the scheduler, the summary line,
and the due plan as stored (time injected, real PostgreSQL)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler

from crawler.sources.model import Source
from crawler.watch.plan import next_due
from crawler.watch.verdict import (
    Finding,
    GoneReason,
    Outcome,
    PageText,
    read_page,
    read_status,
    settle,
)
from polwire.config import SchedulerConfig
from polwire.runs.result import RunResult
from polwire.storage.engine import create_engine
from polwire.storage.sql import query
from polwire.storage.watch import WatchTarget, due_plan, record_checks, since_plan
from scheduler.jobs import (
    CRAWL_EXECUTOR,
    CRAWL_JOBSTORE,
    WATCH_JOB_FUNC,
    crawl_job_specs,
    sync_jobs,
    watch_job_specs,
)

SEEN = datetime(2025, 11, 1, 8, 0, tzinfo=UTC)
BODY = (
    "The cabinet approved the draft budget on Friday after a week of talks with the ruling "
    "coalition's junior partner, which had demanded more spending on childcare. The finance "
    "minister said the plan keeps the deficit target. Opposition parties called it a "
    "pre-election giveaway and promised to fight it in the lower house next month."
)
TARGET = WatchTarget(
    id=7,
    url="https://news.example/politics/budget.html",
    title="Cabinet approves draft budget",
    content_hash="hash-a",
    body_head=BODY,
    word_count=len(BODY.split()),
    etag='"abc"',
    last_modified=None,
    first_seen_at=SEEN,
    gone_at=None,
    gone_reason=None,
    watch_suspect_at=None,
    watch_suspect_reason=None,
)


def page(title: str | None, body: str | None, digest: str | None = "hash-b") -> PageText:
    return PageText(title, body, digest, len((body or "").split()), bool(title and body))


@pytest.mark.parametrize(
    ("age", "expected"),
    [
        (timedelta(0), timedelta(hours=1)),
        (timedelta(minutes=59), timedelta(hours=1)),
        (timedelta(hours=1), timedelta(hours=6)),
        (timedelta(hours=7), timedelta(days=1)),
        (timedelta(days=2), timedelta(days=3)),
        (timedelta(days=3, minutes=1), timedelta(days=7)),
        (timedelta(days=8), timedelta(days=14)),
    ],
)
def test_revisits_decay_with_age(age: timedelta, expected: timedelta) -> None:
    assert next_due(SEEN, SEEN + age, days=14) == SEEN + expected


def test_watching_ends_after_the_configured_days() -> None:
    assert next_due(SEEN, SEEN + timedelta(days=14), days=14) is None
    assert next_due(SEEN, SEEN + timedelta(days=2), days=2) is None  # 3 d is past 2 d
    # Watched longer than the plan's last step: every 14 days.
    assert next_due(SEEN, SEEN + timedelta(days=15), days=60) == SEEN + timedelta(days=28)
    assert next_due(SEEN, SEEN + timedelta(days=50), days=60) == SEEN + timedelta(days=56)


@pytest.mark.parametrize(
    ("status", "outcome", "detail"),
    [
        (304, Outcome.UNCHANGED, None),
        (404, Outcome.GONE, GoneReason.HTTP_404),
        (410, Outcome.GONE, GoneReason.HTTP_410),
        (451, Outcome.GONE, GoneReason.HTTP_451),
        (401, Outcome.WALLED, None),
        (403, Outcome.WALLED, None),
    ],
)
def test_statuses_that_say_it_all(status: int, outcome: Outcome, detail: str | None) -> None:
    assert read_status(status) == Finding(outcome, status, detail)


@pytest.mark.parametrize("status", [200, 500, 503])
def test_other_statuses_need_the_page_or_are_errors(status: int) -> None:
    assert read_status(status) is None


def test_the_same_text_is_unchanged() -> None:
    found = read_page(
        TARGET, page(TARGET.title, BODY, "hash-a"), status=200, min_words=40, final_url=None
    )
    assert found == Finding(Outcome.UNCHANGED, 200)


def test_a_rewritten_paragraph_is_an_edit() -> None:
    edited = BODY.replace("next month", "after the summer recess, its leader said")
    found = read_page(TARGET, page(TARGET.title, edited), status=200, min_words=40, final_url=None)
    assert found == Finding(Outcome.EDITED, 200)


def test_a_new_headline_on_the_same_text_is_an_edit() -> None:
    found = read_page(
        TARGET,
        page("Cabinet approves record budget", BODY, "hash-a"),
        status=200,
        min_words=40,
        final_url=None,
    )
    assert found.outcome is Outcome.EDITED


def test_the_lead_under_the_headline_and_nothing_more_is_a_wall() -> None:
    teaser = " ".join(BODY.split()[:25]) + " Subscribe to read the full story."
    found = read_page(TARGET, page(TARGET.title, teaser), status=200, min_words=40, final_url=None)
    assert found == Finding(Outcome.WALLED, 200)


def test_a_short_text_under_another_headline_is_a_removal_notice() -> None:
    notice = page("This article has been removed", "This article is no longer available.")
    found = read_page(TARGET, notice, status=200, min_words=40, final_url=None)
    assert found == Finding(Outcome.GONE, 200, GoneReason.REMOVAL_NOTICE)


def test_an_empty_template_is_a_removal_notice() -> None:
    found = read_page(TARGET, page(None, None, None), status=200, min_words=40, final_url=None)
    assert found == Finding(Outcome.GONE, 200, GoneReason.REMOVAL_NOTICE)


def test_a_redirect_to_the_same_article_is_a_move_and_to_another_page_a_takedown() -> None:
    new_url = "https://news.example/2025/11/cabinet-budget"
    moved = read_page(
        TARGET, page(TARGET.title, BODY, "hash-a"), status=200, min_words=40, final_url=new_url
    )
    assert moved == Finding(Outcome.MOVED, 200, final_url=new_url)
    # The same article, lightly edited at its new address, is still the same article.
    retouched = BODY + " The vote is set for March."
    assert (
        read_page(
            TARGET, page(TARGET.title, retouched), status=200, min_words=40, final_url=new_url
        )
        == moved
    )
    section = "https://news.example/politics/"
    listing = page(
        "Politics", "Cabinet approves draft budget. Lawmakers debate pension reform. " * 8
    )
    found = read_page(TARGET, listing, status=200, min_words=40, final_url=section)
    assert found == Finding(Outcome.GONE, 200, GoneReason.REDIRECT_SECTION, section)


NOW = SEEN + timedelta(days=2)
GONE_404 = Finding(Outcome.GONE, 404, GoneReason.HTTP_404)


def check(target: WatchTarget, finding: Finding, now: datetime = NOW, confirm: int = 3600):  # type: ignore[no-untyped-def]
    return settle(target, finding, url=target.url, now=now, confirm_seconds=confirm, days=14)


def after(target: WatchTarget, record) -> WatchTarget:  # type: ignore[no-untyped-def]
    return replace(
        target,
        gone_at=record.gone_at,
        gone_reason=record.gone_reason,
        watch_suspect_at=record.suspect_at,
        watch_suspect_reason=record.suspect_reason,
    )


def test_a_takedown_is_confirmed_by_a_second_check_after_confirm_seconds() -> None:
    first = check(TARGET, GONE_404)
    assert (first.outcome, first.confirmed, first.gone_at) == ("gone", False, None)
    assert (first.suspect_at, first.suspect_reason) == (NOW, "http_404")
    assert first.due_at == NOW + timedelta(hours=1)  # the confirmation comes before day 3
    too_soon = check(after(TARGET, first), GONE_404, NOW + timedelta(minutes=30))
    assert (too_soon.confirmed, too_soon.gone_at, too_soon.suspect_at) == (False, None, NOW)
    second = check(after(TARGET, first), GONE_404, NOW + timedelta(hours=1))
    assert (second.outcome, second.confirmed) == ("gone", True)
    assert (second.gone_at, second.gone_reason, second.suspect_at) == (NOW, "http_404", None)
    again = check(after(TARGET, second), GONE_404, NOW + timedelta(days=1))
    assert (again.outcome, again.confirmed, again.gone_at) == ("gone", False, NOW)


def test_an_error_never_confirms_nor_clears_a_takedown() -> None:
    first = check(TARGET, GONE_404)
    error = check(
        after(TARGET, first), Finding(Outcome.ERROR, 503, "http_503"), NOW + timedelta(hours=2)
    )
    assert (error.outcome, error.detail, error.http_status) == ("error", "http_503", 503)
    assert (error.gone_at, error.suspect_at) == (None, NOW)
    plain = check(TARGET, Finding(Outcome.ERROR, None, "TimeoutError"))
    assert (plain.gone_at, plain.suspect_at, plain.http_status) == (None, None, None)


def test_the_page_answering_again_clears_a_first_sighting() -> None:
    first = check(TARGET, GONE_404)
    seen = check(after(TARGET, first), Finding(Outcome.UNCHANGED, 304), NOW + timedelta(hours=2))
    assert (seen.outcome, seen.suspect_at, seen.gone_at) == ("unchanged", None, None)


def test_a_gone_article_that_answers_is_back() -> None:
    gone = replace(TARGET, gone_at=NOW, gone_reason="http_404")
    back = check(gone, Finding(Outcome.EDITED, 200))
    assert (back.outcome, back.detail, back.gone_at, back.gone_reason) == (
        "back",
        "edited",
        None,
        None,
    )
    walled = check(gone, Finding(Outcome.WALLED, 403))
    assert (walled.outcome, walled.gone_at) == ("walled", NOW)


def test_a_move_records_the_new_url() -> None:
    moved = check(TARGET, Finding(Outcome.MOVED, 200, final_url="https://news.example/new"))
    assert (moved.outcome, moved.moved_to, moved.final_url) == (
        "moved",
        "https://news.example/new",
        "https://news.example/new",
    )


def test_watch_jobs_run_daily_off_the_crawls_hour() -> None:
    config = SchedulerConfig(default_cron="0 2 * * *", timezone="Asia/Tokyo")
    specs = watch_job_specs(
        [
            Source(name="nightly"),
            Source(name="late", cron="15 23 * * *"),
            Source(name="often", every_seconds=60),
            Source(name="own", watch_cron="0 5 * * 1"),
            Source(name="off", enabled=False),
        ],
        config,
        now=SEEN,
    )
    assert [(s.job_id, s.source, s.schedule, s.kind) for s in specs] == [
        ("watch-nightly", "nightly", "cron 30 14 * * * Asia/Tokyo", "watch"),
        ("watch-late", "late", "cron 30 11 * * * Asia/Tokyo", "watch"),
        ("watch-often", "often", "cron 30 14 * * * Asia/Tokyo", "watch"),
        ("watch-own", "own", "cron 0 5 * * 1 Asia/Tokyo", "watch"),
    ]


def test_sync_stores_crawl_and_watch_jobs_side_by_side(db_url: str) -> None:
    store = SQLAlchemyJobStore(engine=create_engine(db_url), tablename="scheduler_jobs")
    sched = BackgroundScheduler(
        jobstores={CRAWL_JOBSTORE: store}, executors={CRAWL_EXECUTOR: {"type": "threadpool"}}
    )
    sched.start(paused=True)
    later = datetime(2099, 1, 1, tzinfo=UTC)
    sources = [Source(name="a")]
    config = SchedulerConfig()
    specs = crawl_job_specs(sources, config, now=later) + watch_job_specs(
        sources, config, now=later
    )
    report = sync_jobs(sched, specs, now=later)
    assert report.added == ["a", "watch-a"]
    job = sched.get_job("watch-a")
    assert (job.func_ref, job.args, job.name) == (WATCH_JOB_FUNC, ("a",), "watch a")
    report = sync_jobs(sched, specs, now=later)
    assert report.kept == ["a", "watch-a"]
    sched.pause()


def test_the_summary_line_counts_each_outcome() -> None:
    result = {
        "source": "local_news",
        "status": "succeeded",
        "run_id": 12,
        "log_path": "/logs/x.log",
        "duration_seconds": 3.25,
        "items_stored": 0,
        "watch": {
            "checked": 40,
            "unchanged": 18,
            "edited": 5,
            "moved": 2,
            "gone": 12,
            "awaiting_confirmation": 12,
            "error": 3,
        },
    }
    line = RunResult.from_report(result)
    line.kind = "watch"
    assert line.summary_line() == (
        "local_news: checked 40, unchanged 18, edited 5, moved 2, gone 0, back 0, errors 3; "
        "12 gone awaiting confirmation; succeeded in 3.2s; run 12, log /logs/x.log"
    )


def insert_article(db: psycopg.Connection, n: int, first_seen: datetime, source: str = "s") -> int:
    row = db.execute(
        "INSERT INTO articles (source, url, title, body, content_hash, first_seen_at)"
        " VALUES (%s, %s, %s, %s, %s, %s) RETURNING id",
        (source, f"https://s.example/{n}", f"T{n}", "body " * 50, f"h{n}", first_seen),
    ).fetchone()
    assert row is not None
    return int(row[0])


def test_the_due_plan_comes_from_the_index_most_overdue_first(db: psycopg.Connection) -> None:
    """A stored article enters the plan (due an hour after it was first seen) by itself."""
    old = insert_article(db, 1, SEEN)
    new = insert_article(db, 2, SEEN + timedelta(hours=3))
    insert_article(db, 3, SEEN, source="other")
    assert [t.id for t in due_plan(db, "s", now=SEEN + timedelta(hours=2), limit=10)] == [old]
    assert [t.id for t in due_plan(db, "s", now=SEEN + timedelta(hours=5), limit=10)] == [old, new]
    assert [t.id for t in due_plan(db, "s", now=SEEN + timedelta(hours=5), limit=1)] == [old]
    assert [t.id for t in since_plan(db, "s", since=SEEN + timedelta(hours=1), limit=10)] == [new]
    # A check moves the article along its plan.
    target = due_plan(db, "s", now=SEEN + timedelta(hours=2), limit=1)[0]
    record = settle(
        target,
        Finding(Outcome.UNCHANGED, 304),
        url=target.url,
        now=SEEN + timedelta(hours=2),
        confirm_seconds=3600,
        days=14,
    )
    record_checks(db, [record], run_id=None)
    assert [t.id for t in due_plan(db, "s", now=SEEN + timedelta(hours=5), limit=10)] == [new]
    assert db.execute(
        "SELECT due_at FROM article_watch WHERE article_id = %s", (old,)
    ).fetchone() == (SEEN + timedelta(hours=6),)
    # Nothing but the plan's row was written for an unchanged page.
    assert db.execute(
        "SELECT gone_at, gone_reason FROM articles WHERE id = %s", (old,)
    ).fetchone() == (
        None,
        None,
    )
    db.execute("SET enable_seqscan = off")  # a tiny table: the planner would scan it whole
    plan = db.execute(
        b"EXPLAIN " + query("watch_plan_due"),
        {"source": "s", "now": SEEN, "limit": 10, "head_chars": 10},
    ).fetchall()
    assert "article_watch_due" in " ".join(str(r[0]) for r in plan)
