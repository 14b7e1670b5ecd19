-- The last finished runs of one source, oldest first, with what its charts plot: items,
-- errors, duration, coverage per field, and the verdict of its coverage check.
SELECT x.id, x.started_at, x.status, x.items_stored, x.errors,
       extract(epoch FROM x.finished_at - x.started_at)::float8 AS duration_seconds,
       coalesce(x.stats -> 'summary' -> 'coverage', '{}'::jsonb) AS coverage,
       (SELECT c ->> 'status' FROM jsonb_array_elements(coalesce(x.health -> 'checks', '[]'))
         AS c WHERE c ->> 'name' = 'coverage' LIMIT 1) AS coverage_check,
       x.health ->> 'status' AS health_status
FROM (SELECT r.* FROM crawl_runs r
      WHERE r.source = %(source)s AND r.status <> 'running'
      ORDER BY r.started_at DESC, r.id DESC LIMIT %(limit)s) x
ORDER BY x.started_at, x.id
