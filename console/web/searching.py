"""Search for the web as `polwire search` does it: storage/search.py with the same filters."""

from __future__ import annotations

from typing import Any

from console.web.params import blank_is_none, moment
from console.web.state import WebState


def run_search(
    web: WebState,
    q: str,
    *,
    source: str | None,
    country: str | None,
    section: str | None,
    since: str | None,
    until: str | None,
    limit: int,
    offset: int,
    order: str,
    collapse: bool,
    marks: tuple[str, str],
) -> list[Any]:
    """Hits ``offset`` to ``offset + limit`` (search ranks a pool, so a page is a slice)."""
    from storage.search import SearchFilters, search_articles

    filters = SearchFilters(
        source=blank_is_none(source),
        country=blank_is_none(country),
        section=blank_is_none(section),
        since=moment(since, "since"),
        until=moment(until, "until", until=True),
    )
    if not q.strip():
        return []
    with web.connection() as conn:
        hits = search_articles(
            conn,
            q,
            filters=filters,
            limit=limit + offset,
            order=order,
            collapse=collapse,
            marks=marks,
        )
    return hits[offset:]
