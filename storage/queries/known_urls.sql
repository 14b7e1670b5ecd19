-- Listed URLs the archive already holds, or already dropped, with when we last saw them.
SELECT au.url, a.last_seen_at
FROM article_urls au
JOIN articles a ON a.id = au.article_id
WHERE au.url = ANY (%(urls)s::text[])
UNION ALL
SELECT d.url, d.last_seen_at
FROM dropped_pages d
WHERE d.url = ANY (%(urls)s::text[])
