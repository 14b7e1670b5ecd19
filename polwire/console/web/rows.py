"""The JSON rows of the API: the very shapes `polwire … --format json` prints, by the same code."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from polwire.console.commands.health import health_row, never_run_row
from polwire.console.commands.runs import run_row
from polwire.console.commands.search import hit_row as _hit_row
from polwire.console.commands.sources import source_row

__all__ = ["health_rows", "hit_row", "run_row", "run_show_row", "source_rows"]


def run_show_row(run: Any, log_tail: list[str]) -> dict[str, Any]:
    """`polwire runs show ID --format json`."""
    row = run_row(run)
    row["log_tail"] = log_tail
    return row


def source_rows(
    registry: Any, last_runs: dict[str, Any], default_cron: str
) -> list[dict[str, Any]]:
    """`polwire sources --format json`."""
    return [source_row(s, last_runs.get(s.name), default_cron) for s in registry.values()]


def health_rows(found: list[Any], enabled_names: list[str]) -> list[dict[str, Any]]:
    """`polwire health --all --format json`: every source with a run, then those never run."""
    rows = [health_row(asdict(entry)) for entry in found]
    known = {row["source"] for row in rows}
    rows += [never_run_row(name) for name in enabled_names if name not in known]
    rows.sort(key=lambda r: r["source"])
    return rows


def hit_row(hit: Any) -> dict[str, Any]:
    """One row of `polwire search --format json`."""
    return _hit_row(asdict(hit))
