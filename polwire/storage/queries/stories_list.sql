-- Stories newest first (by their latest member), optionally only those seen since a moment.
SELECT id, first_seen_at, last_seen_at, article_count, lead_article_id, title
FROM stories
WHERE article_count > 1
  AND (%(since)s::timestamptz IS NULL OR last_seen_at >= %(since)s)
ORDER BY last_seen_at DESC, id DESC
LIMIT %(limit)s
