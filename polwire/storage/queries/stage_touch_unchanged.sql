WITH touched AS (
    UPDATE articles a
    SET last_seen_at = greatest(a.last_seen_at, s.fetched_at)
    FROM staged_matches m
    JOIN staged_articles s ON s.ord = m.ord
    WHERE m.action IS NULL AND a.id = m.article_id
    RETURNING a.id
)
UPDATE staged_matches m
SET action = 'duplicate'
WHERE m.action IS NULL AND m.article_id IS NOT NULL
