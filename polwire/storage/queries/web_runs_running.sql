-- The runs going on now (partial index crawl_runs_running), newest first.
SELECT id, source, started_at, finished_at, status, items_stored, items_duplicate,
       items_dropped, errors, stats, log_path, health, finish_reason, trigger, hostname, pid
FROM crawl_runs
WHERE status = 'running'
ORDER BY started_at DESC, id DESC
LIMIT %(limit)s
