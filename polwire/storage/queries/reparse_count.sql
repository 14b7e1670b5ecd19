-- How many pages a reparse with these filters will read (for its progress bar).
SELECT least(count(*), coalesce(%(limit)s::bigint, count(*)))
FROM article_pages p
JOIN articles a ON a.id = p.article_id
WHERE (%(source)s::text IS NULL OR a.source = %(source)s::text)
  AND (%(since)s::timestamptz IS NULL OR p.fetched_at >= %(since)s::timestamptz)
