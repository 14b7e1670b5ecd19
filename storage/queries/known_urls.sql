SELECT au.url, a.last_seen_at
FROM article_urls au
JOIN articles a ON a.id = au.article_id
WHERE au.url = ANY (%(urls)s::text[])
