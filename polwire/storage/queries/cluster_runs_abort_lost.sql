-- The runs the lost workers were crawling: they cannot close them any more. What each stored
-- before its worker was lost stays counted.
UPDATE crawl_runs r
SET status = 'aborted', finished_at = now(),
    items_stored = (SELECT count(*) FROM articles a WHERE a.run_id = r.id),
    finish_reason = format('worker %%s (pid %%s on %%s) lost: no heartbeat since %%s',
                           w.name, w.pid, w.hostname, w.heartbeat_at)
FROM cluster_workers w
WHERE r.worker_id = w.id AND w.id = ANY(%(ids)s) AND r.status = 'running'
RETURNING r.id, r.source, r.hostname || ':' || r.pid
