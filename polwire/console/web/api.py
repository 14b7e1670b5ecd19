"""The JSON API under /api/ (public column names, as `polwire … --format json` prints them)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from polwire.console.commands.runs import log_tail
from polwire.console.output import to_jsonable
from polwire.console.web.logfile import CHUNK_BYTES, read_chunk
from polwire.console.web.params import (
    MAX_LIMIT,
    Filter,
    blank_is_none,
    moment,
    next_link,
)
from polwire.console.web.rows import health_rows, hit_row, run_row, run_show_row, source_rows
from polwire.console.web.run_listing import RunFilters, find_runs, run_filters
from polwire.console.web.searching import SearchOptions, run_search, search_options
from polwire.console.web.state import web_state

router = APIRouter()
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]


def json_rows(request: Request, rows: Any, *, limit: int = 0, offset: int = 0) -> JSONResponse:
    """The rows as the CLI's json; a full page links the next one in a Link header."""
    response = JSONResponse(to_jsonable(rows))
    if limit and isinstance(rows, list):
        following = next_link(request, len(rows), limit, offset)
        if following:
            response.headers["Link"] = f'<{following}>; rel="next"'
    return response


@router.get("/healthz", summary="Liveness: the process answers (no database needed)")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/metrics", summary="Prometheus metrics, computed from PostgreSQL at scrape time")
def metrics(request: Request) -> Response:
    body = request.app.state.metrics.render()
    return Response(body, media_type="text/plain; version=0.0.4; charset=utf-8")


@router.get("/api/sources", summary="The source registry with last runs (polwire sources)")
def api_sources(request: Request) -> JSONResponse:
    from polwire.storage.runs import last_runs_by_source

    web = web_state(request)
    with web.connection() as conn:
        last_runs = last_runs_by_source(conn)
    settings = web.settings
    return json_rows(request, source_rows(settings.registry, last_runs, settings.default_cron))


@router.get(
    "/api/health", summary="Per source: last run, last success, verdict (polwire health --all)"
)
def api_health(
    request: Request, source: Filter = None, runs: Annotated[int, Query(ge=1, le=100)] = 10
) -> JSONResponse:
    from polwire.storage.health import source_overview

    web = web_state(request)
    with web.connection() as conn:
        found = source_overview(conn, source=blank_is_none(source), trend_runs=runs)
    names = [] if source else [s.name for s in web.settings.registry.enabled()]
    return json_rows(request, health_rows(found, names))


@router.get("/api/runs", summary="Crawl runs, newest first (polwire runs)")
def api_runs(
    request: Request,
    filters: Annotated[RunFilters, Depends(run_filters)],
    limit: Limit = 20,
    offset: Offset = 0,
) -> JSONResponse:
    found = find_runs(web_state(request), filters, limit=limit, offset=offset)
    return json_rows(request, [run_row(r) for r in found], limit=limit, offset=offset)


@router.get("/api/runs/{run_id}", summary="One run in full (polwire runs show ID)")
def api_run(
    request: Request, run_id: int, tail: Annotated[int, Query(ge=0, le=10_000)] = 20
) -> JSONResponse:
    from polwire.storage.runs import get_run

    with web_state(request).connection() as conn:
        run = get_run(conn, run_id)
    if run is None:
        raise HTTPException(404, f"no run {run_id}")
    return json_rows(request, run_show_row(run, log_tail(run.log_path, tail)))


@router.get(
    "/api/runs/{run_id}/log",
    summary="A run's log from a byte offset: poll with next_offset to follow a running crawl",
)
def api_run_log(
    request: Request,
    run_id: int,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=CHUNK_BYTES)] = CHUNK_BYTES,
    format: Annotated[str, Query(pattern="^(json|text)$")] = "json",
) -> Response:
    from polwire.storage.runs import get_run

    with web_state(request).connection() as conn:
        run = get_run(conn, run_id)
    if run is None:
        raise HTTPException(404, f"no run {run_id}")
    chunk = read_chunk(run.log_path, offset, limit)
    if format == "text":
        if chunk.error:
            raise HTTPException(404, chunk.error)
        return PlainTextResponse(chunk.text, headers={"X-Next-Offset": str(chunk.next_offset)})
    return json_rows(
        request,
        {
            "id": run.id,
            "status": run.status,
            "log_path": run.log_path,
            "offset": chunk.offset,
            "next_offset": chunk.next_offset,
            "size": chunk.size,
            "text": chunk.text,
            # nothing more will come: the run has ended and everything written was read
            "complete": run.status != "running" and chunk.next_offset >= chunk.size,
            "error": chunk.error,
        },
    )


@router.get("/api/search", summary="Full-text search (polwire search), by words and/or entity")
def api_search(
    request: Request,
    options: Annotated[SearchOptions, Depends(search_options)],
    q: Annotated[str, Query(max_length=4000)] = "",
) -> JSONResponse:
    if not q.strip() and not options.entity:
        raise HTTPException(422, "give q (words), entity (a name), or both")
    hits = run_search(web_state(request), q, options, marks=("«", "»"))
    return json_rows(
        request, [hit_row(h) for h in hits], limit=options.limit, offset=options.offset
    )


@router.get("/api/stories", summary="Stories carried by several outlets (polwire stories)")
def api_stories(
    request: Request,
    since: Filter = None,
    limit: Limit = 20,
    offset: Annotated[int, Query(ge=0, le=MAX_LIMIT)] = 0,
) -> JSONResponse:
    from polwire.storage.stories import list_stories

    with web_state(request).connection() as conn:
        found = list_stories(conn, since=moment(since, "since"), limit=limit + offset)[offset:]
    return json_rows(request, [asdict(s) for s in found], limit=limit, offset=offset)


@router.get(
    "/api/articles/{article_id}",
    summary="One article: fields, URLs, revisions and the watch's checks",
)
def api_article(request: Request, article_id: int) -> JSONResponse:
    from polwire.console.web.articles import load_article

    found = load_article(web_state(request), article_id)
    if found is None:
        raise HTTPException(404, f"no article {article_id}")
    row = asdict(found.article)
    row["urls"] = [asdict(u) for u in found.urls]
    row["revisions"] = [asdict(r) for r in found.revisions]
    row["editions"] = found.editions
    row["checks"] = found.checks
    return json_rows(request, row)


@router.get("/api/entities", summary="Political entities with mention counts (polwire entities)")
def api_entities(
    request: Request,
    q: Annotated[str | None, Query(max_length=200)] = None,
    country: Annotated[str | None, Query(max_length=8)] = None,
    kind: Annotated[str | None, Query(max_length=20)] = None,
    limit: Limit = 100,
) -> JSONResponse:
    from polwire.storage.entities import list_entities

    with web_state(request).connection() as conn:
        rows = list_entities(
            conn,
            text=blank_is_none(q),
            country=blank_is_none(country),
            kind=blank_is_none(kind),
            limit=limit,
        )
    return json_rows(request, rows)


@router.get(
    "/api/entities/{entity_id}",
    summary="One entity: names, offices, mentions per day and source, latest articles",
)
def api_entity(
    request: Request, entity_id: str, days: Annotated[int, Query(ge=1, le=3660)] = 90
) -> JSONResponse:
    from polwire.console.web.entity_views import load_entity

    view = load_entity(web_state(request), entity_id, days=days)
    if view is None:
        raise HTTPException(404, f"no entity {entity_id!r}")
    return json_rows(request, view.as_json())


@router.get("/api/gone", summary="Articles taken down, newest first (polwire gone)")
def api_gone(
    request: Request,
    source: str | None = None,
    since: str | None = None,
    limit: Limit = 100,
) -> JSONResponse:
    from polwire.storage.watch import gone_articles

    with web_state(request).connection() as conn:
        found = gone_articles(
            conn, source=blank_is_none(source), since=moment(since, "since"), limit=limit
        )
    return json_rows(request, found)
