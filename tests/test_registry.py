"""Every built-in source has discovery, a self-consistent mirror and extractable articles."""

from __future__ import annotations

import importlib
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from crawler.extraction import extract
from crawler.extraction.site import SitePage
from crawler.gazetteer import countries_in
from crawler.sources.model import Source
from crawler.sources.registry import load_builtin
from polwire.core.scope import politics_reason
from polwire.core.scripts import CJK
from tests.support.mirrors import (
    MIRRORS,
    MirrorFile,
    mirror_files,
    skip_without_fixtures,
    url_path_for,
)

SOURCES: dict[str, Source] = load_builtin()

# Sources whose real article pages do not carry the text in their HTML: the
# mirror reproduces that, so their article pages cannot yield a body.
BODY_NOT_IN_HTML = {
    "japan_times": "body loaded by /ajax/getArticleContent/ behind Cloudflare (2024 markup)",
}
CJK_LANGUAGES = {"ja", "ko", "zh"}


def page_class(source: Source) -> type[SitePage] | None:
    if not source.page:
        return None
    module, name = source.page.split(":")
    cls = getattr(importlib.import_module(module), name)
    assert issubclass(cls, SitePage)
    return cls


def mirror_urls(source: Source) -> dict[str, MirrorFile]:
    """Every URL the mirror answers (https scheme assumed, as the real sites use) -> its page
    (fixture pages included: that they are listed needs no fixtures, reading them does)."""
    out: dict[str, MirrorFile] = {}
    for file in mirror_files(source.name):
        host, *rest = file.relative.parts
        out[f"{host}{url_path_for(Path(*rest))}"] = file
    return out


def mirror_file(source: Source, url: str) -> MirrorFile | None:
    parts = urlsplit(url)
    key = parts.netloc + (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    urls = mirror_urls(source)
    return urls.get(key) or (urls.get(key + "/") if not parts.query else None)


def article_files(source: Source) -> dict[str, MirrorFile]:
    found = {}
    for key, file in mirror_urls(source).items():
        scheme = "http" if source.home.startswith("http://") else "https"
        url = f"{scheme}://{key}"
        if "?" not in key and any(re.search(p, url) for p in source.article_patterns):
            found[url] = file
    return found


def linked_urls(file: MirrorFile) -> list[str]:
    """Links a feed (item link), sitemap (loc) or HTML listing (a href) points to."""
    raw = file.read_bytes()
    if raw.lstrip().startswith((b"<?xml", b"<rss", b"<urlset")):
        root = ET.fromstring(raw)
        return [
            el.text.strip()
            for el in root.iter()
            if el.tag.split("}")[-1] in ("link", "loc") and el.text
        ]
    return [h.decode() for h in re.findall(rb'href="([^"]+)"', raw)]


def test_registry_has_the_promised_coverage() -> None:
    enabled = [s for s in SOURCES.values() if s.enabled]
    assert len(enabled) >= 15
    assert {"JP", "KR", "CN", "TW"} <= {s.country for s in enabled}
    assert sum(s.language in CJK_LANGUAGES for s in enabled) >= 3
    assert all(s.politics_filter for s in enabled)


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_source_has_discovery_and_mirror(name: str) -> None:
    source = SOURCES[name]
    assert source.discovery, f"{name}: no feeds, sitemaps or start_urls"
    assert source.notes, f"{name}: notes must say how sure the entry is"
    assert (MIRRORS / name).is_dir(), f"{name}: no mirror under tests/mirrors/{name}"
    hosts = {urlsplit(u).netloc for u in (*source.feeds, *source.sitemaps, *source.start_urls)}
    for host in hosts:
        assert (MIRRORS / name / host / "robots.txt").is_file(), f"{name}: no robots.txt for {host}"
    for url in (*source.feeds, *source.sitemaps, *source.start_urls):
        assert mirror_file(source, url), f"{name}: discovery URL {url} is not in the mirror"


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_discovery_links_resolve_in_mirror(name: str) -> None:
    source = SOURCES[name]
    articles = article_files(source)
    assert len(articles) >= 2, f"{name}: fewer than two article pages in the mirror"
    reached: set[str] = set()
    for url in (*source.feeds, *source.sitemaps, *source.start_urls):
        file = mirror_file(source, url)
        assert file is not None
        for link in linked_urls(file):
            absolute = (
                link if "://" in link else f"{urlsplit(url).scheme}://{urlsplit(url).netloc}{link}"
            )
            if any(re.search(p, absolute) for p in source.article_patterns):
                assert mirror_file(source, absolute), f"{name}: {url} links to missing {absolute}"
                reached.add(absolute.split("?")[0])
    assert reached, f"{name}: discovery reaches no article page"


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_mirror_articles_extract(name: str) -> None:
    source = SOURCES[name]
    if name in BODY_NOT_IN_HTML:
        pytest.xfail(BODY_NOT_IN_HTML[name])
    skip_without_fixtures(name)
    page = page_class(source)
    kept = 0
    for url, file in sorted(article_files(source).items()):
        article = extract(file.read_bytes(), url=url, timezone=source.timezone, page=page)
        where = f"{name} {url}"
        assert article.title, f"{where}: no title"
        assert article.published is not None and article.published.tzinfo is not None, (
            f"{where}: no timezone-aware published date"
        )
        body = article.body or ""
        if source.language in CJK_LANGUAGES:
            cjk = len(re.findall(f"[{CJK}]", body))
            assert cjk > 150, f"{where}: body has {cjk} CJK characters"
        else:
            assert len(body.split()) > 50, f"{where}: body has {len(body.split())} words"
        reason = politics_reason(
            source, url=url, section=article.section, title=article.title, body=body
        )
        if reason is not None:  # off-topic items are dropped before countries matter
            kept += 1
            assert countries_in(article.title, body), f"{where}: no countries"
    assert kept >= 2, f"{name}: fewer than two mirror articles pass the politics filter"


def test_the_sources_table_schema_matches_the_source_model() -> None:
    """polwire/config/source_table.py declares what a [[sources]] table accepts (for the check
    at load and the configuration reference); it must name every key of Source, with its
    default, or the reference lies."""
    from dataclasses import MISSING, fields

    from polwire.config.source_table import SourceTable

    def defaults(cls: type) -> dict[str, object]:
        found = {}
        for f in fields(cls):
            if f.default is not MISSING:
                found[f.name] = f.default
            elif f.default_factory is not MISSING:
                found[f.name] = f.default_factory()
            else:
                found[f.name] = ""  # Source.name has no default; the table's is ""
        return found

    model = defaults(Source)
    model.pop("builtin")  # set by the registry, never by a table
    assert defaults(SourceTable) == model


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_builtin_sources_pass_the_checks_config_sources_get(name: str) -> None:
    from polwire.config.schema import allowed_of, key_problem
    from polwire.config.source_table import SourceTable

    source = SOURCES[name]
    for f in fields_of(SourceTable):
        value = getattr(source, f.name)
        assert key_problem("", f.name, value, allowed_of(f)) is None, (name, f.name, value)


def fields_of(cls: type) -> tuple:  # type: ignore[type-arg]
    from dataclasses import fields

    return fields(cls)
