"""Records every crawl as a crawl_runs row (opened as `running`, closed however the crawl ends)
and gives it its own log file under POLWIRE_HOME/logs/<source>/.

When PostgreSQL cannot be reached, the run record goes to the crawl's spool (see
storage.spool) together with its items, and the crawl goes on. When the spool cannot be
written either, the run cannot keep what it fetches: it stops before fetching, says so in one
line, and ends ``failed`` (polwire.core.reasons.STORAGE_LOST).
"""

from __future__ import annotations

import json
import logging
import os
import resource
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider

from crawler.log_shipping import RunLogShipper
from polwire.config import broker_url
from polwire.core import stat_keys
from polwire.core.reasons import STORAGE_LOST
from polwire.monitoring.run_summary import run_summary
from polwire.storage.connection import connect
from polwire.storage.errors import DatabaseUnavailable
from polwire.storage.runs import RunOutcome, finish_run, start_run
from polwire.storage.session import CrawlSession, KeepingImpossible, session_of
from polwire.storage.spool import SpoolWriter, finish_record

logger = logging.getLogger(__name__)

# Scrapy close reasons that mean someone stopped the crawl, not that it broke.
_ABORT_REASONS = {"shutdown", "cancelled"}
_LOG_FORMAT = "%(asctime)s [%(name)s] %(levelname)s: %(message)s"


def run_status(reason: str, stats: dict[str, Any]) -> tuple[str, str]:
    """The run's status and the finish reason it is closed with. A crawl that sent requests
    and got no response at all failed, whatever Scrapy's close reason: it never reached the
    site (refused, unresolvable, timed out); so did one whose fetched articles were kept
    nowhere, however it ended."""
    lost = int(stats.get(stat_keys.ITEMS_LOST, 0))
    if lost:
        return "failed", f"{lost} articles kept nowhere: PostgreSQL unreachable, spool unwritable"
    if reason in _ABORT_REASONS:
        return "aborted", reason
    if reason != "finished" and not reason.startswith("closespider_"):
        return "failed", reason
    requests = int(stats.get("downloader/request_count", 0))
    if requests and not int(stats.get("downloader/response_count", 0)):
        causes = sorted(k[len(stat_keys.ERRORS) :] for k in stats if k.startswith(stat_keys.ERRORS))
        return "failed", f"no response: none of {requests} requests sent got an answer" + (
            f" ({', '.join(causes)})" if causes else ""
        )
    return "succeeded", reason


def run_figures(stats: dict[str, Any]) -> dict[str, int]:
    """The crawl_runs counters, from the Scrapy stats."""
    errors = sum(int(v) for k, v in stats.items() if k.startswith(stat_keys.ERRORS))
    errors += int(stats.get("spider_exceptions/count", 0))
    return {
        "items_stored": int(stats.get(stat_keys.ITEMS_STORED, 0)),
        "items_duplicate": int(stats.get(stat_keys.ITEMS_DUPLICATE, 0)),
        "items_dropped": int(stats.get(stat_keys.DROPPED, 0)),
        "errors": errors,
    }


def jsonable_stats(stats: dict[str, Any]) -> dict[str, Any]:
    """Scrapy stats with datetimes as ISO strings, plus drop reasons gathered under one key."""
    out: dict[str, Any] = json.loads(json.dumps(stats, default=_json_default))
    prefix = stat_keys.DROP_REASONS
    out["drop_reasons"] = {k[len(prefix) :]: v for k, v in out.items() if k.startswith(prefix)}
    out["summary"] = run_summary(out)
    return out


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def run_log_path(home: Path, source: str, started_at: datetime) -> Path:
    stamp = started_at.strftime("%Y%m%dT%H%M%SZ")
    return home / "logs" / source / f"{stamp}-{os.getpid()}.log"


class RunRecorder:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.run_id: int | None = None
        self.started_at = datetime.now(UTC)
        self.log_handler: logging.Handler | None = None
        self.log_shipper: RunLogShipper | None = None
        self.log_path: str | None = None
        self.source = ""
        self.session: CrawlSession = session_of(crawler)

    @property
    def spool_writer(self) -> SpoolWriter | None:
        return self.session.spool

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunRecorder:
        recorder = cls(crawler)
        crawler.signals.connect(recorder.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(recorder.spider_closed, signal=signals.spider_closed)
        return recorder

    def spider_opened(self, spider: Spider) -> None:
        self.started_at = datetime.now(UTC)
        self.source = spider.name
        self.log_path = self._open_log(spider.name)
        settings = self.crawler.settings
        run = {
            "trigger": settings.get("POLWIRE_RUN_TRIGGER", "manual"),
            "worker_id": _optional_int(settings.get("POLWIRE_WORKER_ID")),
            "dispatch_id": _optional_int(settings.get("POLWIRE_DISPATCH_ID")),
        }
        self.session.begin_run(
            source=spider.name, started_at=self.started_at, log_path=self.log_path, **run
        )
        assert self.crawler.stats is not None
        self.crawler.stats.set_value(stat_keys.LOG_PATH, self.log_path)
        try:
            with self.session.connection() as conn:
                self.run_id = start_run(
                    conn,
                    spider.name,
                    log_path=self.log_path,
                    started_at=self.started_at,
                    **run,
                )
        except DatabaseUnavailable as exc:
            self.start_spooling(exc)  # raises CloseSpider when the spool cannot be written
        else:
            self.session.run_opened(self.run_id)
            if self.run_id is not None and self._ships_log():
                self._ship_log(self.run_id)
        self.crawler.stats.set_value(stat_keys.RUN_ID, self.run_id)
        logger.info("run %s of %s started, log %s", self.run_id, spider.name, self.log_path)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        assert self.crawler.stats is not None
        stats = self.crawler.stats.get_stats()
        finished_at = datetime.now(UTC)
        stats.setdefault("elapsed_time_seconds", (finished_at - self.started_at).total_seconds())
        # This process's CPU, start-up included, without its extraction workers': what a
        # crawl cannot spread over the cores (bench/import.py sets it beside the rest).
        usage = resource.getrusage(resource.RUSAGE_SELF)
        stats[stat_keys.PROCESS_CPU] = round(usage.ru_utime + usage.ru_stime, 2)
        status, finish_reason = run_status(reason, stats)
        stats[stat_keys.FINISH_REASON] = finish_reason
        outcome = RunOutcome(
            status=status,
            stats=jsonable_stats(stats),
            finish_reason=finish_reason,
            finished_at=finished_at,
            **run_figures(stats),
        )
        try:
            self._record_outcome(outcome)
            logger.info(
                "run %s of %s %s: %d stored, %d duplicate, %d dropped, %d errors",
                self.run_id if self.spool_writer is None else "(spooled)",
                spider.name,
                status,
                outcome.items_stored,
                outcome.items_duplicate,
                outcome.items_dropped,
                outcome.errors,
            )
            # After the run's closing line: a follower of its log (`polwire logs --follow`)
            # stops once the run is closed, and the checks (alerts sent, maybe slowly) would
            # keep that line from it.
            recorded = self.spool_writer is None and self.run_id is not None
            recorded = recorded and not self.session.down
            if recorded and self.crawler.settings.getbool("POLWIRE_JUDGE_RUN"):
                assert self.run_id is not None
                self._judge(self.run_id)
        finally:
            self.crawler.stats.set_value(stat_keys.STATUS, status)
            self._close_log()

    def _record_outcome(self, outcome: RunOutcome) -> None:
        """Close the run's row, or put its outcome in the spool after its items (the drain
        closes the run once they are loaded); with neither, the log has the last word."""
        if self.spool_writer is None and self.run_id is not None:
            try:
                with self.session.connection() as conn:
                    finish_run(conn, self.run_id, outcome)
                return
            except DatabaseUnavailable as exc:
                cause: BaseException = exc
        elif self.spool_writer is None:
            return  # the run never had a row nor a spool: said when it stopped
        else:
            cause = self.session.outage or DatabaseUnavailable("PostgreSQL unreachable")
        try:
            self.session.spool_for(cause).write_segment([_finish_record(outcome)])
        except (KeepingImpossible, OSError) as exc:
            if (
                self.spool_writer is None
                and self.run_id is not None
                and self._finish_anyway(outcome)
            ):
                return
            logger.error(
                "run %s of %s ended %s, recorded nowhere: %s",
                self.run_id,
                self.source,
                outcome.status,
                exc,
            )

    def _finish_anyway(self, outcome: RunOutcome) -> bool:
        """One more try to close the run's row, for a run whose spool cannot be written: a
        database that is back takes its failure."""
        assert self.run_id is not None
        try:
            with self.session.connection(even_if_down=True) as conn:
                finish_run(conn, self.run_id, outcome)
        except DatabaseUnavailable:
            return False
        return True

    def _judge(self, run_id: int) -> None:
        """Health checks of the finished run, stored with it (alerts on a change of state),
        for a run no owner closes: `scrapy crawl NAME` (polwire.runs judges its own)."""
        from polwire.monitoring.health import evaluate_run

        try:
            with connect(self.session.url) as conn:
                evaluate_run(conn, run_id, self.session.config)
        except Exception as exc:
            # The run is recorded: a check, an alert channel or the database failing now must
            # not turn a finished crawl into an error.
            logger.warning("run %s was not health-checked: %s", run_id, exc)

    def start_spooling(self, cause: BaseException) -> SpoolWriter:
        """This crawl's spool, opened on the first database failure; once open, the rest of
        the run (items and run record) goes there, so the drain replays it in order. When it
        cannot be written, raises CloseSpider(STORAGE_LOST) after the one line that says so."""
        try:
            spool = self.session.spool_for(cause)
        except KeepingImpossible as exc:
            logger.error("cannot keep what this crawl fetches: %s; stopping the crawl", exc)
            raise CloseSpider(STORAGE_LOST) from exc
        if self.crawler.stats is not None:
            self.crawler.stats.set_value(stat_keys.SPOOL, str(spool.directory))
        return spool

    def _open_log(self, source: str) -> str | None:
        configured = self.crawler.settings.get("LOG_FILE")
        if configured:
            return str(Path(configured).resolve())
        path = run_log_path(self.session.home, source, self.started_at)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handler = logging.FileHandler(path, encoding="utf-8")
        except OSError as exc:
            # The run is still recorded (its row has no log path); what it fetches is kept.
            logger.warning(
                "the run's log cannot be written under %s (%s): logging to the terminal only",
                self.session.home,
                exc.strerror or type(exc).__name__,
            )
            return None
        handler.setFormatter(logging.Formatter(_LOG_FORMAT))
        handler.setLevel(self.crawler.settings.get("POLWIRE_RUN_LOG_LEVEL", "INFO"))
        logging.getLogger().addHandler(handler)
        self.log_handler = handler
        return str(path)

    def _ships_log(self) -> bool:
        settings = self.crawler.settings
        if settings.get("POLWIRE_LOG_TO_DATABASE") is None:
            return broker_url(self.session.config) is not None  # on in a cluster
        return settings.getbool("POLWIRE_LOG_TO_DATABASE")

    def _ship_log(self, run_id: int) -> None:
        """The run's log to PostgreSQL too, readable from any machine (`polwire logs`)."""
        settings = self.crawler.settings
        shipper = RunLogShipper(
            self.session.url, run_id, settings.get("POLWIRE_RUN_LOG_LEVEL", "INFO")
        )
        shipper.setFormatter(logging.Formatter(_LOG_FORMAT))
        if self.log_path and self.log_handler is not None:
            # What the file got before the run had an id to ship it under.
            try:
                self.log_handler.flush()
                shipper.emit_text(Path(self.log_path).read_text(encoding="utf-8", errors="replace"))
            except OSError:
                pass
        logging.getLogger().addHandler(shipper)
        self.log_shipper = shipper

    def _close_log(self) -> None:
        if self.log_shipper is not None:
            logging.getLogger().removeHandler(self.log_shipper)
            self.log_shipper.close()
            self.log_shipper = None
        if self.log_handler is not None:
            logging.getLogger().removeHandler(self.log_handler)
            self.log_handler.close()
            self.log_handler = None


def _optional_int(value: Any) -> int | None:
    return None if value in (None, "") else int(value)


def _finish_record(outcome: RunOutcome) -> dict[str, Any]:
    return finish_record(
        status=outcome.status,
        finished_at=outcome.finished_at or datetime.now(UTC),
        items_stored=outcome.items_stored,
        items_duplicate=outcome.items_duplicate,
        items_dropped=outcome.items_dropped,
        errors=outcome.errors,
        stats=outcome.stats,
        finish_reason=outcome.finish_reason,
    )
