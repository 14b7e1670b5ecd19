-- The next batch of articles to tag with entities, in id order after the last one done.
SELECT a.id, a.title, a.body, a.published_at, a.first_seen_at, a.language, a.countries
FROM articles a
WHERE a.id > %(after)s::bigint
  AND (%(source)s::text IS NULL OR a.source = %(source)s::text)
  AND (%(since)s::timestamptz IS NULL OR a.first_seen_at >= %(since)s::timestamptz)
ORDER BY a.id
LIMIT %(batch)s
