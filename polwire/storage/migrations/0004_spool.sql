-- The spool drain's bookkeeping: which spooled runs and segments are already in the
-- database, so a segment replayed after a crash mid-drain creates nothing twice.

-- One row per spool directory: the crawl_runs row its items belong to.
CREATE TABLE spool_runs (
    spool_key   text        PRIMARY KEY,   -- the spool directory name
    run_id      bigint      REFERENCES crawl_runs (id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz                -- when its run_finish record was loaded
);
CREATE INDEX spool_runs_run ON spool_runs (run_id);

-- One row per loaded segment, written in the transaction that loads it.
CREATE TABLE spool_segments (
    spool_key  text        NOT NULL REFERENCES spool_runs (spool_key) ON DELETE CASCADE,
    segment    text        NOT NULL,       -- file name, e.g. 000003.jsonl
    loaded_at  timestamptz NOT NULL DEFAULT now(),
    articles   integer     NOT NULL DEFAULT 0,
    stored     integer     NOT NULL DEFAULT 0,
    revised    integer     NOT NULL DEFAULT 0,
    duplicate  integer     NOT NULL DEFAULT 0,
    PRIMARY KEY (spool_key, segment)
);

-- The scheduler's persistent jobs (APScheduler 3's SQLAlchemyJobStore layout, which would
-- otherwise create it on first start): what lets a run missed while the service was down
-- run once when it comes back. One row per crawl job; job id = source name.
CREATE TABLE scheduler_jobs (
    id            varchar(191) PRIMARY KEY,
    next_run_time double precision,
    job_state     bytea        NOT NULL
);
CREATE INDEX ix_scheduler_jobs_next_run_time ON scheduler_jobs (next_run_time);
