-- The run of one crawl process that could not close it itself (stopped from outside, killed,
-- or failed): `aborted` or `failed`, counting the articles it stored before it ended.
UPDATE crawl_runs
SET status = %(status)s, finished_at = %(finished_at)s, finish_reason = %(finish_reason)s,
    items_stored = CASE WHEN status = 'running'
                        THEN (SELECT count(*) FROM articles a WHERE a.run_id = crawl_runs.id)
                        ELSE items_stored END
WHERE hostname = %(hostname)s AND pid = %(pid)s AND started_at >= %(since)s
  AND (status = 'running' OR (status = 'aborted' AND finish_reason = 'shutdown'))
RETURNING id
