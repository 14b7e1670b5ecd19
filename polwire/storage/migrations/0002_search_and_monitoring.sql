-- Full-text search over articles (any of the region's languages), health verdicts and alert
-- state for crawl runs, and views for psql users.

-- Text as the search index sees it: the text with its CJK runs taken out (English words keep
-- their order, so phrase search works), followed by every overlapping pair of characters of
-- each CJK run. Japanese and Chinese have no spaces between words and Korean glues particles
-- onto words, so a word is found by its character bigrams: the query side turns 北朝鮮 into
-- 北朝 & 朝鮮 (storage/search.py). Every character of a run also starts a bigram or ends the
-- run as a lone token, so a one-character query is a prefix match ('党':*).
-- Two passes of non-overlapping pairs (from the first and from the second character of each
-- run) yield all overlapping pairs with plain regexp_replace, which is much faster than a
-- loop; built-ins only, so the embedded server (no contrib extensions) runs it too.
CREATE FUNCTION polwire_search_text(doc text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    WITH runs AS (
        SELECT ' ' || pg_catalog.regexp_replace(
            doc,
            '[^\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\u1100-\u11ff\u3130-\u318f\uff66-\uff9f]+',
            ' ', 'g') || ' ' AS cjk
    )
    SELECT pg_catalog.regexp_replace(
               doc,
               '[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\u1100-\u11ff\u3130-\u318f\uff66-\uff9f]+',
               ' ', 'g')
        || ' ' || pg_catalog.regexp_replace(cjk, '([^ ])([^ ])', '\1\2 ', 'g')
        || ' ' || pg_catalog.regexp_replace(
                      pg_catalog.regexp_replace(cjk, ' [^ ]', ' ', 'g'),
                      '([^ ])([^ ])', '\1\2 ', 'g')
    FROM runs
$$;

COMMENT ON FUNCTION polwire_search_text(text) IS
    'Text fed to to_tsvector for articles.search_vector: non-CJK words, then CJK bigrams.';

-- Lexemes for what searches filter on, so that the GIN index answers "these words, in this
-- week, from this source" by itself: the article's day, week, quarter and year ('#d20400',
-- '#w2914', '#q224', '#y56': days since 1970 divided by 1, 7, 91 and 364, so each bucket
-- nests in the next), its source ('#s' || source) and countries ('#cKP'). A search walks
-- back from the newest bucket and stops as soon as it has enough matches (storage/search.py):
-- its cost follows the matches it needs, not every article a common word appears in.
-- '#' never survives the text parser, so no word of a page can produce these lexemes.
CREATE FUNCTION polwire_filter_lexemes(dated timestamptz, source text, countries text[])
RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT pg_catalog.array_to_tsvector(
        ARRAY['#d' || day, '#w' || day / 7, '#q' || day / 91, '#y' || day / 364,
              '#s' || coalesce(source, '')]
        || ARRAY(SELECT '#c' || c FROM pg_catalog.unnest(countries) AS c
                 WHERE c IS NOT NULL AND c <> ''))
    -- The epoch of a timestamptz does not depend on the time zone: immutable in fact.
    FROM (SELECT pg_catalog.floor(pg_catalog.date_part('epoch', dated) / 86400)::bigint AS day)
         AS d
$$;

-- Title weighs more than body (A over B). The body is capped so that no page, however long,
-- can exceed the 1 MB limit of a tsvector and make the insert fail.
ALTER TABLE articles ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english'::regconfig, polwire_search_text(title)), 'A')
    || setweight(to_tsvector('english'::regconfig,
                             polwire_search_text(left(body, 60000))), 'B')
    || polwire_filter_lexemes(coalesce(published_at, first_seen_at), source, countries)
) STORED;
COMMENT ON COLUMN articles.search_vector IS
    'Full-text index of title (weight A) and body (B), plus #-lexemes of date, source and '
    'countries; query it with websearch_to_tsquery(''english'', ...), see README.';

CREATE INDEX articles_search ON articles USING gin (search_vector);

-- "When" for search and export: the publication date, else when we first saw the article.
CREATE INDEX articles_recency ON articles ((coalesce(published_at, first_seen_at)) DESC);
CREATE INDEX articles_source_recency
    ON articles (source, (coalesce(published_at, first_seen_at)) DESC);
CREATE INDEX articles_countries ON articles USING gin (countries);

-- The last health state each source was alerted about: one alert per state change.
CREATE TABLE source_alert_state (
    source         text        PRIMARY KEY,
    status         text        NOT NULL CHECK (status IN ('ok', 'warning', 'critical')),
    run_id         bigint      REFERENCES crawl_runs (id) ON DELETE SET NULL,
    changed_at     timestamptz NOT NULL DEFAULT now(),
    delivered      text[]      NOT NULL DEFAULT '{}',   -- channels that took the alert
    delivery_error text
);

-- History queries of the health checks: the last successful runs of a source.
CREATE INDEX crawl_runs_source_succeeded ON crawl_runs (source, id DESC)
    WHERE status = 'succeeded';

-- Articles newest first, with their story's size (1 for an article alone in its story).
CREATE VIEW latest_articles AS
SELECT a.id,
       coalesce(a.published_at, a.first_seen_at) AS dated_at,
       a.published_at,
       a.source,
       a.title,
       a.url,
       a.section,
       a.language,
       a.countries,
       a.wire,
       a.word_count,
       a.story_id,
       CASE WHEN a.story_id IS NULL THEN 1
            ELSE (SELECT count(*) FROM articles s WHERE s.story_id = a.story_id)
       END AS story_size,
       a.first_seen_at
FROM articles a
ORDER BY coalesce(a.published_at, a.first_seen_at) DESC;
COMMENT ON VIEW latest_articles IS
    'Articles newest first (published_at, else first_seen_at) with source and story size.';

-- Runs with their duration, the main Scrapy figures and their health verdict at top level.
CREATE VIEW runs_with_health AS
SELECT r.id,
       r.source,
       r.status,
       r.started_at,
       r.finished_at,
       extract(epoch FROM r.finished_at - r.started_at) AS duration_seconds,
       r.items_stored,
       r.items_duplicate,
       r.items_dropped,
       r.errors,
       (r.stats ->> 'downloader/request_count')::bigint AS requests,
       (r.stats ->> 'downloader/response_bytes')::bigint AS response_bytes,
       r.stats -> 'drop_reasons' AS drop_reasons,
       r.finish_reason,
       r.health ->> 'status' AS health_status,
       ARRAY(SELECT c ->> 'name' FROM jsonb_array_elements(coalesce(r.health -> 'checks', '[]'))
             AS c WHERE c ->> 'status' <> 'ok') AS failing_checks,
       r.health,
       r.log_path,
       r.trigger
FROM crawl_runs r;
COMMENT ON VIEW runs_with_health IS
    'crawl_runs with duration, requests, bytes, health status and the names of failing checks.';

-- The latest run of each source, its verdict and its latest success.
CREATE VIEW source_health AS
SELECT l.source,
       l.id AS last_run_id,
       l.started_at AS last_run_at,
       l.status AS last_status,
       l.health ->> 'status' AS health_status,
       (SELECT max(s.finished_at) FROM crawl_runs s
         WHERE s.source = l.source AND s.status = 'succeeded') AS last_success_at
FROM (SELECT DISTINCT ON (source) * FROM crawl_runs ORDER BY source, started_at DESC, id DESC) l;
COMMENT ON VIEW source_health IS
    'Per source: the latest run, its status and health verdict, and when it last succeeded.';
