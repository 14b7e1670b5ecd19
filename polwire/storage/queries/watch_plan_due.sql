-- The articles of a source due for a check (storage.watch.due_plan): a range scan of the
-- partial index article_watch_due, however large the archive.
SELECT a.id, a.url, a.title, a.content_hash, left(a.body, %(head_chars)s) AS body_head,
       a.word_count, p.etag, p.last_modified, a.first_seen_at, a.gone_at, a.gone_reason,
       w.suspect_at AS watch_suspect_at, w.suspect_reason AS watch_suspect_reason
FROM article_watch w
JOIN articles a ON a.id = w.article_id
LEFT JOIN article_pages p ON p.article_id = w.article_id
WHERE w.source = %(source)s AND w.due_at IS NOT NULL AND w.due_at <= %(now)s
ORDER BY w.due_at
LIMIT %(limit)s
