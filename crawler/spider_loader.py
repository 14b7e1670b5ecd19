"""Makes every registry source a spider, so `scrapy crawl <source>` works without modules."""

from __future__ import annotations

import builtins
from typing import Any

from scrapy import Request, Spider
from scrapy.settings import BaseSettings

from crawler.sources.model import Source
from crawler.sources.registry import Registry, UnknownSource, load_registry
from crawler.spiders.news import NewsSpider
from polwire.config import load_config


def spider_for(source: Source) -> type[NewsSpider]:
    """A NewsSpider subclass bound to ``source`` (its ``name`` is the source name)."""
    return type(f"{source.name}_spider", (NewsSpider,), {"name": source.name, "source": source})


class RegistrySpiderLoader:
    def __init__(self, settings: BaseSettings) -> None:
        self._settings = settings
        self._registry: Registry | None = None

    @classmethod
    def from_settings(cls, settings: BaseSettings, **kwargs: Any) -> RegistrySpiderLoader:
        return cls(settings)

    @property
    def registry(self) -> Registry:
        if self._registry is None:
            self._registry = load_registry(load_config(self._settings.get("POLWIRE_CONFIG")))
        return self._registry

    def load(self, spider_name: str) -> type[Spider]:
        try:
            return spider_for(self.registry[spider_name])
        except UnknownSource as exc:
            raise KeyError(str(exc)) from None

    def list(self) -> list[str]:
        return [name for name in self.registry]

    def find_by_request(self, request: Request) -> builtins.list[str]:
        return []
