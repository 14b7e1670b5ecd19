-- Every stored article in a date range (published_at, else first_seen_at), oldest first;
-- with %(gone)s, only those taken down (polwire watch).
SELECT id, source, url, {exported_article_columns}, story_id, first_seen_at, last_seen_at,
       run_id, gone_at, gone_reason
FROM articles
WHERE (%(source)s::text IS NULL OR source = %(source)s::text)
  AND (%(since)s::timestamptz IS NULL
       OR coalesce(published_at, first_seen_at) >= %(since)s::timestamptz)
  AND (%(until)s::timestamptz IS NULL
       OR coalesce(published_at, first_seen_at) < %(until)s::timestamptz)
  AND (NOT %(gone)s::boolean OR gone_at IS NOT NULL)
ORDER BY coalesce(published_at, first_seen_at), id
