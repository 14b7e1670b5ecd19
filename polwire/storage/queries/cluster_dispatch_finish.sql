UPDATE crawl_dispatches
SET state = %(state)s, run_id = coalesce(%(run_id)s, run_id), finished_at = now(),
    note = %(note)s
WHERE id = %(id)s AND (worker_id = %(worker_id)s OR worker_id IS NULL)
