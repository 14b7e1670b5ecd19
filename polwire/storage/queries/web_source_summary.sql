-- Per source that has runs: its latest run, latest verdict, latest success, since when it has
-- not been healthy, the coverage of its latest finished run and the items stored by its last finished runs (oldest first). The
-- sources come from a loose index scan of crawl_runs_source_started, so the cost is a few
-- index probes per source however many runs are stored (a window over all runs is not).
WITH RECURSIVE names AS (
    (SELECT source FROM crawl_runs ORDER BY source LIMIT 1)
    UNION ALL
    SELECT (SELECT r.source FROM crawl_runs r WHERE r.source > n.source
            ORDER BY r.source LIMIT 1)
    FROM names n
    WHERE n.source IS NOT NULL
)
SELECT n.source,
       l.id AS last_run_id,
       l.started_at AS last_run_at,
       l.status AS last_status,
       h.health,
       h.id AS health_run_id,
       s.finished_at AS last_success_at,
       s.id AS last_success_id,
       f.coverage,
       k.started_at AS last_ok_at,
       b.started_at AS unhealthy_since,
       coalesce(t.items_trend, '{}') AS items_trend
FROM names n
CROSS JOIN LATERAL (
    SELECT r.id, r.started_at, r.status FROM crawl_runs r
    WHERE r.source = n.source ORDER BY r.started_at DESC, r.id DESC LIMIT 1
) l
LEFT JOIN LATERAL (
    SELECT r.id, r.health FROM crawl_runs r
    WHERE r.source = n.source AND r.health IS NOT NULL
    ORDER BY r.started_at DESC, r.id DESC LIMIT 1
) h ON true
LEFT JOIN LATERAL (
    -- crawl_runs_source_succeeded: the newest success by id (ids grow with start time)
    SELECT r.id, r.finished_at FROM crawl_runs r
    WHERE r.source = n.source AND r.status = 'succeeded' ORDER BY r.id DESC LIMIT 1
) s ON true
LEFT JOIN LATERAL (
    -- only asked of a source whose latest verdict is not ok (a one-time filter skips the rest)
    SELECT r.started_at FROM crawl_runs r
    WHERE h.health ->> 'status' <> 'ok'
      AND r.source = n.source AND r.health ->> 'status' = 'ok'
    ORDER BY r.started_at DESC, r.id DESC LIMIT 1
) k ON true
LEFT JOIN LATERAL (
    -- the first judged run that was not ok since the last one that was: "broken since"
    SELECT r.started_at FROM crawl_runs r
    WHERE h.health ->> 'status' <> 'ok'
      AND r.source = n.source AND r.health ->> 'status' <> 'ok'
      AND r.started_at > coalesce(k.started_at, '-infinity')  -- an index bound, not an OR
    ORDER BY r.started_at, r.id LIMIT 1
) b ON true
LEFT JOIN LATERAL (
    -- the newest finished run's coverage: one row's stats read (they are kilobytes each)
    SELECT r.stats -> 'summary' -> 'coverage' AS coverage FROM crawl_runs r
    WHERE r.source = n.source AND r.status <> 'running'
    ORDER BY r.started_at DESC, r.id DESC LIMIT 1
) f ON true
LEFT JOIN LATERAL (
    SELECT array_agg(x.items_stored ORDER BY x.started_at, x.id) AS items_trend
    FROM (SELECT r.items_stored, r.started_at, r.id FROM crawl_runs r
          WHERE r.source = n.source AND r.status <> 'running'
          ORDER BY r.started_at DESC, r.id DESC LIMIT %(trend_runs)s) x
) t ON true
WHERE n.source IS NOT NULL
ORDER BY n.source
