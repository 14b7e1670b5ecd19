"""Scrapy's robots.txt middleware, with every request that waited for a domain's robots.txt
judged by it.

Scrapy (2.19) hands the parser to the requests waiting for a robots.txt through one Deferred,
awaited as a future by each: the first waiter gets the parser and leaves the Deferred holding
None, so the others see "no robots.txt" and go out unchecked. A crawl rarely shows it (its
first request is alone: a feed), a watch pass always does (it starts with hundreds of pages of
one domain). The parser is stored before the Deferred fires, so a waiter that got None reads
it there.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.robotstxt import RobotParser
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred


class RobotsRulesMiddleware(RobotsTxtMiddleware):
    async def robot_parser(self, request: Request) -> RobotParser | None:
        parser = await super().robot_parser(request)
        if parser is None:
            stored = self._parsers.get(urlparse_cached(request).netloc)
            if stored is not None and not isinstance(stored, Deferred):
                return stored
        return parser
