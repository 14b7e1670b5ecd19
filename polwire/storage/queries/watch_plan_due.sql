-- The articles of a source due for a check (storage.watch.due_plan): a range scan of the
-- partial index articles_watch_due, however large the archive.
SELECT a.id, a.url, a.title, a.content_hash, left(a.body, %(head_chars)s) AS body_head,
       a.word_count, p.etag, p.last_modified, a.first_seen_at, a.gone_at, a.gone_reason,
       a.watch_suspect_at, a.watch_suspect_reason
FROM articles a
LEFT JOIN article_pages p ON p.article_id = a.id
WHERE a.source = %(source)s AND a.watch_due_at IS NOT NULL AND a.watch_due_at <= %(now)s
ORDER BY a.watch_due_at
LIMIT %(limit)s
