-- Per-session staging table for a batch of articles (emptied at every commit).
CREATE TEMP TABLE IF NOT EXISTS staged_articles (
    ord           integer,
    source        text,
    url           text,
    urls          text[],
    title         text,
    authors       text[],
    published_at  timestamptz,
    modified_at   timestamptz,
    section       text,
    language      text,
    countries     text[],
    wire          text,
    dateline      text,
    body          text,
    word_count    integer,
    content_hash  text,
    fetched_at    timestamptz,
    field_layers  jsonb,
    http_encoding text,
    url_keys      text[],   -- dedupe keys of urls || url
    same_as       bigint,   -- a stored near-duplicate at the same source (storage.stories)
    same_as_ord   integer   -- an earlier near-duplicate row of the batch at the same source
) ON COMMIT DELETE ROWS
