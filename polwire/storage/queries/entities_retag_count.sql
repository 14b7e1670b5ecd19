-- How many articles `polwire reparse --entities` will tag (for its progress bar).
SELECT least(count(*), coalesce(%(limit)s::bigint, count(*)))
FROM articles a
WHERE (%(source)s::text IS NULL OR a.source = %(source)s::text)
  AND (%(since)s::timestamptz IS NULL OR a.first_seen_at >= %(since)s::timestamptz)
