WITH touched AS (
    UPDATE articles a
    SET last_seen_at = greatest(a.last_seen_at, s.fetched_at)
    FROM staged_articles s
    WHERE s.action IS NULL AND a.id = s.article_id
    RETURNING a.id
)
UPDATE staged_articles s
SET action = 'duplicate'
WHERE s.action IS NULL AND s.article_id IS NOT NULL
