"""Log lines for crawled, scraped and dropped items that name the page, not dump the whole item."""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Spider
from scrapy.http import Response
from scrapy.logformatter import LogFormatter, LogFormatterResult
from twisted.python.failure import Failure


class PolwireLogFormatter(LogFormatter):
    def dropped(
        self,
        item: Any,
        exception: BaseException,
        response: Response | Failure | None,
        spider: Spider,
    ) -> LogFormatterResult:
        # Scrapy's default prints the item, raw HTML included: megabytes per line. INFO, not
        # WARNING: a drop is an expected outcome the summary line counts by reason (an archive
        # of 200 pages would print 200 lines); -v and the run's log show each one.
        return {
            "level": logging.INFO,
            "msg": "Dropped (%(reason)s): %(exception)s",
            "args": {"reason": type(exception).__name__, "exception": exception},
        }

    def scraped(
        self, item: Any, response: Response | Failure | None, spider: Spider
    ) -> LogFormatterResult:
        return {
            "level": logging.DEBUG,
            "msg": "Scraped %(url)s: %(title)s",
            "args": {"url": getattr(item, "url", "?"), "title": getattr(item, "title", None)},
        }
