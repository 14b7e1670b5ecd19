"""The Celery app of a crawl cluster: the broker, one durable queue of crawl tasks, and the
delivery rules that make a worker's death cost a redelivery, never a lost crawl."""

from __future__ import annotations

from typing import Any

from celery import Celery
from kombu.entity import Exchange, Queue

from polwire.config import ClusterConfig
from polwire.storage.cluster import IMPORT, Dispatch

CRAWL_TASK = "polwire.crawl"  # the crawl_dispatches id, and the source for an outage
IMPORT_TASK = "polwire.import"  # the same, for the import of one archive file


def cluster_app(broker_url: str, cluster: ClusterConfig) -> Any:
    """A Celery app for ``broker_url`` (redis:// or amqp://); no result backend: outcomes are
    crawl_runs and crawl_dispatches rows in PostgreSQL."""
    app = Celery("polwire", broker=broker_url, set_as_current=False)
    exchange = Exchange(cluster.queue, type="direct", durable=True)  # type: ignore[no-untyped-call]
    app.conf.update(
        task_queues=[
            Queue(cluster.queue, exchange, routing_key=cluster.queue, durable=True)  # type: ignore[no-untyped-call]
        ],
        task_default_queue=cluster.queue,
        task_default_exchange=cluster.queue,
        task_default_routing_key=cluster.queue,
        task_default_delivery_mode="persistent",  # survives a broker restart (durable queue)
        # Acknowledged when the crawl ends, not when it starts: a worker that dies mid-crawl
        # leaves the task unacknowledged, and the broker hands it to another worker.
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,  # a worker holds no more tasks than it runs
        broker_transport_options={"visibility_timeout": cluster.visibility_timeout_seconds},
        broker_connection_retry_on_startup=True,
        task_ignore_result=True,
        task_serializer="json",
        accept_content=["json"],
        worker_hijack_root_logger=False,
        worker_redirect_stdouts=False,
        worker_send_task_events=False,
        worker_enable_remote_control=False,  # no pidbox queues nobody reads
        broker_heartbeat=10,
    )
    return app


def send_dispatch(app: Any, dispatch: Dispatch, queue: str) -> None:
    """Put a dispatch of either kind on the queue (a new one, or one sent again)."""
    if dispatch.kind == IMPORT:
        send_import(app, dispatch.id, dispatch.source, dispatch.params, queue)
    else:
        send_crawl(app, dispatch.id, dispatch.source, dispatch.trigger, queue)


def send_import(
    app: Any, dispatch_id: int, run_name: str, params: dict[str, Any], queue: str
) -> None:
    """Put the import of one archive file on the queue; its file and selection travel too."""
    app.send_task(
        IMPORT_TASK,
        args=[dispatch_id],
        kwargs={"source": run_name, "params": params},
        queue=queue,
    )


def send_crawl(app: Any, dispatch_id: int, source: str, trigger: str, queue: str) -> None:
    """Put one crawl on the queue. Its row in crawl_dispatches has the rest; the source and
    trigger travel too, so a worker that cannot reach PostgreSQL still crawls (and spools)."""
    app.send_task(
        CRAWL_TASK,
        args=[dispatch_id],
        kwargs={"source": source, "trigger": trigger},
        queue=queue,
    )
