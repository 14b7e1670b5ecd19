-- Runs of a source left `running` by a worker's crawl, found by the worker that now holds the
-- source's lock: whoever ran them is gone. What each stored before stays counted.
UPDATE crawl_runs
SET status = 'aborted', finished_at = now(), finish_reason = %(reason)s,
    items_stored = (SELECT count(*) FROM articles a WHERE a.run_id = crawl_runs.id)
WHERE source = %(source)s AND status = 'running' AND worker_id IS NOT NULL
  AND worker_id <> %(worker_id)s
RETURNING id
