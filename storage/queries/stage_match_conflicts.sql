-- Rows another writer inserted between our match and insert: they are duplicates now.
UPDATE staged_articles s
SET article_id = a.id
FROM articles a
WHERE s.article_id IS NULL AND a.url = s.url
