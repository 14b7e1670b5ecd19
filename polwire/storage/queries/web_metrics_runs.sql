-- Everything /metrics says about runs (crawl_run_totals, migration 0009), with the bounds of
-- the duration histogram; Python adds the groups up into counters, gauges and the histogram.
SELECT source, status, bounds_above, runs, items_stored, seconds,
       extract(epoch FROM last_started_at)::float8 AS last_started_epoch,
       extract(epoch FROM last_finished_at)::float8 AS last_finished_epoch,
       polwire_run_duration_bounds() AS bounds
FROM crawl_run_totals
WHERE runs > 0
