UPDATE staged_matches m
SET action = 'revised'
FROM staged_articles s, articles a
WHERE m.ord = s.ord AND m.action IS NULL AND a.id = m.article_id
  AND a.content_hash <> s.content_hash
