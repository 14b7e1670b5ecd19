-- Per source: when it last ran, when it last succeeded and its latest verdict.
WITH per_source AS (
    SELECT source,
           max(started_at) AS last_run_at,
           max(finished_at) FILTER (WHERE status = 'succeeded') AS last_success_at
    FROM crawl_runs
    GROUP BY source
)
SELECT p.source,
       extract(epoch FROM p.last_run_at)::float8 AS last_run_epoch,
       extract(epoch FROM p.last_success_at)::float8 AS last_success_epoch,
       h.status AS health_status
FROM per_source p
LEFT JOIN LATERAL (
    SELECT r.health ->> 'status' AS status FROM crawl_runs r
    WHERE r.source = p.source AND r.health IS NOT NULL
    ORDER BY r.started_at DESC, r.id DESC LIMIT 1
) h ON true
ORDER BY p.source
