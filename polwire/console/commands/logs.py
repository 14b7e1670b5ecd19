"""`polwire logs`: the log file of one crawl run, followed until the run ends with --follow."""

from __future__ import annotations

import os
import socket
import sys
import time
from pathlib import Path
from typing import Any, BinaryIO

import click

from polwire.console.context import AppContext

CHUNK_BYTES = 64 * 1024


@click.command()
@click.argument("run_id", type=int)
@click.option(
    "-f", "--follow", is_flag=True, help="Keep printing what a running crawl logs until it ends."
)
@click.option(
    "--poll",
    type=click.FloatRange(0.05),
    default=1.0,
    show_default=True,
    help="With --follow: seconds between looks at the file and the run's status.",
)
@click.pass_obj
def logs(app: AppContext, run_id: int, follow: bool, poll: float) -> None:
    """Print the log of run RUN_ID (see `polwire runs`).

    \b
    polwire logs 42
    polwire logs 42 --follow     # like tail -f, stops when the crawl ends
    """
    from polwire.storage.runs import get_run

    with app.connect() as conn:
        run = get_run(conn, run_id)
        if run is None:
            raise click.ClickException(f"no run {run_id} (see `polwire runs`)")
        path = Path(run.log_path) if run.log_path else None
        if path is None or not path.exists():
            # Another machine's (or another worker's) run: the copy its crawl shipped.
            if _print_shipped(conn, run, follow=follow, poll=poll):
                return
            if path is None:
                raise click.ClickException(f"run {run_id} has no log file")
        assert path is not None
        if not follow or run.status != "running":
            _print_whole(path, run)
            return
        _follow(path, run_id, conn, poll)


def _print_shipped(conn: Any, run: Any, *, follow: bool, poll: float) -> bool:
    """Print the log the run's crawl shipped to PostgreSQL; False when it shipped none."""
    from polwire.storage.run_logs import read_run_log
    from polwire.storage.runs import get_run

    run_id = int(run.id)
    log = read_run_log(conn, run_id)
    running = run.status == "running"
    if not log.chunks and not (follow and running):
        return False
    sys.stdout.write(log.text)
    last = log.last_seq
    while follow and running:
        sys.stdout.flush()
        time.sleep(poll)
        current = get_run(conn, run_id)
        conn.rollback()  # a fresh snapshot for the status
        running = current is not None and current.status == "running"
        if not running:
            time.sleep(min(2.0, 2 * poll))  # the last chunk is shipped as the crawl closes
        more = read_run_log(conn, run_id, after=last)
        sys.stdout.write(more.text)
        last = more.last_seq
    sys.stdout.flush()
    return True


def _print_whole(path: Path, run: Any) -> None:
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise click.ClickException(_unreadable(path, run, exc)) from None
    with handle:
        _copy(handle)


def _copy(handle: BinaryIO) -> int:
    """Copy what the file has from the current position to stdout; return the bytes copied."""
    copied = 0
    out = sys.stdout.buffer
    while chunk := handle.read(CHUNK_BYTES):
        out.write(chunk)
        copied += len(chunk)
    out.flush()
    return copied


def _follow(path: Path, run_id: int, conn: Any, poll: float) -> None:
    from polwire.storage.runs import get_run

    handle: BinaryIO | None = None
    try:
        while True:
            if handle is None and path.exists():
                handle = path.open("rb")
            if handle is not None:
                _copy(handle)
            conn.rollback()  # a fresh snapshot, so the status below is the current one
            run = get_run(conn, run_id)
            if run is None or run.status != "running" or not _process_alive(run):
                if handle is None and path.exists():
                    handle = path.open("rb")
                if handle is not None:
                    _drain(handle)
                if run is not None and run.status == "running":
                    click.echo(
                        f"(run {run_id} is marked running but its process {run.pid} is gone)",
                        err=True,
                    )
                return
            time.sleep(poll)
    finally:
        if handle is not None:
            handle.close()


def _drain(handle: BinaryIO, quiet: float = 0.3) -> None:
    """Copy the rest: the run is recorded as ended a moment before its last lines are written,
    so copy until the file has stopped growing."""
    while _copy(handle):
        time.sleep(quiet)


def _process_alive(run: Any) -> bool:
    """Whether the crawl's process still runs; unknown (another host, no pid) counts as alive."""
    if not run.pid or run.hostname != socket.gethostname():
        return True
    try:
        os.kill(run.pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _unreadable(path: Path, run: Any, exc: OSError) -> str:
    where = f" (the run was on {run.hostname})" if run.hostname != socket.gethostname() else ""
    return f"cannot read the log of run {run.id}: {path}: {exc.strerror}{where}"
