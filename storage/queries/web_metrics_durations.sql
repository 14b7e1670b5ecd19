-- Finished runs per source by how many histogram bounds their duration is at or under
-- (width_bucket over the negated bounds, ascending, counts the bounds >= the duration), with
-- the sum of durations: the Prometheus histogram is cumulated from these in Python.
SELECT source,
       width_bucket(-extract(epoch FROM finished_at - started_at)::float8,
                    %(negated_bounds)s::float8[]) AS bounds_above,
       count(*) AS runs,
       sum(extract(epoch FROM finished_at - started_at))::float8 AS seconds
FROM crawl_runs
WHERE finished_at IS NOT NULL
GROUP BY source, bounds_above
