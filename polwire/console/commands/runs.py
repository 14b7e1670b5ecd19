"""`polwire runs`: recent crawl runs with their figures, and one run in full."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from polwire.console.context import AppContext
from polwire.console.output import format_option, render, to_jsonable

COLUMNS = (
    "id",
    "source",
    "status",
    "started_at",
    "duration_seconds",
    "items_stored",
    "items_duplicate",
    "items_dropped",
    "errors",
    "health_status",
)


def parse_since(value: str | None) -> datetime | None:
    """ISO date or datetime, or a relative age like 2h, 3d, 1w."""
    if not value:
        return None
    from datetime import UTC, timedelta

    units = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
    if value[-1:] in units and value[:-1].isdigit():
        return datetime.now(UTC) - timedelta(**{units[value[-1]]: int(value[:-1])})
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"{value!r}: use a date (2025-09-08), a datetime, or 2h/3d/1w"
        ) from None
    return moment if moment.tzinfo else moment.astimezone()


def parse_until(value: str | None) -> datetime | None:
    """Like --since, but a plain date means up to the end of that day."""
    moment = parse_since(value)
    if moment is not None and value and len(value) == 10 and value[4:5] == "-":
        from datetime import timedelta

        moment += timedelta(days=1)
    return moment


def run_row(run: Any) -> dict[str, Any]:
    row = asdict(run)
    row["duration_seconds"] = run.duration_seconds()
    row["health_status"] = (run.health or {}).get("status")
    return row


@click.group(invoke_without_command=True)
@click.option("--source", help="Only this source.")
@click.option("--status", type=click.Choice(["running", "succeeded", "failed", "aborted"]))
@click.option("--since", help="Started at or after: a date, a datetime, or 2h/3d/1w ago.")
@click.option("--limit", type=click.IntRange(1), default=20, show_default=True)
@format_option
@click.pass_context
def runs(
    ctx: click.Context,
    source: str | None,
    status: str | None,
    since: str | None,
    limit: int,
    fmt: str,
) -> None:
    """Recent crawl runs, newest first. `polwire runs show ID` for one run in full."""
    if ctx.invoked_subcommand is not None:
        return
    from polwire.storage.runs import list_runs

    app: AppContext = ctx.obj
    with app.connect() as conn:
        found = list_runs(conn, source=source, status=status, since=parse_since(since), limit=limit)
    rows = [run_row(r) for r in found]
    if fmt == "table":
        for row in rows:
            row.pop("stats", None)
    render(rows, fmt, COLUMNS)


@runs.command()
@click.argument("run_id", type=int)
@click.option(
    "--tail",
    type=click.IntRange(0),
    default=20,
    show_default=True,
    help="Lines of the run's log to show.",
)
@format_option
@click.pass_obj
def show(app: AppContext, run_id: int, tail: int, fmt: str) -> None:
    """One run: its figures, all its stats, health verdicts and the tail of its log."""
    from polwire.storage.run_logs import run_log_text
    from polwire.storage.runs import get_run

    with app.connect() as conn:
        run = get_run(conn, run_id)
        shipped = None
        if run is not None and not (run.log_path and Path(run.log_path).exists()):
            shipped = run_log_text(conn, run_id)  # a run of another machine
    if run is None:
        raise click.ClickException(f"no run {run_id} (see `polwire runs`)")
    row = run_row(run)
    if shipped is not None:
        row["log_tail"] = shipped.splitlines()[-tail:] if tail else []
    else:
        row["log_tail"] = log_tail(run.log_path, tail)
    if fmt in ("json", "jsonl"):
        import json

        click.echo(
            json.dumps(to_jsonable(row), ensure_ascii=False, indent=2 if fmt == "json" else None)
        )
        return
    if fmt == "csv":
        render([row], fmt, COLUMNS)
        return
    for key in (
        "id",
        "source",
        "status",
        "started_at",
        "finished_at",
        "duration_seconds",
        "finish_reason",
        "trigger",
        "hostname",
        "pid",
        "worker",
        "items_stored",
        "items_duplicate",
        "items_dropped",
        "errors",
        "log_path",
    ):
        click.echo(f"{key:16} {'' if row[key] is None else row[key]}")
    health = run.health or {}
    click.echo(f"{'health':16} {health.get('status', 'not checked')}")
    for check in health.get("checks", []):
        click.echo(f"  - [{check.get('status')}] {check.get('name')}: {check.get('message')}")
    summary = run.stats.get("summary")
    if summary:
        click.echo("summary:")
        for key, value in summary.items():
            click.echo(f"  {key}: {value}")
    click.echo("stats:")
    for key in sorted(run.stats):
        click.echo(f"  {key}: {run.stats[key]}")
    click.echo(f"log (last {tail} lines):")
    for line in row["log_tail"]:
        click.echo(f"  {line}")


def log_tail(path: str | None, lines: int) -> list[str]:
    if not path or lines == 0:
        return []
    try:
        with Path(path).open("rb") as handle:
            handle.seek(0, 2)
            size = handle.tell()
            handle.seek(max(0, size - 256 * 1024))
            text = handle.read().decode("utf-8", "replace")
    except OSError:
        return [f"(log {path} is not readable here)"]
    return text.splitlines()[-lines:]
