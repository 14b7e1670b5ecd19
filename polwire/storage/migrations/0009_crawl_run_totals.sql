-- What /metrics reports about runs, kept up to date as runs are written, so a scrape reads a
-- few hundred rows instead of aggregating every run ever made (half a second at 100,000 runs
-- on a busy machine). Per source, status and duration bucket: runs, items stored, summed
-- duration, latest start and latest end. Read by storage/dashboard.py (metrics_snapshot).

-- The duration histogram's bounds in seconds (polwire_crawl_duration_seconds): crawls take
-- seconds (a small feed) to hours (a big sitemap); the scheduler stops one at 3 h.
CREATE FUNCTION polwire_run_duration_bounds() RETURNS float8[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN '{1,5,15,30,60,120,300,600,1800,3600,10800}'::float8[];

-- How many bounds a run's duration is at or under (Prometheus buckets are "le"); -1 for a
-- run not finished. width_bucket over the negated bounds, ascending, counts the bounds >= d.
CREATE FUNCTION polwire_run_bounds_above(started timestamptz, finished timestamptz)
    RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE WHEN finished IS NULL THEN -1
                ELSE width_bucket(-extract(epoch FROM finished - started)::float8,
                                  ARRAY(SELECT -b FROM unnest(polwire_run_duration_bounds())
                                        AS b ORDER BY b DESC))
           END;

CREATE TABLE crawl_run_totals (
    source           text             NOT NULL,
    status           text             NOT NULL,
    bounds_above     integer          NOT NULL,
    runs             bigint           NOT NULL,
    items_stored     bigint           NOT NULL,
    seconds          double precision NOT NULL,
    last_started_at  timestamptz,
    last_finished_at timestamptz,
    PRIMARY KEY (source, status, bounds_above)
);
COMMENT ON TABLE crawl_run_totals IS
    'crawl_runs added up per source, status and duration bucket (for /metrics); kept by a trigger.';

-- A run's share moves from its old key to its new one. The latest start and end only grow:
-- a run's status changes once, from running to how it ended, and runs are not deleted.
CREATE FUNCTION polwire_crawl_run_totals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE crawl_run_totals t
        SET runs = t.runs - 1,
            items_stored = t.items_stored - OLD.items_stored,
            seconds = t.seconds - coalesce(extract(epoch FROM OLD.finished_at - OLD.started_at), 0)
        WHERE t.source = OLD.source AND t.status = OLD.status
          AND t.bounds_above = polwire_run_bounds_above(OLD.started_at, OLD.finished_at);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO crawl_run_totals AS t (source, status, bounds_above, runs, items_stored,
                                           seconds, last_started_at, last_finished_at)
        VALUES (NEW.source, NEW.status, polwire_run_bounds_above(NEW.started_at, NEW.finished_at),
                1, NEW.items_stored,
                coalesce(extract(epoch FROM NEW.finished_at - NEW.started_at), 0),
                NEW.started_at, NEW.finished_at)
        ON CONFLICT (source, status, bounds_above) DO UPDATE
        SET runs = t.runs + 1,
            items_stored = t.items_stored + EXCLUDED.items_stored,
            seconds = t.seconds + EXCLUDED.seconds,
            last_started_at = greatest(t.last_started_at, EXCLUDED.last_started_at),
            last_finished_at = greatest(t.last_finished_at, EXCLUDED.last_finished_at);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER crawl_runs_totals
    AFTER INSERT OR DELETE OR UPDATE OF source, status, started_at, finished_at, items_stored
    ON crawl_runs
    FOR EACH ROW EXECUTE FUNCTION polwire_crawl_run_totals();

-- The dashboard's "critical since": a source's latest run judged ok, found without reading
-- every run of a source that has been failing for months (storage/queries/web_source_summary.sql).
CREATE INDEX crawl_runs_source_ok ON crawl_runs (source, started_at DESC)
    WHERE health ->> 'status' = 'ok';

INSERT INTO crawl_run_totals
SELECT source, status, polwire_run_bounds_above(started_at, finished_at), count(*),
       coalesce(sum(items_stored), 0),
       coalesce(sum(extract(epoch FROM finished_at - started_at)), 0),
       max(started_at), max(finished_at)
FROM crawl_runs
GROUP BY 1, 2, 3;
