-- What each staged row turned out to be; kept apart from the wide staging rows so that the
-- steps below update narrow tuples, not whole articles with their HTML.
CREATE TEMP TABLE IF NOT EXISTS staged_matches (
    ord        integer PRIMARY KEY,
    article_id bigint,
    action     text
) ON COMMIT DELETE ROWS
