-- Workers and what each runs now; the lost and stopped ones only when asked for.
SELECT w.id, w.name, w.hostname, w.pid, w.concurrency, w.state, w.home, w.started_at,
       w.heartbeat_at, extract(epoch FROM now() - w.heartbeat_at)::float8 AS heartbeat_age_seconds,
       w.stopped_at, w.stop_reason,
       coalesce(array_agg(r.source ORDER BY r.id) FILTER (WHERE r.id IS NOT NULL), '{}') AS running,
       coalesce(array_agg(r.id ORDER BY r.id) FILTER (WHERE r.id IS NOT NULL), '{}') AS run_ids
FROM cluster_workers w
LEFT JOIN crawl_runs r ON r.worker_id = w.id AND r.status = 'running'
WHERE %(all)s OR w.state = 'running'
GROUP BY w.id
ORDER BY w.state, w.name, w.id
