-- Rows another writer inserted between our match and insert: they are duplicates now.
UPDATE staged_matches m
SET article_id = a.id
FROM staged_articles s
JOIN articles a ON a.url = s.url
WHERE m.ord = s.ord AND m.article_id IS NULL
