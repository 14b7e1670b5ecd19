"""Normalize pipeline: the canonical URL of a page and every URL it was seen under."""

from __future__ import annotations

import logging

from polwire.core.article_item import ArticleItem
from polwire.core.urls import canonicalize_url, is_site_root, same_site

logger = logging.getLogger(__name__)


class NormalizePipeline:
    """The item's fields were cleaned once, as they were extracted (crawler.extraction.record,
    which `polwire extract` and `polwire reparse` use too); what is left is the page's URLs."""

    def process_item(self, item: ArticleItem) -> ArticleItem:
        if item.rejection:
            return item
        item.url = choose_canonical(item.url, item.declared_url)
        urls = {item.url, *item.urls, *(canonicalize_url(u) for u in item.urls)}
        if item.declared_url and same_site(item.declared_url, item.url):
            urls.add(canonicalize_url(item.declared_url))
        item.urls = sorted(u for u in urls if u.startswith(("http://", "https://")))
        return item


def choose_canonical(fetched_url: str, declared_url: str | None) -> str:
    """The page's own rel=canonical/og:url when it names a page of the same site, else the
    fetched URL; canonicalized either way. A canonical pointing at another site (syndication)
    or at the home page (a common template bug) is not trusted."""
    if (
        declared_url
        and same_site(declared_url, fetched_url)
        and (not is_site_root(declared_url) or is_site_root(fetched_url))
    ):
        return canonicalize_url(declared_url)
    return canonicalize_url(fetched_url)
