-- One page of runs with the filters of `polwire runs`, newest first.
SELECT id, source, started_at, finished_at, status, items_stored, items_duplicate,
       items_dropped, errors, stats, log_path, health, finish_reason, trigger, hostname, pid
FROM crawl_runs
WHERE (%(source)s::text IS NULL OR source = %(source)s)
  AND (%(status)s::text IS NULL OR status = %(status)s)
  AND (%(since)s::timestamptz IS NULL OR started_at >= %(since)s)
ORDER BY started_at DESC, id DESC
LIMIT %(limit)s OFFSET %(offset)s
