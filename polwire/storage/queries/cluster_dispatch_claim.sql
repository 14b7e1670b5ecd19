UPDATE crawl_dispatches
SET state = 'running', worker_id = %(worker_id)s, attempts = attempts + 1, started_at = now(),
    note = NULL
WHERE id = %(id)s
