SELECT m.ord, m.article_id, coalesce(m.action, 'duplicate') AS action, a.story_id
FROM staged_matches m
LEFT JOIN articles a ON a.id = m.article_id
ORDER BY m.ord
