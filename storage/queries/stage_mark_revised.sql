UPDATE staged_articles s
SET action = 'revised'
FROM articles a
WHERE s.action IS NULL AND a.id = s.article_id AND a.content_hash <> s.content_hash
