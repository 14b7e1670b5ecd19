-- polwire's public tables (DESIGN.md "Public SQL surface") and their indexes.

CREATE TABLE crawl_runs (
    id              bigserial PRIMARY KEY,
    source          text        NOT NULL,
    started_at      timestamptz NOT NULL DEFAULT now(),
    finished_at     timestamptz,
    status          text        NOT NULL DEFAULT 'running'
                    CHECK (status IN ('running', 'succeeded', 'failed', 'aborted')),
    items_stored    integer     NOT NULL DEFAULT 0,
    items_duplicate integer     NOT NULL DEFAULT 0,
    items_dropped   integer     NOT NULL DEFAULT 0,
    errors          integer     NOT NULL DEFAULT 0,
    stats           jsonb       NOT NULL DEFAULT '{}'::jsonb,
    log_path        text,
    health          jsonb,
    finish_reason   text,
    trigger         text        NOT NULL DEFAULT 'manual',  -- manual | scheduler | spool
    hostname        text,
    pid             integer
);
CREATE INDEX crawl_runs_source_started ON crawl_runs (source, started_at DESC);
CREATE INDEX crawl_runs_started ON crawl_runs (started_at DESC);
CREATE INDEX crawl_runs_running ON crawl_runs (id) WHERE status = 'running';

CREATE TABLE stories (
    id              bigserial PRIMARY KEY,
    first_seen_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at    timestamptz NOT NULL DEFAULT now(),
    lead_article_id bigint,
    article_count   integer     NOT NULL DEFAULT 0,
    title           text
);

CREATE TABLE articles (
    id            bigserial PRIMARY KEY,
    source        text        NOT NULL,
    url           text        NOT NULL UNIQUE,
    title         text        NOT NULL,
    authors       text[]      NOT NULL DEFAULT '{}',
    published_at  timestamptz,
    modified_at   timestamptz,
    section       text,
    language      text,
    countries     text[]      NOT NULL DEFAULT '{}',
    wire          text,
    dateline      text,
    body          text        NOT NULL,
    word_count    integer     NOT NULL DEFAULT 0,
    content_hash  text        NOT NULL,
    story_id      bigint      REFERENCES stories (id) ON DELETE SET NULL,
    first_seen_at timestamptz NOT NULL DEFAULT now(),
    last_seen_at  timestamptz NOT NULL DEFAULT now(),
    run_id        bigint      REFERENCES crawl_runs (id) ON DELETE SET NULL,
    field_layers  jsonb       NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX articles_published ON articles (published_at DESC);
CREATE INDEX articles_source_published ON articles (source, published_at DESC);
CREATE INDEX articles_source_hash ON articles (source, content_hash);
CREATE INDEX articles_story ON articles (story_id) WHERE story_id IS NOT NULL;

ALTER TABLE stories
    ADD CONSTRAINT stories_lead_article_fk
    FOREIGN KEY (lead_article_id) REFERENCES articles (id) ON DELETE SET NULL;

-- Every URL an article was seen under: the canonical one, tracking variants,
-- AMP/mobile/print twins, the URL a feed listed. Incremental crawls look here.
CREATE TABLE article_urls (
    url           text        PRIMARY KEY,
    article_id    bigint      NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    first_seen_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX article_urls_article ON article_urls (article_id);

-- Earlier versions of an article whose page changed.
CREATE TABLE article_revisions (
    id             bigserial PRIMARY KEY,
    article_id     bigint      NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    title          text        NOT NULL,
    body           text        NOT NULL,
    content_hash   text        NOT NULL,
    seen_at        timestamptz NOT NULL,           -- when this version was last seen
    replaced_at    timestamptz NOT NULL DEFAULT now(),
    changed_fields text[]      NOT NULL DEFAULT '{}',
    change_size    integer     NOT NULL DEFAULT 0,  -- characters added or removed
    run_id         bigint      REFERENCES crawl_runs (id) ON DELETE SET NULL
);
CREATE INDEX article_revisions_article ON article_revisions (article_id, replaced_at DESC);

-- The raw page each article was extracted from, zlib-compressed, for reparse.
CREATE TABLE article_pages (
    article_id    bigint      PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    fetched_at    timestamptz NOT NULL,
    http_encoding text,
    html_zlib     bytea       NOT NULL
);
-- Already compressed: keep TOAST from trying again.
ALTER TABLE article_pages ALTER COLUMN html_zlib SET STORAGE EXTERNAL;

-- Pages a crawl dropped (not an article, too short, off topic...): an incremental
-- crawl does not fetch them again unless their feed or sitemap says they changed.
CREATE TABLE dropped_pages (
    url           text        PRIMARY KEY,
    source        text        NOT NULL,
    reason        text        NOT NULL,
    first_seen_at timestamptz NOT NULL DEFAULT now(),
    last_seen_at  timestamptz NOT NULL DEFAULT now(),
    run_id        bigint      REFERENCES crawl_runs (id) ON DELETE SET NULL
);
