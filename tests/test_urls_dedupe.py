"""URL dedupe keys: the AMP, mobile, print, http/https and trailing-slash spellings of a page."""

from __future__ import annotations

import pytest

from polwire.core.urls import canonicalize_url, url_key

ORIGINAL = "https://www.example.com/news/2025/01/summit.html"


@pytest.mark.parametrize(
    "variant",
    [
        "http://www.example.com/news/2025/01/summit.html",
        "https://example.com/news/2025/01/summit.html",
        "https://amp.example.com/news/2025/01/summit.html",
        "https://m.example.com/news/2025/01/summit.html",
        "https://mobile.example.com/news/2025/01/summit.html",
        "https://www.example.com/amp/news/2025/01/summit.html",
        "https://www.example.com/news/2025/01/summit.amp.html",
        "https://www.example.com/news/2025/01/summit.html/amp",
        "https://www.example.com/news/2025/01/summit.html?amp=1",
        "https://www.example.com/news/2025/01/summit.html?outputType=amp",
        "https://www.example.com/news/2025/01/summit.html?print=1",
        "https://www.example.com/news/2025/01/summit.html?view=print",
        "https://www.example.com/print/news/2025/01/summit.html",
        "https://www.example.com/m/news/2025/01/summit.html",
        "https://www.example.com/news/2025/01/summit.html/",
        "https://WWW.Example.com:443/news/2025/01/summit.html?utm_source=x#top",
        "https://www-example-com.cdn.ampproject.org/c/s/www.example.com/news/2025/01/summit.html",
    ],
)
def test_variants_of_one_page_share_its_key(variant: str) -> None:
    assert url_key(variant) == url_key(ORIGINAL) == "example.com/news/2025/01/summit.html"


@pytest.mark.parametrize(
    "other",
    [
        "https://www.example.com/news/2025/01/summit-2.html",
        "https://www.example.com/news/2025/01/summit.html?id=2",
        "https://www.example.org/news/2025/01/summit.html",
        "https://www.example.com/News/2025/01/summit.html",  # paths keep their case
        "https://www.example.com:8443/news/2025/01/summit.html",
    ],
)
def test_other_pages_have_other_keys(other: str) -> None:
    assert url_key(other) != url_key(ORIGINAL)


def test_query_order_does_not_matter_but_values_do() -> None:
    assert url_key("https://a.test/p?id=1&page=2") == url_key("https://a.test/p?page=2&id=1")
    assert url_key("https://a.test/p?id=1") != url_key("https://a.test/p?id=2")


def test_canonical_url_stays_the_url_the_site_served() -> None:
    # The key collapses variants; the URL we store and fetch again is left alone.
    amp = "https://amp.example.com/amp/news/1.html?outputType=amp&utm_source=feed"
    assert canonicalize_url(amp) == "https://amp.example.com/amp/news/1.html?outputType=amp"
    assert not url_key(amp).startswith("http")


@pytest.mark.parametrize(
    ("hostile", "canonical"),
    [
        # An IPv6 host keeps its brackets: without them the URL named another port.
        ("http://[::ffff:127.0.0.1]:8080/a.html", "http://[::ffff:127.0.0.1]:8080/a.html"),
        ("http://[::1]/a", "http://[::1]/a"),
        # Links no request can be made of are left as they are, for the spider to count.
        ("http://[::1/a", "http://[::1/a"),
        ("http://news.example:99999/a", "http://news.example:99999/a"),
    ],
)
def test_hostile_links_canonicalize_without_raising(hostile: str, canonical: str) -> None:
    assert canonicalize_url(hostile) == canonical


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("http://news.example:99999/x", "news.example:99999/x"),
        ("http://[::1/x", "[::1/x"),
        ("http://[::1]:8080/a", "[::1]:8080/a"),
    ],
)
def test_a_broken_or_ipv6_link_has_a_key_of_its_own(url: str, key: str) -> None:
    # A feed may list anything: a bad port or IPv6 literal must not stop the feed's lookup.
    assert url_key(url) == key
