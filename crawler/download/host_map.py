"""HTTP(S) download handler that fetches chosen hosts from another base URL, invisibly to the crawl.

Tests crawl local mirrors of real sites this way (``POLWIRE_HOST_MAP =
{"japantoday.com": "http://127.0.0.1:8765/japantoday.com"}``): requests,
robots.txt, redirects, the dupefilter and the archive all see the real URLs,
because the rewrite happens below every middleware. In production it can point
a host at a caching proxy or a web archive. With an empty map it is Scrapy's
HTTP/1.1 handler unchanged.

A connection the address guard refused (crawler/download/address_guard.py) fails here as
RefusedAddress, not as the DNS error Twisted reports, so it is neither retried nor counted
as a failure of the site.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from scrapy import Request
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.crawler import Crawler
from scrapy.exceptions import CannotResolveHostError
from scrapy.http import Response
from twisted.internet.error import DNSLookupError

from crawler.download.address_guard import AddressPolicy, RefusedAddress, install_guard


class HostMapDownloadHandler(HTTP11DownloadHandler):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        host_map = crawler.settings.getdict("POLWIRE_HOST_MAP")
        self.host_map = {host.lower(): base.rstrip("/") for host, base in host_map.items()}
        from twisted.internet import reactor

        self.policy: AddressPolicy = install_guard(reactor).policy

    async def _fetch(self, request: Request) -> Response:
        try:
            return await super().download_request(request)
        except (DNSLookupError, CannotResolveHostError) as failure:
            address = self.policy.was_refused(request.url)
            if address is None:
                raise
            host = urlsplit(request.url).hostname
            raise RefusedAddress(f"{host} resolved to {address}") from failure

    async def download_request(self, request: Request) -> Response:
        parts = urlsplit(request.url)
        base = self.host_map.get((parts.hostname or "").lower())
        if base is None:
            return await self._fetch(request)
        target = base + (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        mapped = request.replace(url=target)
        response = await self._fetch(mapped)
        # The handler times the copy; AutoThrottle reads the latency from the original.
        if "download_latency" in mapped.meta:
            request.meta["download_latency"] = mapped.meta["download_latency"]
        location = response.headers.get("Location")
        if location:
            response.headers["Location"] = self._unmap(location.decode("latin-1"), parts.scheme)
        return response.replace(url=request.url)

    def _unmap(self, url: str, scheme: str) -> str:
        for host, base in self.host_map.items():
            if url == base or url.startswith(base + "/"):
                return f"{scheme}://{host}{url[len(base) :] or '/'}"
        return url
