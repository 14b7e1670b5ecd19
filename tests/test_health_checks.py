"""Health checks: each run judged against its source's own history, stored with the run."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
import pytest
from psycopg.types.json import Jsonb

from polwire.config import Config, ConfigError, HealthConfig, parse_config
from polwire.monitoring.health import CheckName, evaluate_run
from polwire.monitoring.run_summary import run_summary

START = datetime(2025, 11, 1, 2, 0, tzinfo=UTC)


def stats(
    *,
    responses: dict[int, int] | None = None,
    stored: int = 20,
    coverage: dict[str, int] | None = None,
    items: int | None = None,
    drops: dict[str, int] | None = None,
    errors: dict[str, int] | None = None,
    discovered: int = 30,
    skipped: int = 0,
) -> dict[str, Any]:
    responses = responses if responses is not None else {200: 25}
    out: dict[str, Any] = {
        "downloader/request_count": sum(responses.values()),
        "downloader/response_count": sum(responses.values()),
        "downloader/response_bytes": 1000 * sum(responses.values()),
        "polwire/items_stored": stored,
        "polwire/discovery/feed_entries": discovered,
        "polwire/incremental/skipped_known": skipped,
        "item_dropped_count": sum((drops or {}).values()),
    }
    for code, count in responses.items():
        out[f"downloader/response_status_count/{code}"] = count
    coverage_items = stored if items is None else items
    out["polwire/coverage/items"] = coverage_items
    for name, count in (coverage or {}).items():
        out[f"polwire/coverage/{name}"] = count
    for reason, count in (drops or {}).items():
        out[f"item_dropped_reasons_count/{reason}"] = count
    for kind, count in (errors or {}).items():
        out[f"polwire/errors/{kind}"] = count
    out["summary"] = run_summary(out)
    return out


def check(health: dict[str, Any], name: CheckName) -> dict[str, Any]:
    """The check called ``name`` in a stored verdict."""
    found: dict[str, Any] = next(c for c in health["checks"] if c["name"] == name)
    return found


def add_run(
    db: psycopg.Connection[tuple[object, ...]],
    *,
    source: str = "nightly_news",
    minutes: float = 2.0,
    status: str = "succeeded",
    finish_reason: str = "finished",
    run_stats: dict[str, Any] | None = None,
    day: int = 0,
) -> int:
    run_stats = run_stats if run_stats is not None else stats(coverage=FULL)
    started = START + timedelta(days=day)
    summary = run_stats.get("summary") or run_summary(run_stats)
    errors = sum(summary["errors_by_type"].values())
    row = db.execute(
        "INSERT INTO crawl_runs (source, started_at, finished_at, status, items_stored,"
        " items_dropped, errors, stats, finish_reason)"
        " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING id",
        (
            source,
            started,
            started + timedelta(minutes=minutes),
            status,
            summary["items"]["stored"],
            summary["items"]["dropped"],
            errors,
            Jsonb(run_stats),
            finish_reason,
        ),
    ).fetchone()
    assert row is not None
    return int(row[0])


FULL = {"title": 20, "published": 20, "authors": 18, "section": 19, "body": 20}


def history(db: psycopg.Connection[tuple[object, ...]], runs: int = 4) -> None:
    for day in range(runs):
        add_run(db, day=day)


def verdict(db_url: str, run_id: int, config: Config | None = None) -> dict[str, Any]:
    with psycopg.connect(db_url) as conn:
        return evaluate_run(conn, run_id, config, alert=False)


def failing(health: dict[str, Any]) -> dict[str, str]:
    return {c["name"]: c["status"] for c in health["checks"] if c["status"] != "ok"}


def test_a_run_like_the_previous_ones_is_ok_and_stored(db_url: str, db: psycopg.Connection) -> None:
    history(db)
    run_id = add_run(db, day=10)
    health = verdict(db_url, run_id)
    assert health["status"] == "ok", health
    assert health["history_runs"] == 4
    stored = db.execute("SELECT health FROM crawl_runs WHERE id = %s", (run_id,)).fetchone()
    assert stored is not None and stored[0]["status"] == "ok"
    assert [c["name"] for c in stored[0]["checks"]] == [
        "reachable",
        "finish_reason",
        "items",
        "http_errors",
        "errors",
        "coverage",
        "duration",
    ]


def test_layout_change_shows_as_coverage_below_the_trailing_median(
    db_url: str, db: psycopg.Connection
) -> None:
    history(db)
    broken = stats(coverage={"title": 20, "published": 20, "authors": 0, "section": 19, "body": 8})
    health = verdict(db_url, add_run(db, day=10, run_stats=broken))
    assert failing(health) == {"coverage": "critical"}
    check = next(c for c in health["checks"] if c["name"] == "coverage")
    assert check["value"]["authors"] == 0.0
    assert check["expected"]["authors"] == 0.9
    assert "authors 0% (usually 90%)" in check["message"]
    assert "body 40% (usually 100%)" in check["message"]


def test_pages_that_stop_being_articles_fall_under_extracted_share(
    db_url: str, db: psycopg.Connection
) -> None:
    history(db)
    run = stats(
        stored=3,
        coverage={"title": 3, "published": 3, "authors": 3, "section": 3, "body": 3},
        drops={"NotAnArticle": 17},
    )
    health = verdict(db_url, add_run(db, day=10, run_stats=run))
    assert failing(health) == {"coverage": "critical"}
    assert "extracted 15% (usually 100%)" in check(health, CheckName.COVERAGE)["message"]


def test_no_items_from_a_source_that_usually_has_some_is_critical(
    db_url: str, db: psycopg.Connection
) -> None:
    history(db)
    empty = stats(stored=0, coverage={}, discovered=0, responses={200: 2})
    health = verdict(db_url, add_run(db, day=10, run_stats=empty))
    assert failing(health) == {"items": "critical"}
    assert "discovery found no article links" in check(health, CheckName.ITEMS)["message"]
    assert "usually yields 20" in check(health, CheckName.ITEMS)["message"]


def test_an_incremental_run_with_nothing_new_is_ok(db_url: str, db: psycopg.Connection) -> None:
    history(db)
    quiet = stats(stored=0, coverage={}, skipped=30, responses={200: 2})
    health = verdict(db_url, add_run(db, day=10, run_stats=quiet))
    assert health["status"] == "ok", health
    assert check(health, CheckName.ITEMS)["message"] == "nothing new: 30 known URLs skipped"


def test_error_and_non_2xx_ratios_over_thresholds(db_url: str, db: psycopg.Connection) -> None:
    history(db)
    some = stats(responses={200: 20, 404: 2, 503: 1}, errors={"http_404": 2, "http_503": 1})
    health = verdict(db_url, add_run(db, day=10, run_stats=some))
    assert failing(health) == {"errors": "warning"}  # 3 of 23: over 10%, under 20% of HTTP
    most = stats(responses={200: 5, 500: 20}, errors={"http_500": 20})
    health = verdict(db_url, add_run(db, day=11, run_stats=most))
    assert failing(health) == {"http_errors": "critical", "errors": "critical"}
    assert health["status"] == "critical"
    # Thresholds come from the [health] table of the config.
    lenient = parse_config(
        {"health": {"http_error_ratio_critical": 0.9, "error_ratio_critical": 1}}
    )
    assert lenient.health.error_ratio_critical == 1.0
    health = verdict(db_url, add_run(db, day=12, run_stats=most), lenient)
    assert failing(health) == {"http_errors": "warning", "errors": "warning"}


def test_a_missing_robots_txt_is_not_an_http_error(db_url: str, db: psycopg.Connection) -> None:
    run = stats(responses={200: 10, 404: 1})
    run["robotstxt/response_status_count/404"] = 1
    health = verdict(db_url, add_run(db, run_stats=run))
    assert check(health, CheckName.HTTP_ERRORS)["message"] == "0 of 10 responses were 4xx/5xx (0%)"


def test_a_run_whose_every_request_failed_to_connect_is_critical(
    db_url: str, db: psycopg.Connection
) -> None:
    """No history needed: a site that answered nothing is unreachable."""
    run = stats(responses={}, stored=0, discovered=0, errors={"DNSLookupError": 3})
    run["downloader/request_count"] = 3
    health = verdict(db_url, add_run(db, run_stats=run))
    assert health["status"] == "critical"
    assert check(health, CheckName.REACHABLE) | {"message": None} == {
        "name": "reachable",
        "status": "critical",
        "message": None,
        "value": 0,
        "expected": "at least one response",
    }
    assert check(health, CheckName.REACHABLE)["message"] == (
        "site unreachable: none of 3 requests sent (3 URLs, retries included) got an answer "
        "(DNSLookupError 3)"
    )
    # The control: one answer (even a robots.txt 404) and the site is reachable.
    run["downloader/response_count"] = 1
    run["robotstxt/response_status_count/404"] = 1
    health = verdict(db_url, add_run(db, day=1, run_stats=run))
    assert check(health, CheckName.REACHABLE)["status"] == "ok"


def test_a_run_far_longer_than_usual_is_a_warning(db_url: str, db: psycopg.Connection) -> None:
    history(db)
    health = verdict(db_url, add_run(db, day=10, minutes=30))
    assert failing(health) == {"duration": "warning"}
    assert "far longer than the usual 120s" in check(health, CheckName.DURATION)["message"]
    # Under duration_factor_warning (3) times the usual 2 minutes: as usual.
    assert verdict(db_url, add_run(db, day=11, minutes=3.9))["status"] == "ok"


@pytest.mark.parametrize(
    ("status", "reason", "expected"),
    [
        ("failed", "shutdown_error", "critical"),
        ("aborted", "shutdown", "warning"),
        ("succeeded", "closespider_timeout", "warning"),
    ],
)
def test_finish_reason_other_than_finished(
    db_url: str, db: psycopg.Connection, status: str, reason: str, expected: str
) -> None:
    run_id = add_run(db, status=status, finish_reason=reason)
    health = verdict(db_url, run_id)
    assert failing(health)["finish_reason"] == expected
    assert check(health, CheckName.FINISH_REASON)["value"] == reason


def test_history_only_counts_earlier_successful_runs_of_the_same_source(
    db_url: str, db: psycopg.Connection
) -> None:
    history(db, runs=2)
    add_run(db, day=3, status="failed", finish_reason="shutdown_error")
    add_run(db, source="other_news", day=4)
    run_id = add_run(db, day=5)
    add_run(db, day=6)  # a later run is not history of run_id
    assert verdict(db_url, run_id)["history_runs"] == 2


def test_health_config_rejects_unknown_keys() -> None:
    with pytest.raises(ConfigError, match=r"unknown key health.error_ratio \(did you mean"):
        parse_config({"health": {"error_ratio": 0.3}})
    assert HealthConfig().min_history_runs == 3


# --- each check's message names the numbers it prints ------------------------------------


def test_reachable_says_how_many_requests_got_an_answer(
    db_url: str, db: psycopg.Connection
) -> None:
    health = verdict(db_url, add_run(db, run_stats=stats(responses={200: 9, 404: 1})))
    assert check(health, CheckName.REACHABLE)["message"] == "10 of 10 requests sent got an answer"


def test_unreachable_counts_urls_and_tries_apart(db_url: str, db: psycopg.Connection) -> None:
    """9 tries of 3 URLs (each retried twice): the errors check counts the same 3 URLs."""
    run = stats(responses={}, stored=0, discovered=0, errors={"DNSLookupError": 2})
    run["downloader/request_count"] = 9
    run["retry/count"] = 6
    run["summary"] = run_summary(run)
    health = verdict(db_url, add_run(db, run_stats=run))
    assert check(health, CheckName.REACHABLE)["message"] == (
        "site unreachable: none of 9 requests sent (3 URLs, retries included) got an answer "
        "(DNSLookupError 2)"
    )
    # Not "2 of 9 requests failed": with no answer at all, every URL failed.
    assert check(health, CheckName.ERRORS)["message"] == (
        "3 of 3 URLs requested failed: too few to judge (under 5)"
    )


def test_too_few_responses_prints_the_errors_not_the_total(
    db_url: str, db: psycopg.Connection
) -> None:
    health = verdict(db_url, add_run(db, run_stats=stats(responses={200: 1})))
    assert check(health, CheckName.HTTP_ERRORS)["message"] == (
        "0 of 1 responses were 4xx/5xx: too few to judge (under 5)"
    )


def test_http_errors_and_errors_messages_give_the_share_and_the_limit(
    db_url: str, db: psycopg.Connection
) -> None:
    most = stats(responses={200: 5, 500: 20}, errors={"http_500": 20})
    health = verdict(db_url, add_run(db, run_stats=most))
    assert check(health, CheckName.HTTP_ERRORS)["message"] == (
        "20 of 25 responses were 4xx/5xx (80%), at or over 50%"
    )
    assert check(health, CheckName.ERRORS)["message"] == (
        "20 of 25 URLs requested failed (80%), at or over 50%"
    )


def test_items_message_names_why_there_are_none(db_url: str, db: psycopg.Connection) -> None:
    failed = stats(stored=0, coverage={}, responses={200: 4, 500: 6}, errors={"http_500": 6})
    health = verdict(db_url, add_run(db, run_stats=failed))
    assert check(health, CheckName.ITEMS)["message"] == (
        "no articles (6 of 10 URLs requested failed)"
    )
    assert (
        check(
            verdict(db_url, add_run(db, day=1, run_stats=stats(stored=7, coverage=FULL))),
            CheckName.ITEMS,
        )["message"]
        == "7 articles"
    )


def test_finish_reason_message_names_status_and_reason(db_url: str, db: psycopg.Connection) -> None:
    reason = "no response: none of 6 requests got an answer"
    health = verdict(db_url, add_run(db, status="failed", finish_reason=reason))
    assert check(health, CheckName.FINISH_REASON)["message"] == (
        f"run failed: finish reason {reason!r}, not 'finished'"
    )
    ok = verdict(db_url, add_run(db, day=1))
    assert check(ok, CheckName.FINISH_REASON)["message"] == "finished"


def test_coverage_and_duration_messages_without_history(
    db_url: str, db: psycopg.Connection
) -> None:
    health = verdict(db_url, add_run(db))
    assert check(health, CheckName.COVERAGE)["message"] == "as usual"
    assert check(health, CheckName.DURATION)["message"] == "no history to compare"
    history(db)
    health = verdict(db_url, add_run(db, day=10))
    assert check(health, CheckName.DURATION)["message"] == "120s"
