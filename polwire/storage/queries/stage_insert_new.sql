WITH inserted AS (
    INSERT INTO articles (
        source, url, {article_columns}, first_seen_at, last_seen_at, run_id
    )
    SELECT s.source, s.url, {staged_article_columns}, s.fetched_at, s.fetched_at, %(run_id)s
    FROM staged_articles s
    JOIN staged_matches m ON m.ord = s.ord
    WHERE m.article_id IS NULL AND s.same_as_ord IS NULL
    ORDER BY s.ord
    ON CONFLICT (url) DO NOTHING
    RETURNING id, url
)
UPDATE staged_matches m
SET article_id = inserted.id, action = 'stored'
FROM inserted
JOIN staged_articles s ON s.url = inserted.url
WHERE m.ord = s.ord AND m.article_id IS NULL
