-- An article's earlier versions, oldest first.
SELECT id, title, body, content_hash, seen_at, replaced_at, changed_fields, change_size, run_id
FROM article_revisions
WHERE article_id = %(id)s
ORDER BY replaced_at, id
