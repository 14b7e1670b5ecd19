-- The last successful runs of a source before a given run: the history its health is judged by.
SELECT id, source, started_at, finished_at, status, items_stored, items_duplicate,
       items_dropped, errors, stats, log_path, health, finish_reason, trigger, hostname, pid
FROM crawl_runs
WHERE source = %(source)s AND status = 'succeeded' AND id < %(before_id)s
ORDER BY id DESC
LIMIT %(limit)s
