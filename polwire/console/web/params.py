"""Query parameters shared by pages and API: the filters of `polwire runs` and `polwire search`."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from urllib.parse import urlencode

import click
from fastapi import HTTPException, Query, Request

from polwire.console.commands.runs import parse_since, parse_until
from polwire.console.web.app_paths import request_path

RunStatus = Literal["running", "succeeded", "failed", "aborted"]
Order = Literal["best", "newest"]
MAX_LIMIT = 1000
# A source name, country code, section or date is short; a longer value is no filter (and a
# word over 2047 characters is an error in a tsquery, where search puts the filters).
MAX_FILTER_CHARS = 200
Filter = Annotated[str | None, Query(max_length=MAX_FILTER_CHARS)]


def moment(value: str | None, name: str, *, until: bool = False) -> datetime | None:
    """--since / --until as the CLI reads them; a bad value is a 400 naming the parameter."""
    if value is None or value.strip() == "":
        return None
    try:
        return (parse_until if until else parse_since)(value.strip())
    except (click.BadParameter, ValueError, OverflowError) as exc:
        message = exc.message if isinstance(exc, click.BadParameter) else str(exc)
        raise HTTPException(400, f"{name}: {message}") from None


def blank_is_none(value: str | None) -> str | None:
    """An empty form field means no filter."""
    return value.strip() or None if value is not None else None


def page_url(request: Request, **changes: object) -> str:
    """This URL with some query parameters changed (for next/previous links)."""
    params = dict(request.query_params)
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = str(value)
    query = urlencode(params)
    return request_path(request) + (f"?{query}" if query else "")


def next_link(request: Request, got: int, limit: int, offset: int) -> str | None:
    """The next page when this one is full (it may be empty: counting would cost a scan)."""
    return page_url(request, offset=offset + limit) if got >= limit else None
