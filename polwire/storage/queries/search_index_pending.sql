-- Index up to %(limit)s articles stored or changed since their vector was last made. SKIP
-- LOCKED: two crawls' indexers share the backlog instead of waiting on each other's rows.
WITH pending AS (
    SELECT id
    FROM articles
    WHERE search_vector IS NULL
    ORDER BY id
    LIMIT %(limit)s
    FOR UPDATE SKIP LOCKED
)
UPDATE articles a
SET search_vector = polwire_article_search_vector(
    a.title, a.body, coalesce(a.published_at, a.first_seen_at), a.source, a.countries)
FROM pending p
WHERE a.id = p.id
