-- Listed URLs the archive already holds (under that URL, or under another spelling of it:
-- the same dedupe key), or already dropped, with when we last saw them.
WITH wanted AS (
    SELECT w.url, w.url_key
    FROM unnest(%(urls)s::text[], %(keys)s::text[]) AS w(url, url_key)
)
SELECT au.url, a.last_seen_at
FROM article_urls au
JOIN articles a ON a.id = au.article_id
WHERE au.url = ANY (%(urls)s::text[])
UNION ALL
-- An aggregate, not LIMIT 1, so that the planner probes the index per key (storage/queries/
-- stage_match_existing.sql says why).
SELECT w.url, k.last_seen_at
FROM wanted w
CROSS JOIN LATERAL (
    SELECT max(a.last_seen_at) AS last_seen_at
    FROM article_urls au
    JOIN articles a ON a.id = au.article_id
    WHERE au.url_key = w.url_key
) k
WHERE w.url_key IS NOT NULL AND k.last_seen_at IS NOT NULL
UNION ALL
SELECT d.url, d.last_seen_at
FROM dropped_pages d
WHERE d.url = ANY (%(urls)s::text[])
