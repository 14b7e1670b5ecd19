"""How a crawl process logs to its terminal: one line a message, tracebacks left to the run's
log file (crawler.extensions.run_recorder writes it) unless asked for with --debug."""

from __future__ import annotations

import logging
import sys

_FORMAT = "%(asctime)s [%(name)s] %(levelname)s: %(message)s"
_DATE = "%Y-%m-%d %H:%M:%S"


class OneLineFormatter(logging.Formatter):
    """A record's message on one line: no traceback, and only the first line of a message
    that has several (Scrapy puts a whole failure into some)."""

    def format(self, record: logging.LogRecord) -> str:
        saved = record.exc_info, record.exc_text, record.stack_info
        record.exc_info = record.exc_text = record.stack_info = None
        try:
            return super().format(record).split("\n", 1)[0]
        finally:
            record.exc_info, record.exc_text, record.stack_info = saved


def install_terminal_handler(level: str, *, tracebacks: bool = False) -> logging.Handler:
    """The crawl's stderr handler at ``level``. The root logger passes everything on, as
    Scrapy's own root handler does, so that the run log still gets its INFO lines."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(level)
    formatter = logging.Formatter if tracebacks else OneLineFormatter
    handler.setFormatter(formatter(_FORMAT, _DATE))
    logging.root.setLevel(logging.NOTSET)
    logging.root.addHandler(handler)
    return handler
