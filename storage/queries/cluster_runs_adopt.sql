-- Runs a worker's spool drain created or finished: they ran on that worker.
UPDATE crawl_runs SET worker_id = %(worker_id)s
WHERE id = ANY(%(ids)s) AND worker_id IS NULL
