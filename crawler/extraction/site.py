"""Base class for per-site page objects: the first extraction layer."""

from __future__ import annotations

from datetime import datetime, tzinfo

from lxml.html import HtmlElement


class SitePage:
    """Reads one page of one site.

    A subclass overrides only the fields its site needs; every method that
    returns ``None`` lets the generic layers (JSON-LD, meta, HTML, generic body
    extractor) decide that field. Page objects know nothing about crawling:
    they get the parsed tree, the page URL and the site's time zone.

    When a site changes its layout, add a new subclass and point the source's
    ``page`` at a :class:`PageVersions` list, so that old fixtures keep passing.
    """

    def __init__(self, tree: HtmlElement, url: str, timezone: tzinfo) -> None:
        self.tree = tree
        self.url = url
        self.timezone = timezone

    def title(self) -> str | None:
        return None

    def authors(self) -> list[str] | None:
        return None

    def published(self) -> datetime | None:
        return None

    def modified(self) -> datetime | None:
        return None

    def section(self) -> str | None:
        return None

    def body(self) -> list[str] | None:
        """The article's paragraphs (and in-body subheadings), in order."""
        return None

    def dateline(self) -> str | None:
        return None

    def wire(self) -> str | None:
        return None

    def is_article(self) -> bool | None:
        return None


def load_page_class(path: str | None) -> type[SitePage] | None:
    """Import a source's page object, given as ``module:Class``; None when it has none."""
    if not path:
        return None
    import importlib

    module_name, _, class_name = path.partition(":")
    cls = getattr(importlib.import_module(module_name), class_name)
    if not (isinstance(cls, type) and issubclass(cls, SitePage)):
        raise TypeError(f"{path} is not a SitePage subclass")
    return cls
