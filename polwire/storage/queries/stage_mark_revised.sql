-- A stored article whose page changed: another body, or another headline on the page it was
-- stored from (a headline differing on another URL's copy is that copy's, not an edit).
UPDATE staged_matches m
SET action = 'revised'
FROM staged_articles s, articles a
WHERE m.ord = s.ord AND m.action IS NULL AND a.id = m.article_id
  AND (a.content_hash <> s.content_hash
       OR (a.title IS DISTINCT FROM s.title AND a.url = ANY (s.urls || s.url)))
