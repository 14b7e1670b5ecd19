"""What `polwire crawl` prints on a terminal for a site that cannot be reached: one line a
message and the summary; tracebacks go to the run's log file, and to stderr with --debug."""

from __future__ import annotations

import socket
from pathlib import Path

import psycopg
from prometheus_client.parser import text_string_to_metric_families

from tests.support.cli import polwire, write_config
from tests.support.http import request
from tests.support.web_archive import polwire_web


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # nothing listens there once it is closed


def _env(db_url: str, home: Path, tmp_path: Path) -> dict[str, str]:
    config = write_config(
        tmp_path / "polwire.toml",
        f'[[sources]]\nname = "gone_site"\nfeeds = ["http://127.0.0.1:{_closed_port()}/feed.xml"]\n'
        'country = "JP"\n',
    )
    return {"DATABASE_URL": db_url, "POLWIRE_HOME": str(home), "POLWIRE_CONFIG": str(config)}


def test_a_refused_host_fails_with_exit_1_one_line_per_failure_and_no_traceback(
    db_url: str, db: psycopg.Connection, polwire_home: Path, tmp_path: Path
) -> None:
    env = _env(db_url, polwire_home, tmp_path)
    result = polwire("crawl", "gone_site", env=env)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert all(not line.startswith(" ") for line in result.stderr.splitlines()), result.stderr
    summary = result.stdout.strip().splitlines()
    assert len(summary) == 1
    assert summary[0].startswith("gone_site: failed (no response: none of "), summary[0]
    assert "health critical (reachable" in summary[0]
    status, reason, log_path, health = db.execute(
        "SELECT status, finish_reason, log_path, health FROM crawl_runs"
    ).fetchone()
    assert status == "failed"
    assert reason.startswith("no response: none of ")
    log = Path(log_path).read_text("utf-8")
    assert "Traceback" not in log  # a refused connection is no bug: one line, with its class
    assert "(DownloadConnectionRefusedError)" in log
    reachable = next(c for c in health["checks"] if c["name"] == "reachable")
    assert reachable["status"] == "critical"
    assert reachable["message"].startswith("site unreachable: none of ")


def test_a_failed_crawl_never_counts_as_a_success_in_the_metrics(
    db_url: str, polwire_home: Path, tmp_path: Path
) -> None:
    env = _env(db_url, polwire_home, tmp_path)
    assert polwire("crawl", "gone_site", env=env).returncode == 1
    with polwire_web(env, tmp_path) as web:
        metrics = request(web.base_url + "/metrics").text
    families = {family.name: family for family in text_string_to_metric_families(metrics)}
    runs = {
        (s.labels["source"], s.labels["status"]): s.value
        for s in families["polwire_crawl_runs"].samples
        if s.name == "polwire_crawl_runs_total"
    }
    assert runs == {("gone_site", "failed"): 1.0}
    last_success = [
        s.labels["source"] for s in families["polwire_last_success_timestamp_seconds"].samples
    ]
    assert "gone_site" not in last_success


def test_debug_puts_the_tracebacks_on_the_terminal_too(
    db_url: str, polwire_home: Path, tmp_path: Path
) -> None:
    result = polwire("--debug", "crawl", "gone_site", env=_env(db_url, polwire_home, tmp_path))
    assert "Traceback (most recent call last)" in result.stderr


def test_log_lines_are_printed_above_the_progress_bar_not_through_it() -> None:
    import io
    import logging

    from crawler.terminal_log import TerminalHandler

    stream = io.StringIO()
    handler = TerminalHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    logger = logging.getLogger("tests.progress_bar")
    logger.propagate = False
    logger.addHandler(handler)
    try:
        handler.show_bar("a.warc.gz: 10%")
        logger.warning("record at byte 5 skipped")
        handler.show_bar("a.warc.gz: 20%")
        handler.end_bar("a.warc.gz: 100% done")
        logger.warning("after the bar")
    finally:
        logger.removeHandler(handler)
    clear = "\r\x1b[K"
    assert stream.getvalue() == (
        f"{clear}a.warc.gz: 10%"
        f"{clear}WARNING: record at byte 5 skipped\na.warc.gz: 10%"  # the line, then the bar
        f"{clear}a.warc.gz: 20%"
        f"{clear}a.warc.gz: 100% done\n"
        "WARNING: after the bar\n"
    )
    # What a terminal shows once the control sequences are applied: every line whole.
    screen = [line.split(clear)[-1] for line in stream.getvalue().split("\n")]
    assert screen == [
        "WARNING: record at byte 5 skipped",
        "a.warc.gz: 100% done",
        "WARNING: after the bar",
        "",
    ]


def test_a_network_failure_is_one_line_with_its_class_and_a_bug_keeps_its_traceback() -> None:
    import io
    import logging

    from scrapy.exceptions import CannotResolveHostError

    from crawler.network_failures import install_one_line_network_failures

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    logger = logging.getLogger("tests.network_failures")
    logger.propagate = False
    logger.addHandler(handler)
    before = logging.getLogRecordFactory()
    install_one_line_network_failures()
    try:
        for error in (CannotResolveHostError("DNS lookup failed: no-such.invalid"), KeyError("x")):
            try:
                raise error
            except Exception:
                logger.error("Error downloading <GET %s>", "http://no-such.invalid/", exc_info=True)
    finally:
        logging.setLogRecordFactory(before)
        logger.removeHandler(handler)
    lines = stream.getvalue().splitlines()
    assert lines[0] == (
        "ERROR: Error downloading <GET http://no-such.invalid/> (CannotResolveHostError)"
    )
    assert lines[1] == "ERROR: Error downloading <GET http://no-such.invalid/>"
    assert lines[2] == "Traceback (most recent call last):"  # a bug keeps its traceback
    assert lines[-1] == "KeyError: 'x'"
