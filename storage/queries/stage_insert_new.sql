WITH inserted AS (
    INSERT INTO articles (
        source, url, title, authors, published_at, modified_at, section, language, countries,
        wire, dateline, body, word_count, content_hash, first_seen_at, last_seen_at, run_id,
        field_layers
    )
    SELECT s.source, s.url, s.title, s.authors, s.published_at, s.modified_at, s.section,
           s.language, s.countries, s.wire, s.dateline, s.body, s.word_count, s.content_hash,
           s.fetched_at, s.fetched_at, %(run_id)s, s.field_layers
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
