"""`polwire health`: per source, the last run, the last success, the verdict and items per run."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import click

from polwire.console.context import AppContext
from polwire.console.output import format_option, render

COLUMNS = (
    "source",
    "last_run_id",
    "last_run_at",
    "last_status",
    "health",
    "failing",
    "last_success_at",
    "items_trend",
)
_BARS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[int]) -> str:
    """Items per run as bars, highest run full height, so a fall to zero stands out."""
    if not values:
        return ""
    top = max(values)
    if top == 0:
        return _BARS[0] * len(values)
    return "".join(_BARS[round(v / top * (len(_BARS) - 1))] for v in values)


@click.command()
@click.option("--source", help="Only this source.")
@click.option(
    "--runs",
    "trend_runs",
    type=click.IntRange(1, 100),
    default=10,
    show_default=True,
    help="Finished runs in the items trend.",
)
@click.option("--all", "show_all", is_flag=True, help="Also registry sources never run.")
@format_option
@click.pass_obj
def health(app: AppContext, source: str | None, trend_runs: int, show_all: bool, fmt: str) -> None:
    """How each source is doing: its last run, last success, health verdict and items per run.

    The verdict is the one on the source's latest checked run (see `polwire runs show ID`
    for its checks). The trend lists items stored by its last runs, oldest first.
    """
    from polwire.storage.health import source_overview

    with app.connect() as conn:
        found = source_overview(conn, source=source, trend_runs=trend_runs)
    rows = [health_row(asdict(entry)) for entry in found]
    if show_all and source is None:
        known = {row["source"] for row in rows}
        rows += [never_run_row(s.name) for s in app.registry().enabled() if s.name not in known]
        rows.sort(key=lambda r: r["source"])
    if fmt == "table":
        for row in rows:
            trend = row["items_trend"]
            row["items_trend"] = f"{sparkline(trend)} {trend[-1]}" if trend else ""
    render(rows, fmt, COLUMNS)


def health_row(entry: dict[str, Any]) -> dict[str, Any]:
    verdict = entry.pop("health") or {}
    entry["health"] = verdict.get("status")
    entry["failing"] = [c["name"] for c in verdict.get("checks", []) if c.get("status") != "ok"]
    entry["checks"] = verdict.get("checks", [])
    return entry


def never_run_row(name: str) -> dict[str, Any]:
    return {
        "source": name,
        "last_run_id": None,
        "last_run_at": None,
        "last_status": "never run",
        "health": None,
        "failing": [],
        "checks": [],
        "last_success_at": None,
        "items_trend": [],
    }
