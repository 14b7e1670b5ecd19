-- Articles taken down (confirmed by the watch), newest takedown first, with the last title.
SELECT a.id, a.source, a.url, a.title, a.gone_at, a.gone_reason, a.published_at,
       a.first_seen_at, a.last_seen_at,
       (SELECT max(c.checked_at) FROM article_checks c WHERE c.article_id = a.id) AS checked_at
FROM articles a
WHERE a.gone_at IS NOT NULL
  AND (%(source)s::text IS NULL OR a.source = %(source)s::text)
  AND (%(since)s::timestamptz IS NULL OR a.gone_at >= %(since)s::timestamptz)
ORDER BY a.gone_at DESC, a.id DESC
LIMIT %(limit)s
