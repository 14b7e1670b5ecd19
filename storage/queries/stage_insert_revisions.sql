INSERT INTO article_revisions (
    article_id, title, body, content_hash, seen_at, changed_fields, change_size, run_id
)
SELECT a.id, a.title, a.body, a.content_hash, a.last_seen_at,
       array_remove(ARRAY[
           CASE WHEN a.title IS DISTINCT FROM s.title THEN 'title' END,
           CASE WHEN a.body IS DISTINCT FROM s.body THEN 'body' END
       ], NULL),
       abs(length(s.body) - length(a.body)) + abs(length(s.title) - length(a.title)),
       %(run_id)s
FROM staged_matches m
JOIN staged_articles s ON s.ord = m.ord
JOIN articles a ON a.id = m.article_id
WHERE m.action = 'revised'
