"""Health checks run after every crawl: each run is judged against its source's own history.

A verdict is stored with the run as ``crawl_runs.health``::

    {"status": "ok" | "warning" | "critical",
     "checks": [{"name": ..., "status": ..., "message": ..., "value": ..., "expected": ...}],
     "history_runs": N, "evaluated_at": ISO-8601}

and a warning or critical verdict is passed to the alerts (monitoring/alerts.py).
"""

from __future__ import annotations

import logging
import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from polwire.config import Config, HealthConfig
from polwire.core import stat_keys
from polwire.core.reasons import EXTRACTION_DROPS
from polwire.monitoring.run_summary import run_summary
from polwire.storage.health import Connection, run_history, store_health
from polwire.storage.runs import CrawlRun, get_run

logger = logging.getLogger(__name__)

_RANK = {"ok": 0, "warning": 1, "critical": 2}
# Fields whose coverage falls when a layout change breaks extraction (wire and countries
# depend on the news of the day, not on the page's markup).
COVERAGE_FIELDS = ("title", "published", "authors", "section", "body")


class CheckName(StrEnum):
    """The health checks, by the name each is stored under in ``crawl_runs.health``."""

    REACHABLE = "reachable"
    FINISH_REASON = "finish_reason"
    ITEMS = "items"
    HTTP_ERRORS = "http_errors"
    ERRORS = "errors"
    COVERAGE = "coverage"
    DURATION = "duration"


@dataclass(slots=True, kw_only=True)
class Check:
    name: CheckName
    status: str
    message: str
    value: Any = None
    expected: Any = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "status": self.status,
            "message": self.message,
            "value": self.value,
            "expected": self.expected,
        }


@dataclass(slots=True, kw_only=True)
class RunFigures:
    """What the checks need of one run, from its row and its stats summary."""

    status: str
    finish_reason: str | None
    duration: float | None
    attempts: int  # requests sent, retries included
    requests: int  # requests less their retries: the URLs asked for, robots.txt included
    answered: int  # responses of any kind to the attempts, robots.txt included
    responses: int  # responses to the site's pages (robots.txt left out)
    http_errors: int
    errors: int
    items: int  # stored, revised or already known: articles the crawl got
    dropped: int
    extraction_drops: int
    discovered: int
    skipped_known: int
    coverage_items: int
    coverage: dict[str, float] = field(default_factory=dict)
    errors_by_type: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, run: CrawlRun) -> RunFigures:
        summary = run_summary(run.stats)
        by_status = summary["responses_by_status"]
        robots = {
            key.rsplit("/", 1)[-1]: int(value)
            for key, value in run.stats.items()
            if key.startswith(stat_keys.ROBOTS_STATUS)
        }
        # A missing robots.txt (404) is normal and not an error of the site's articles.
        http_errors = sum(
            max(0, int(n) - robots.get(code, 0))
            for code, n in by_status.items()
            if code[:1] in ("4", "5")
        )
        items = summary["items"]
        drops = summary["dropped_by_reason"]
        return cls(
            status=run.status,
            finish_reason=run.finish_reason,
            duration=run.duration_seconds(),
            attempts=summary["requests"],
            requests=max(0, summary["requests"] - summary["retries"]),
            answered=summary["responses"],
            responses=max(0, summary["responses"] - sum(robots.values())),
            http_errors=http_errors,
            errors=run.errors,
            items=run.items_stored + run.items_duplicate + int(items["revised"]),
            dropped=run.items_dropped,
            extraction_drops=sum(int(drops.get(name, 0)) for name in EXTRACTION_DROPS),
            discovered=summary["discovered"],
            skipped_known=summary["skipped_known"],
            coverage_items=summary["coverage_items"],
            coverage=dict(summary["coverage"]),
            errors_by_type=dict(summary["errors_by_type"]),
        )

    def extracted_share(self) -> float | None:
        """Of the pages that reached extraction, the share that gave a valid article."""
        seen = self.coverage_items + self.extraction_drops
        return self.coverage_items / seen if seen else None


def worst(statuses: Iterable[str]) -> str:
    return max(statuses, key=lambda s: _RANK[s], default="ok")


def check_reachable(run: RunFigures) -> Check:
    """Critical when no request got any answer at all (DNS failures, refused or timed-out
    connections): the site is unreachable, whatever the source's history says."""
    if run.answered or not run.attempts:
        return Check(
            name=CheckName.REACHABLE,
            status="ok",
            message=f"{run.answered} of {run.attempts} requests sent got an answer",
            value=run.answered,
        )
    causes = ", ".join(f"{kind} {n}" for kind, n in sorted(run.errors_by_type.items()) if n)
    return Check(
        name=CheckName.REACHABLE,
        status="critical",
        message=f"site unreachable: none of {run.attempts} requests sent "
        f"({_urls(run.requests)}, retries included) got an answer"
        + (f" ({causes})" if causes else ""),
        value=0,
        expected="at least one response",
    )


def check_finish(run: RunFigures) -> Check:
    reason = run.finish_reason or "unknown"
    if reason == "finished" and run.status == "succeeded":
        return Check(name=CheckName.FINISH_REASON, status="ok", message="finished", value=reason)
    status = "critical" if run.status == "failed" else "warning"
    return Check(
        name=CheckName.FINISH_REASON,
        status=status,
        message=f"run {run.status}: finish reason {reason!r}, not 'finished'",
        value=reason,
        expected="finished",
    )


def _urls(count: int) -> str:
    return f"{count} URL" + ("" if count == 1 else "s")


@dataclass(slots=True, frozen=True)
class _Ratio:
    """A share of bad ones among ``total`` ``noun`` (they ``verb``), and its limits."""

    noun: str
    verb: str
    bad: int
    total: int


def _ratio_check(
    name: CheckName, ratio_of: _Ratio, warning: float, critical: float, minimum: int
) -> Check:
    counted = f"{ratio_of.bad} of {ratio_of.total} {ratio_of.noun} {ratio_of.verb}"
    if ratio_of.total < minimum:
        return Check(
            name=name,
            status="ok",
            message=f"{counted}: too few to judge (under {minimum})",
            value=None,
        )
    ratio = round(ratio_of.bad / ratio_of.total, 4)
    status = "critical" if ratio >= critical else "warning" if ratio >= warning else "ok"
    message = f"{counted} ({ratio:.0%})"
    if status != "ok":
        limit = critical if status == "critical" else warning
        message += f", at or over {limit:.0%}"
    return Check(name=name, status=status, message=message, value=ratio, expected=warning)


def check_http_errors(run: RunFigures, config: HealthConfig) -> Check:
    return _ratio_check(
        CheckName.HTTP_ERRORS,
        _Ratio("responses", "were 4xx/5xx", run.http_errors, run.responses),
        config.http_error_ratio_warning,
        config.http_error_ratio_critical,
        config.min_responses,
    )


def check_errors(run: RunFigures, config: HealthConfig) -> Check:
    # Failures are counted once a URL is given up (after its retries); with no answer at all,
    # every URL failed, robots.txt included, which the spider's error counts leave out.
    failed = run.errors if run.answered else max(run.requests, run.errors)
    return _ratio_check(
        CheckName.ERRORS,
        _Ratio("URLs requested", "failed", failed, max(run.requests, failed)),
        config.error_ratio_warning,
        config.error_ratio_critical,
        config.min_responses,
    )


def check_items(run: RunFigures, history: list[RunFigures]) -> Check:
    usual = statistics.median([h.items for h in history]) if history else None
    expected = None if usual is None else round(float(usual), 1)
    if run.items > 0:
        return Check(
            name=CheckName.ITEMS,
            status="ok",
            message=f"{run.items} articles",
            value=run.items,
            expected=expected,
        )
    if run.skipped_known and not run.dropped and not run.errors:
        return Check(
            name=CheckName.ITEMS,
            status="ok",
            message=f"nothing new: {run.skipped_known} known URLs skipped",
            value=0,
            expected=expected,
        )
    if run.dropped:
        why = f"all {run.dropped} pages fetched were dropped"
    elif run.discovered == 0:
        why = "discovery found no article links (feeds, sitemaps and sections empty or failing)"
    else:
        why = f"{run.errors} of {_urls(run.requests)} requested failed"
    usually = usual is not None and usual > 0
    return Check(
        name=CheckName.ITEMS,
        status="critical" if usually else "warning",
        message=f"no articles ({why})"
        + (f"; the source usually yields {expected}" if usually else ""),
        value=0,
        expected=expected,
    )


def check_coverage(run: RunFigures, history: list[RunFigures], config: HealthConfig) -> Check:
    """Each field's share against its trailing median: a layout change shows as a sudden fall."""
    current: dict[str, float] = {}
    past: dict[str, list[float]] = {}
    if run.coverage_items >= config.coverage_min_items:
        current = {f: run.coverage[f] for f in COVERAGE_FIELDS if f in run.coverage}
    share = run.extracted_share()
    if share is not None and run.coverage_items + run.extraction_drops >= config.coverage_min_items:
        current["extracted"] = share
    for h in history:
        if h.coverage_items >= config.coverage_min_items:
            for f in COVERAGE_FIELDS:
                if f in h.coverage:
                    past.setdefault(f, []).append(h.coverage[f])
        past_share = h.extracted_share()
        if past_share is not None and (
            h.coverage_items + h.extraction_drops >= config.coverage_min_items
        ):
            past.setdefault("extracted", []).append(past_share)
    findings: list[tuple[str, str, float, float]] = []
    for name, value in current.items():
        values = past.get(name, [])
        if len(values) < config.min_history_runs:
            continue
        median = float(statistics.median(values))
        fall = median - value
        if fall >= config.coverage_margin_critical:
            findings.append(("critical", name, value, median))
        elif fall >= config.coverage_margin_warning:
            findings.append(("warning", name, value, median))
    if not current:
        return Check(name=CheckName.COVERAGE, status="ok", message="too few articles to judge")
    values_now = {name: round(value, 3) for name, value in current.items()}
    if not findings:
        return Check(name=CheckName.COVERAGE, status="ok", message="as usual", value=values_now)
    return Check(
        name=CheckName.COVERAGE,
        status=worst(f[0] for f in findings),
        message="; ".join(
            f"{name} {value:.0%} (usually {median:.0%})" for _, name, value, median in findings
        )
        + ": has the site's layout changed?",
        value=values_now,
        expected={name: round(median, 3) for _, name, _, median in findings},
    )


def check_duration(run: RunFigures, history: list[RunFigures], config: HealthConfig) -> Check:
    past = [h.duration for h in history if h.duration is not None]
    if run.duration is None or len(past) < config.min_history_runs:
        return Check(name=CheckName.DURATION, status="ok", message="no history to compare")
    median = float(statistics.median(past))
    limit = max(median * config.duration_factor_warning, float(config.min_duration_seconds))
    value = round(run.duration, 1)
    if run.duration > limit:
        return Check(
            name=CheckName.DURATION,
            status="warning",
            message=f"{value:.0f}s, far longer than the usual {median:.0f}s",
            value=value,
            expected=round(median, 1),
        )
    return Check(
        name=CheckName.DURATION, status="ok", message=f"{value:.0f}s", value=value, expected=median
    )


def judge(run: CrawlRun, history: list[CrawlRun], config: HealthConfig) -> dict[str, Any]:
    """The verdict on ``run`` given the source's earlier successful runs (newest first)."""
    figures = RunFigures.of(run)
    past = [RunFigures.of(h) for h in history]
    checks = [
        check_reachable(figures),
        check_finish(figures),
        check_items(figures, past),
        check_http_errors(figures, config),
        check_errors(figures, config),
        check_coverage(figures, past, config),
        check_duration(figures, past, config),
    ]
    return {
        "status": worst(c.status for c in checks),
        "checks": [c.as_dict() for c in checks],
        "history_runs": len(history),
    }


def judge_watch(run: CrawlRun, config: HealthConfig) -> dict[str, Any]:
    """The verdict on a watch pass (``trigger = 'watch'``): it fetches pages it stored, so
    items and coverage say nothing; 404 and 410 are findings, not failures (the pass counts
    them), so only the site being reached and requests failing (5xx, timeouts) are judged."""
    figures = RunFigures.of(run)
    checks = [check_reachable(figures), check_finish(figures), check_errors(figures, config)]
    return {"status": worst(c.status for c in checks), "checks": [c.as_dict() for c in checks]}


def evaluate_run(
    conn: Connection,
    run_id: int,
    config: Config | None = None,
    *,
    alert: bool = True,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> dict[str, Any]:
    """Judge run ``run_id``, store the verdict in ``crawl_runs.health`` and return it.

    A warning or critical verdict is logged; a change of a source's state is sent to the
    configured alert channels (``config.alerts``), once per change.
    """
    config = config or Config()
    run = get_run(conn, run_id)
    if run is None:
        raise LookupError(f"no run {run_id}")
    if run.trigger == "watch":
        health = judge_watch(run, config.health)
    else:
        history = run_history(conn, run.source, run.id, config.health.history_runs)
        health = judge(run, history, config.health)
    health["evaluated_at"] = now().isoformat()
    store_health(conn, run.id, health)
    if health["status"] != "ok":
        failing = [c for c in health["checks"] if c["status"] != "ok"]
        logger.warning(
            "health %s for %s run %d: %s",
            health["status"],
            run.source,
            run.id,
            "; ".join(f"{c['name']}: {c['message']}" for c in failing),
        )
    if alert:
        from polwire.monitoring.alerts import notify

        notify(conn, run, health, config.alerts, now=now())
    return health
