-- The crawls the lost workers had claimed go back to the queue (sent again by the caller).
UPDATE crawl_dispatches
SET state = 'queued', worker_id = NULL,
    note = format('requeued: worker %%s lost', worker_id)
WHERE worker_id = ANY(%(ids)s) AND state = 'running'
RETURNING id, source, trigger, kind, params
