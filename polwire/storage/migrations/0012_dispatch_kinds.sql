-- Imports on the cluster: a dispatch is a crawl of a source (one at a time per source) or the
-- import of one archive file (as many at once as there are files), with what the import needs.
ALTER TABLE crawl_dispatches
    ADD COLUMN kind   text  NOT NULL DEFAULT 'crawl' CHECK (kind IN ('crawl', 'import')),
    ADD COLUMN params jsonb NOT NULL DEFAULT '{}'::jsonb;
DROP INDEX crawl_dispatches_open;
CREATE INDEX crawl_dispatches_open ON crawl_dispatches (source)
    WHERE state IN ('queued', 'running') AND kind = 'crawl';
