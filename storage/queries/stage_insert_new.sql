WITH inserted AS (
    INSERT INTO articles (
        source, url, title, authors, published_at, modified_at, section, language, countries,
        wire, dateline, body, word_count, content_hash, first_seen_at, last_seen_at, run_id,
        field_layers
    )
    SELECT source, url, title, authors, published_at, modified_at, section, language, countries,
           wire, dateline, body, word_count, content_hash, fetched_at, fetched_at, %(run_id)s,
           field_layers
    FROM staged_articles
    WHERE article_id IS NULL
    ORDER BY ord
    ON CONFLICT (url) DO NOTHING
    RETURNING id, url
)
UPDATE staged_articles s
SET article_id = inserted.id, action = 'stored'
FROM inserted
WHERE s.url = inserted.url AND s.article_id IS NULL
