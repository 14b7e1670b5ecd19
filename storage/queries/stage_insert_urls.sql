INSERT INTO article_urls (url, article_id, first_seen_at)
SELECT DISTINCT ON (u.url) u.url, s.article_id, s.fetched_at
FROM staged_articles s
CROSS JOIN LATERAL unnest(s.urls || s.url) AS u(url)
WHERE s.article_id IS NOT NULL
ORDER BY u.url, s.ord
ON CONFLICT (url) DO NOTHING
