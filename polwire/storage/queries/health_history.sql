-- The last successful crawls of a source before a given run: the history its health is judged
-- by (watch passes fetch what is stored, not what is new: they are not the crawl's history).
SELECT id, source, started_at, finished_at, status, items_stored, items_duplicate,
       items_dropped, errors, stats, log_path, health, finish_reason, trigger, hostname, pid
FROM crawl_runs
WHERE source = %(source)s AND status = 'succeeded' AND id < %(before_id)s
  AND trigger <> 'watch'
ORDER BY id DESC
LIMIT %(limit)s
