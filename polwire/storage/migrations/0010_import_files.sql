-- Archive files (WARC/ARC) that `polwire import` has read, so that an interrupted import run
-- again skips the files it finished and resumes a file from its last committed record.
-- A file is known by its content (size and SHA-256 of its first MiB), not its path: the same
-- CC-NEWS file moved or downloaded again is the same file. `scope` is the import's selection
-- (sources, dates): a file read for one source is still new to an import of another.
CREATE TABLE import_files (
    file_key         text        NOT NULL,
    scope            text        NOT NULL,
    path             text        NOT NULL,
    size_bytes       bigint      NOT NULL,
    -- Every record that starts before this byte went through the pipelines, and what they
    -- stored is committed: a resumed import seeks here.
    committed_offset bigint      NOT NULL DEFAULT 0,
    records          bigint      NOT NULL DEFAULT 0,  -- response records read up to there
    finished_at      timestamptz,                      -- set once the whole file is committed
    run_id           bigint      REFERENCES crawl_runs (id) ON DELETE SET NULL,
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (file_key, scope)
);
