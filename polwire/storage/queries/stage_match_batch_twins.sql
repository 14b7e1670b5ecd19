-- Rows that are near-duplicates of an earlier new row of the batch at the same source were
-- not inserted: they are duplicates of the article that row became.
UPDATE staged_matches m
SET article_id = t.article_id, action = 'duplicate'
FROM staged_articles s
JOIN staged_matches t ON t.ord = s.same_as_ord
WHERE m.ord = s.ord AND m.article_id IS NULL AND t.article_id IS NOT NULL
