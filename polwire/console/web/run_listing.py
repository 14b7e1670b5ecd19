"""The run list behind /runs and /api/runs: its filters read once, and the one query."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from polwire.console.web.params import Filter, RunStatus, blank_is_none, moment
from polwire.console.web.state import WebState


@dataclass(frozen=True)
class RunFilters:
    """`polwire runs`' filters as query parameters (a blank form field filters nothing)."""

    source: str | None
    status: RunStatus | None
    since: str | None

    def form(self) -> dict[str, str]:
        """The values to put back in the filter form."""
        return {"source": self.source or "", "status": self.status or "", "since": self.since or ""}


def run_filters(
    source: Filter = None, status: RunStatus | None = None, since: Filter = None
) -> RunFilters:
    """A FastAPI dependency (a function, so that its annotations resolve in this module)."""
    return RunFilters(source, status, since)


def find_runs(web: WebState, filters: RunFilters, *, limit: int, offset: int) -> list[Any]:
    """One page of runs, newest first."""
    from polwire.storage.dashboard import run_page

    with web.connection() as conn:
        return run_page(
            conn,
            source=blank_is_none(filters.source),
            status=filters.status,
            since=moment(filters.since, "since"),
            limit=limit,
            offset=offset,
        )
