"""How a crawl process logs to its terminal: one line a message, tracebacks left to the run's
log file (crawler.extensions.run_recorder writes it) unless asked for with --debug, and log
lines printed above a progress bar instead of through it."""

from __future__ import annotations

import logging
import sys
from contextlib import nullcontext
from typing import IO

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


_CLEAR_LINE = "\r\x1b[K"  # to the start of the line, and erase it


class TerminalHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """The crawl's stderr handler. While a progress bar is shown (:meth:`show_bar`), a log
    line clears the bar, is written, and the bar is drawn again below it, as pip's and tqdm's
    bars let log lines through: the two never end up on one line."""

    def __init__(self, stream: IO[str]) -> None:
        super().__init__(stream)
        self.bar = ""

    def emit(self, record: logging.LogRecord) -> None:
        if not self.bar:
            super().emit(record)
            return
        with self.lock or nullcontext():
            self.stream.write(_CLEAR_LINE)
            super().emit(record)
            self.stream.write(self.bar)
            self.flush()

    def show_bar(self, text: str) -> None:
        """Draw (or redraw) the progress bar on the last line."""
        with self.lock or nullcontext():
            self.bar = text
            self.stream.write(_CLEAR_LINE + text)
            self.flush()

    def end_bar(self, text: str) -> None:
        """The bar's last state, left on its own line; log lines go below it again."""
        with self.lock or nullcontext():
            self.bar = ""
            self.stream.write(_CLEAR_LINE + text + "\n")
            self.flush()


def terminal_handler() -> TerminalHandler | None:
    """The handler :func:`install_terminal_handler` installed in this process, if any."""
    return next((h for h in logging.root.handlers if isinstance(h, TerminalHandler)), None)


def install_terminal_handler(level: str, *, tracebacks: bool = False) -> TerminalHandler:
    """The crawl's stderr handler at ``level``. The root logger passes everything on, as
    Scrapy's own root handler does, so that the run log still gets its INFO lines."""
    handler = TerminalHandler(sys.stderr)
    handler.setLevel(level)
    formatter = logging.Formatter if tracebacks else OneLineFormatter
    handler.setFormatter(formatter(_FORMAT, _DATE))
    logging.root.setLevel(logging.NOTSET)
    logging.root.addHandler(handler)
    return handler
