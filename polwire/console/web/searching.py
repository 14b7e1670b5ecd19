"""Search for the web as `polwire search` does it: storage/search.py with the same filters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Query

from polwire.console.web.params import MAX_LIMIT, Filter, Order, blank_is_none, moment
from polwire.console.web.state import WebState


@dataclass(frozen=True)
class SearchOptions:
    """The query parameters of /search and /api/search besides ``q``, read once for both."""

    source: str | None
    country: str | None
    section: str | None
    since: str | None
    until: str | None
    limit: int
    offset: int
    order: str
    collapse: bool
    entity: tuple[str, ...] = ()  # entity names or ids: articles that mention all of them

    def form(self) -> dict[str, Any]:
        """The values to put back in the search form (blank for an unset filter)."""
        return {
            "source": self.source or "",
            "country": self.country or "",
            "section": self.section or "",
            "since": self.since or "",
            "until": self.until or "",
            "order": self.order,
            "collapse": self.collapse,
            "limit": self.limit,
            "entity": list(self.entity),
        }


def search_options(
    source: Filter = None,
    country: Filter = None,
    section: Filter = None,
    since: Filter = None,
    until: Filter = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20,
    # Search ranks a pool of limit + offset hits, so the offset is bounded like the limit.
    offset: Annotated[int, Query(ge=0, le=MAX_LIMIT)] = 0,
    order: Order = "best",
    collapse: bool = False,
    entity: Annotated[list[str] | None, Query(max_length=200)] = None,
) -> SearchOptions:
    """A FastAPI dependency (a function, so that its annotations resolve in this module)."""
    names = tuple(n for n in (entity or [])[:10] if n.strip())
    return SearchOptions(
        source, country, section, since, until, limit, offset, order, collapse, names
    )


def run_search(
    web: WebState, q: str, options: SearchOptions, *, marks: tuple[str, str]
) -> list[Any]:
    """Hits ``offset`` to ``offset + limit`` (search ranks a pool, so a page is a slice)."""
    from polwire.storage.search import SearchFilters, search_articles

    filters = SearchFilters(
        source=blank_is_none(options.source),
        country=blank_is_none(options.country),
        section=blank_is_none(options.section),
        since=moment(options.since, "since"),
        until=moment(options.until, "until", until=True),
    )
    if not q.strip() and not options.entity:
        return []
    with web.connection() as conn:
        filters.entities = resolve_entity_names(conn, options.entity)
        hits = search_articles(
            conn,
            q,
            filters=filters,
            limit=options.limit + options.offset,
            order=options.order,
            collapse=options.collapse,
            marks=marks,
        )
    return hits[options.offset :]


def resolve_entity_names(conn: Any, names: tuple[str, ...]) -> tuple[str, ...]:
    """The ids of the entities named; 400 for a name that is no entity's or several's."""
    from fastapi import HTTPException

    from polwire.storage.entities import UnknownEntity, resolve_entity

    try:
        return tuple(resolve_entity(conn, name) for name in names)
    except UnknownEntity as exc:
        raise HTTPException(400, str(exc)) from exc
