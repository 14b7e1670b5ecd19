"""What every request handler of the web app shares: settings, the pool, the templates."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import Request

from polwire.storage.pool import Pool, borrowed


@dataclass(slots=True, kw_only=True)
class WebSettings:
    home: Path  # POLWIRE_HOME: its spool is counted by /metrics
    token: str | None  # POLWIRE_WEB_TOKEN: when set, every page and API call needs it
    registry: Any  # crawler.sources.registry.Registry, loaded once at start
    default_cron: str
    page_size: int = 50


@dataclass(slots=True)
class WebState:
    settings: WebSettings
    pool: Pool

    @contextmanager
    def connection(self) -> Iterator[Any]:
        """A pooled connection for one request (its settings: storage.pool.READ_ONLY_REQUESTS)."""
        with borrowed(self.pool) as conn:
            yield conn


def web_state(request: Request) -> WebState:
    state: WebState = request.app.state.web
    return state
