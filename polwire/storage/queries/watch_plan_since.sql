-- Every article a source stored since a date, gone ones too (polwire watch --since): those
-- most overdue first, then the newest.
SELECT a.id, a.url, a.title, a.content_hash, left(a.body, %(head_chars)s) AS body_head,
       a.word_count, p.etag, p.last_modified, a.first_seen_at, a.gone_at, a.gone_reason,
       w.suspect_at AS watch_suspect_at, w.suspect_reason AS watch_suspect_reason
FROM articles a
LEFT JOIN article_watch w ON w.article_id = a.id
LEFT JOIN article_pages p ON p.article_id = a.id
WHERE a.source = %(source)s AND a.first_seen_at >= %(since)s
ORDER BY w.due_at NULLS LAST, a.first_seen_at DESC
LIMIT %(limit)s
