-- Per source: its latest run, the latest verdict, its latest success and the items stored by
-- its last trend_runs finished runs (oldest first).
WITH ranked AS (
    SELECT r.id, r.source, r.started_at, r.finished_at, r.status, r.items_stored, r.health,
           row_number() OVER (PARTITION BY r.source ORDER BY r.started_at DESC, r.id DESC) AS nth,
           row_number() OVER (PARTITION BY r.source, r.status <> 'running'
                              ORDER BY r.started_at DESC, r.id DESC) AS nth_finished
    FROM crawl_runs r
    WHERE %(source)s::text IS NULL OR r.source = %(source)s::text
)
SELECT l.source,
       l.id AS last_run_id,
       l.started_at AS last_run_at,
       l.status AS last_status,
       (SELECT h.health FROM crawl_runs h
         WHERE h.source = l.source AND h.health IS NOT NULL
         ORDER BY h.started_at DESC, h.id DESC LIMIT 1) AS health,
       (SELECT max(s.finished_at) FROM crawl_runs s
         WHERE s.source = l.source AND s.status = 'succeeded') AS last_success_at,
       (SELECT coalesce(array_agg(t.items_stored ORDER BY t.started_at, t.id), '{}')
          FROM ranked t
         WHERE t.source = l.source AND t.status <> 'running'
           AND t.nth_finished <= %(trend_runs)s) AS items_trend
FROM ranked l
WHERE l.nth = 1
ORDER BY l.source
