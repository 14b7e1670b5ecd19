"""Layered article extraction: site page, JSON-LD, meta tags, HTML cues, generic body extractor.

Public entry point::

    extract(html, url=..., http_encoding=None, timezone=None, page=None) -> ExtractedArticle
"""

from __future__ import annotations

from crawler.extraction.decode import decode_html
from crawler.extraction.layered import extract
from crawler.extraction.model import ExtractedArticle
from crawler.extraction.site import SitePage

__all__ = ["ExtractedArticle", "SitePage", "decode_html", "extract"]
