-- The run of one crawl process the scheduler had to kill (it could not close its run itself).
UPDATE crawl_runs
SET status = 'aborted', finished_at = %(finished_at)s, finish_reason = %(finish_reason)s
WHERE hostname = %(hostname)s AND pid = %(pid)s AND started_at >= %(since)s
  AND (status = 'running' OR (status = 'aborted' AND finish_reason = 'shutdown'))
RETURNING id
