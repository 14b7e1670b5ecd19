"""Extract an article from one HTML page: decode, parse, read it with the generic page object."""

from __future__ import annotations

from datetime import tzinfo

from crawler.extraction.dates import zone_for
from crawler.extraction.decode import decode_html
from crawler.extraction.generic_page import GenericPage
from crawler.extraction.model import ExtractedArticle
from crawler.extraction.parsed_page import ParsedPage
from crawler.extraction.site import SitePage


def extract(
    html: bytes | str,
    *,
    url: str,
    http_encoding: str | None = None,
    timezone: str | tzinfo | None = None,
    page: type[SitePage] | None = None,
) -> ExtractedArticle:
    """Extract an article's fields from one HTML page, each from the best layer that has it.

    ``page`` is the source's page object, whose answers come first; ``timezone`` reads
    the dates the page prints without an offset.
    """
    if isinstance(html, bytes):
        text, encoding = decode_html(html, http_encoding)
    else:
        text, encoding = html, "utf-8"
    parsed = ParsedPage(text, url, zone_for(timezone))
    return GenericPage(parsed, page).to_item(encoding)


__all__ = ["decode_html", "extract"]
