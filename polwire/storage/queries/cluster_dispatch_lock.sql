-- A dispatch and the worker that holds it, locked while a worker decides whether to run it.
SELECT d.id, d.source, d.trigger, d.settings, d.state, d.worker_id,
       w.state = 'running' AND w.heartbeat_at >= now() - make_interval(secs => %(timeout)s),
       d.kind, d.params
FROM crawl_dispatches d LEFT JOIN cluster_workers w ON w.id = d.worker_id
WHERE d.id = %(id)s
FOR UPDATE OF d
