SELECT DISTINCT ON (source)
       id, source, started_at, finished_at, status, items_stored, items_duplicate,
       items_dropped, errors, stats, log_path, health, finish_reason, trigger, hostname, pid
FROM crawl_runs
ORDER BY source, started_at DESC, id DESC
