"""Layered article extraction: site page object, JSON-LD, meta tags, HTML cues, generic body extractor.

Public entry point::

    extract(html, url=..., http_encoding=None, timezone=None, page=None) -> ExtractedArticle
"""
