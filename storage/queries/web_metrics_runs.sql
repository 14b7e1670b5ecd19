-- Runs and items stored per source and status, for polwire_crawl_runs_total and
-- polwire_articles_stored_total.
SELECT source, status, count(*) AS runs, coalesce(sum(items_stored), 0)::bigint AS items_stored
FROM crawl_runs
GROUP BY source, status
ORDER BY source, status
