"""What `polwire crawl` prints on a terminal for a site that cannot be reached: one line a
message and the summary; tracebacks go to the run's log file, and to stderr with --debug."""

from __future__ import annotations

import socket
from pathlib import Path

import psycopg

from tests.support.cli import polwire, write_config


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


def test_an_unreachable_site_prints_lines_not_tracebacks_and_is_critical(
    db_url: str, db: psycopg.Connection, polwire_home: Path, tmp_path: Path
) -> None:
    result = polwire("crawl", "gone_site", env=_env(db_url, polwire_home, tmp_path))
    assert "Traceback" not in result.stderr
    assert all(not line.startswith(" ") for line in result.stderr.splitlines()), result.stderr
    summary = result.stdout.strip().splitlines()
    assert len(summary) == 1 and summary[0].startswith("gone_site: ")
    assert "health critical (reachable" in summary[0]
    log_path, health = db.execute("SELECT log_path, health FROM crawl_runs").fetchone()
    assert "Traceback" in Path(log_path).read_text("utf-8")  # kept where it helps
    reachable = next(c for c in health["checks"] if c["name"] == "reachable")
    assert reachable["status"] == "critical"
    assert reachable["message"].startswith("site unreachable: none of ")


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
