"""The HTML pages: overview, runs, one run, one source, search, stories, takedowns, one article,
login."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response

from polwire.console.web.app_paths import request_path
from polwire.console.web.auth import COOKIE_NAME, form_token_matches, safe_next, session_value
from polwire.console.web.logfile import read_tail
from polwire.console.web.login_guard import LoginGuard, client_of
from polwire.console.web.params import MAX_LIMIT, Filter, moment, next_link
from polwire.console.web.raw_view import raw_text
from polwire.console.web.rendering import snippet_marks
from polwire.console.web.run_listing import RunFilters, find_runs, run_filters
from polwire.console.web.searching import SearchOptions, run_search, search_options
from polwire.console.web.state import web_state

router = APIRouter(include_in_schema=False)
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
LOG_LINES_SHOWN = 5000


def page(request: Request, template: str, status: int = 200, **values: Any) -> HTMLResponse:
    html = request.app.state.templates.get_template(template).render(
        request_path=request_path(request),
        now=datetime.now(UTC),
        token_required=web_state(request).settings.token is not None,
        **values,
    )
    return HTMLResponse(html, status_code=status)


@router.get("/")
def overview(request: Request) -> HTMLResponse:
    from polwire.console.web.overview import source_lines, state_counts
    from polwire.console.web.spool_backlog import pending_segments
    from polwire.storage.dashboard import (
        recent_alerts,
        running_runs,
        scheduled_jobs,
        scheduler_leader,
        source_summaries,
    )

    web = web_state(request)
    with web.connection() as conn:
        summaries = source_summaries(conn, trend_runs=20)
        running = running_runs(conn)
        alerts = recent_alerts(conn, limit=10)
        jobs = scheduled_jobs(conn, limit=10)
        leader = scheduler_leader(conn)
    lines = source_lines(summaries, web.settings.registry)
    return page(
        request,
        "overview.html",
        title="Overview",
        lines=lines,
        counts=state_counts(lines),
        running=running,
        alerts=alerts,
        jobs=jobs,
        leader=leader,
        spool=pending_segments(web.settings.home),
    )


@router.get("/runs")
def runs(
    request: Request,
    filters: Annotated[RunFilters, Depends(run_filters)],
    limit: Limit = 50,
    offset: Offset = 0,
) -> HTMLResponse:
    web = web_state(request)
    found = find_runs(web, filters, limit=limit, offset=offset)
    return page(
        request,
        "runs.html",
        title="Runs",
        runs=found,
        filters=filters.form(),
        limit=limit,
        next_url=next_link(request, len(found), limit, offset),
        sources=sorted(web.settings.registry),
    )


@router.get("/runs/{run_id}")
def run(request: Request, run_id: int, log_q: str = "") -> HTMLResponse:
    from polwire.storage.runs import get_run

    with web_state(request).connection() as conn:
        found = get_run(conn, run_id)
    if found is None:
        raise HTTPException(404, f"no run {run_id}")
    tail = read_tail(found.log_path)
    lines = tail.text.splitlines()
    if log_q:
        needle = log_q.casefold()
        lines = [line for line in lines if needle in line.casefold()]
    health = found.health or {}
    return page(
        request,
        "run.html",
        title=f"Run {found.id} of {found.source}",
        run=found,
        health=health,
        checks=health.get("checks", []),
        summary=found.stats.get("summary") or {},
        stats=sorted((k, v) for k, v in found.stats.items() if k != "summary"),
        log_lines=lines[-LOG_LINES_SHOWN:],
        log_cut=len(lines) > LOG_LINES_SHOWN or tail.offset > 0,
        log_error=tail.error,
        log_next_offset=tail.next_offset,
        log_q=log_q,
    )


@router.get("/sources/{name}")
def source(request: Request, name: str) -> HTMLResponse:
    from polwire.console.web.source_charts import source_charts
    from polwire.storage.dashboard import next_run_at, source_runs

    web = web_state(request)
    registry = web.settings.registry
    # Registry.get would raise: its lookup error is not a KeyError but names the known ones.
    entry = next((s for s in registry.values() if s.name == name), None)
    with web.connection() as conn:
        points = source_runs(conn, name, limit=60)
        next_run = next_run_at(conn, name)
    if entry is None and not points:
        raise HTTPException(404, f"no source {name!r} in the registry or in crawl_runs")
    schedule = None
    if entry is not None:
        schedule = (
            f"every {entry.every_seconds}s"
            if entry.every_seconds
            else entry.cron or web.settings.default_cron
        )
    return page(
        request,
        "source.html",
        title=f"Source {name}",
        name=name,
        entry=entry.to_dict() if entry is not None else None,
        schedule=schedule,
        next_run=next_run,
        charts=source_charts(points),
        points=list(reversed(points))[:30],
        breaks=[p for p in points if p.coverage_check in ("warning", "critical")],
    )


@router.get("/search")
def search(
    request: Request,
    options: Annotated[SearchOptions, Depends(search_options)],
    q: Annotated[str, Query(max_length=4000)] = "",
) -> HTMLResponse:
    from polwire.storage.search import MAX_QUERY_CHARS

    marks = snippet_marks()
    hits = run_search(web_state(request), q, options, marks=marks)
    return page(
        request,
        "search.html",
        title=f"Search: {q or ' & '.join(options.entity)}" if q or options.entity else "Search",
        q=q,
        form=options.form(),
        hits=hits,
        marks=marks,
        cut=len(q) > MAX_QUERY_CHARS,
        offset=options.offset,
        next_url=(
            next_link(request, len(hits), options.limit, options.offset)
            if q.strip() or options.entity
            else None
        ),
        sources=sorted(web_state(request).settings.registry),
    )


@router.get("/stories")
def stories(
    request: Request, since: Filter = None, limit: Limit = 30, offset: Offset = 0
) -> HTMLResponse:
    from polwire.storage.stories import list_stories

    with web_state(request).connection() as conn:
        found = list_stories(conn, since=moment(since, "since"), limit=limit + offset)[offset:]
    return page(
        request,
        "stories.html",
        title="Stories",
        stories=found,
        since=since or "",
        next_url=next_link(request, len(found), limit, offset),
    )


@router.get("/entities")
def entities(
    request: Request,
    q: Annotated[str, Query(max_length=200)] = "",
    country: Annotated[str, Query(max_length=8)] = "",
    kind: Annotated[str, Query(max_length=20)] = "",
    limit: Limit = 200,
) -> HTMLResponse:
    from polwire.storage.entities import list_entities

    with web_state(request).connection() as conn:
        rows = list_entities(
            conn, text=q or None, country=country or None, kind=kind or None, limit=limit
        )
    return page(
        request,
        "entities.html",
        title="Entities",
        rows=rows,
        form={"q": q, "country": country, "kind": kind},
    )


@router.get("/entities/{entity_id}")
def entity(request: Request, entity_id: str) -> HTMLResponse:
    from polwire.console.web.entity_views import load_entity

    view = load_entity(web_state(request), entity_id)
    if view is None:
        raise HTTPException(404, f"no entity {entity_id!r}")
    return page(request, "entity.html", title=view.entity["name"], view=view, e=view.entity)


@router.get("/gone")
def gone(
    request: Request, source: str | None = None, since: str | None = None, limit: Limit = 100
) -> HTMLResponse:
    from polwire.storage.watch import gone_articles

    with web_state(request).connection() as conn:
        found = gone_articles(
            conn, source=source or None, since=moment(since, "since"), limit=limit
        )
    return page(
        request,
        "gone.html",
        title="Gone",
        articles=found,
        source=source or "",
        since=since or "",
    )


@router.get("/articles/{article_id}")
def article(request: Request, article_id: int) -> HTMLResponse:
    from polwire.console.web.articles import load_article

    view = load_article(web_state(request), article_id, with_diffs=True)
    if view is None:
        raise HTTPException(404, f"no article {article_id}")
    return page(request, "article.html", title=view.article.title, view=view, a=view.article)


@router.get("/articles/{article_id}/raw")
def article_raw(request: Request, article_id: int) -> Response:
    """The page as fetched, as text: served as HTML it would run the site's scripts here."""
    from polwire.storage.dashboard import raw_page

    with web_state(request).connection() as conn:
        found = raw_page(conn, article_id)
    if found is None:
        raise HTTPException(404, f"no raw page kept for article {article_id}")
    return PlainTextResponse(
        raw_text(found.html, found.http_encoding).encode("utf-8", "backslashreplace"),
        headers={
            "Content-Security-Policy": "sandbox; default-src 'none'",
            "Content-Disposition": f'inline; filename="article-{article_id}.html.txt"',
        },
    )


@router.get("/login")
def login_form(request: Request, next: str = "/") -> HTMLResponse:
    return page(request, "login.html", title="Log in", next=safe_next(next), failed=False)


@router.post("/login")
async def login(request: Request) -> Response:
    token = web_state(request).settings.token
    body = (await request.body())[: 16 * 1024].decode("utf-8", "replace")
    form = {k: v[0] for k, v in parse_qs(body).items()}
    target = safe_next(form.get("next"))
    if token is None:
        return RedirectResponse(target, status_code=303)
    guard: LoginGuard = request.app.state.logins
    client = client_of(request)
    wait = guard.wait_left(client)
    if wait > 0:
        seconds = max(1, math.ceil(wait))
        response: Response = page(
            request, "login.html", 429, title="Log in", next=target, failed=True, wait=seconds
        )
        response.headers["Retry-After"] = str(seconds)
        return response
    if not form_token_matches(token, form.get("token", "")):
        guard.failed(client, "login form")
        return page(request, "login.html", 401, title="Log in", next=target, failed=True)
    guard.succeeded(client)
    response = RedirectResponse(target, status_code=303)
    # Secure: browsers send it over HTTPS only (and to localhost); a token bound anywhere
    # else belongs behind a TLS proxy.
    response.set_cookie(
        COOKIE_NAME, session_value(token), httponly=True, secure=True, samesite="strict", path="/"
    )
    return response


@router.post("/logout")
def logout() -> Response:
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE_NAME, path="/", secure=True, httponly=True, samesite="strict")
    return response
