-- A crawl cluster (`polwire worker` on several machines): the workers and their heartbeats,
-- the crawls sent to the broker, run logs shipped to the database, and the per-domain
-- request limits that every worker's crawls share.

CREATE TABLE cluster_workers (
    id           bigserial   PRIMARY KEY,
    name         text        NOT NULL,
    hostname     text        NOT NULL,
    pid          integer     NOT NULL,
    concurrency  integer     NOT NULL,
    home         text,
    state        text        NOT NULL DEFAULT 'running'
                 CHECK (state IN ('running', 'stopped', 'lost')),
    started_at   timestamptz NOT NULL DEFAULT now(),
    heartbeat_at timestamptz NOT NULL DEFAULT now(),
    stopped_at   timestamptz,
    stop_reason  text
);
CREATE INDEX cluster_workers_live ON cluster_workers (heartbeat_at) WHERE state = 'running';

-- One row per crawl sent to the broker; the task carries only its id, and a worker claims
-- it here, so a message the broker delivers twice runs once.
CREATE TABLE crawl_dispatches (
    id          bigserial   PRIMARY KEY,
    source      text        NOT NULL,
    trigger     text        NOT NULL,
    settings    jsonb       NOT NULL DEFAULT '[]'::jsonb,
    state       text        NOT NULL DEFAULT 'queued'
                CHECK (state IN ('queued', 'running', 'done', 'skipped')),
    worker_id   bigint      REFERENCES cluster_workers (id) ON DELETE SET NULL,
    run_id      bigint      REFERENCES crawl_runs (id) ON DELETE SET NULL,
    attempts    integer     NOT NULL DEFAULT 0,
    queued_at   timestamptz NOT NULL DEFAULT now(),
    started_at  timestamptz,
    finished_at timestamptz,
    note        text
);
CREATE INDEX crawl_dispatches_open ON crawl_dispatches (source) WHERE state IN ('queued', 'running');
CREATE INDEX crawl_dispatches_worker ON crawl_dispatches (worker_id) WHERE state = 'running';

ALTER TABLE crawl_runs
    ADD COLUMN worker_id   bigint REFERENCES cluster_workers (id) ON DELETE SET NULL,
    ADD COLUMN dispatch_id bigint REFERENCES crawl_dispatches (id) ON DELETE SET NULL;
CREATE INDEX crawl_runs_worker_running ON crawl_runs (worker_id) WHERE status = 'running';

-- A run's log, in the order its crawl process wrote it (the file under POLWIRE_HOME stays).
CREATE TABLE run_log_chunks (
    run_id     bigint      NOT NULL REFERENCES crawl_runs (id) ON DELETE CASCADE,
    seq        integer     NOT NULL,
    written_at timestamptz NOT NULL DEFAULT now(),
    text       text        NOT NULL,
    PRIMARY KEY (run_id, seq)
);

-- Requests in flight per domain, across every crawl process of the cluster; a lease left by
-- a killed crawl frees itself when it expires.
CREATE TABLE domain_leases (
    id         bigserial   PRIMARY KEY,
    domain     text        NOT NULL,
    holder     text        NOT NULL,
    expires_at timestamptz NOT NULL
);
CREATE INDEX domain_leases_domain ON domain_leases (domain, expires_at);

-- The earliest time the next request to a domain may start (robots.txt Crawl-delay).
CREATE TABLE domain_pace (
    domain        text             PRIMARY KEY,
    next_at       timestamptz      NOT NULL,
    delay_seconds double precision NOT NULL DEFAULT 0
);
