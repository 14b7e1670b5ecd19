-- The latest verdict of every source: a loose index scan for the sources, then one probe of
-- crawl_runs_source_started each (never a pass over all runs' health).
WITH RECURSIVE names AS (
    (SELECT source FROM crawl_runs ORDER BY source LIMIT 1)
    UNION ALL
    SELECT (SELECT r.source FROM crawl_runs r WHERE r.source > n.source
            ORDER BY r.source LIMIT 1)
    FROM names n
    WHERE n.source IS NOT NULL
)
SELECT n.source, h.status
FROM names n
CROSS JOIN LATERAL (
    SELECT r.health ->> 'status' AS status FROM crawl_runs r
    WHERE r.source = n.source AND r.health IS NOT NULL
    ORDER BY r.started_at DESC, r.id DESC LIMIT 1
) h
WHERE n.source IS NOT NULL
