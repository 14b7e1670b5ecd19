-- Record extra URLs for the article stored under canonical_url (dropped in-run duplicates).
INSERT INTO article_urls (url, article_id)
SELECT u.url, a.id
FROM articles a
CROSS JOIN unnest(%(urls)s::text[]) AS u(url)
WHERE a.url = %(canonical_url)s
   OR a.id = (SELECT au.article_id FROM article_urls au WHERE au.url = %(canonical_url)s)
ON CONFLICT (url) DO NOTHING
