"""`polwire worker`: a crawl worker of a cluster, in the foreground until SIGTERM/SIGINT."""

from __future__ import annotations

import sys

import click

from polwire.console.context import AppContext


@click.command("worker")
@click.option("--name", metavar="N", help="This worker's name (default: the host name).")
@click.option(
    "--concurrency",
    type=click.IntRange(1),
    default=2,
    show_default=True,
    help="Crawls run at a time, each in its own process.",
)
@click.option(
    "--grace",
    "stop_grace",
    type=click.FloatRange(0),
    metavar="SECONDS",
    envvar="POLWIRE_WORKER_GRACE",
    help="On SIGTERM, how long running crawls may go on before they are stopped and sent back "
    "to the queue (default: [scheduler] stop_grace_seconds, 10 s).",
)
@click.pass_obj
def worker(app: AppContext, name: str | None, concurrency: int, stop_grace: float | None) -> None:
    """Run crawl tasks from the cluster's broker ([cluster] broker_url or POLWIRE_BROKER_URL).

    \b
    Each crawl runs in its own process against the shared PostgreSQL, its log under this
    worker's POLWIRE_HOME/logs and in the database (`polwire logs ID` from anywhere). A worker
    heartbeats in PostgreSQL; one silent for [cluster] worker_timeout_seconds is lost: its
    runs are marked aborted and its crawls go to other workers. SIGTERM: no new tasks; the
    running crawls may finish within --grace, then they are stopped (their runs aborted with
    the reason) and their tasks go back to the queue for another worker; then it exits.
    """
    from polwire.cluster.worker import WORKER_LOG, ClusterWorker, WorkerOptions
    from polwire.config import BROKER_URL_ENV, broker_url
    from scheduler.service import configure_service_logging

    broker = broker_url(app.config)
    if broker is None:
        raise click.ClickException(
            f"no broker: set [cluster] broker_url in the config or {BROKER_URL_ENV}"
        )
    log_path = configure_service_logging(app.home, debug=app.debug, log_name=WORKER_LOG)
    service = ClusterWorker(
        WorkerOptions(
            database_url=app.database_url(),
            broker_url=broker,
            home=app.home,
            config=app.config,
            config_path=app.config_path,
            name=name or "",
            concurrency=concurrency,
            stop_grace_seconds=stop_grace,
        )
    )
    click.echo(f"polwire worker {service.name}: {concurrency} at a time; log {log_path}", err=True)
    sys.exit(service.run())
