SELECT r.id, r.source, r.started_at, r.finished_at, r.status, r.items_stored, r.items_duplicate,
       r.items_dropped, r.errors, r.stats, r.log_path, r.health, r.finish_reason, r.trigger,
       r.hostname, r.pid, r.worker_id, w.name AS worker
FROM crawl_runs r LEFT JOIN cluster_workers w ON w.id = r.worker_id
WHERE (%(source)s::text IS NULL OR r.source = %(source)s)
  AND (%(status)s::text IS NULL OR r.status = %(status)s)
  AND (%(since)s::timestamptz IS NULL OR r.started_at >= %(since)s)
ORDER BY r.started_at DESC, r.id DESC
LIMIT %(limit)s
