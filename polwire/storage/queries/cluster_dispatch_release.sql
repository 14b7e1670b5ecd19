-- A dispatch its worker gives back unfinished (stopped before the crawl could end): queued
-- again for another worker.
UPDATE crawl_dispatches
SET state = 'queued', worker_id = NULL, started_at = NULL, note = %(note)s
WHERE id = %(id)s AND worker_id = %(worker_id)s AND state = 'running'
RETURNING id
