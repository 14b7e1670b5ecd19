INSERT INTO article_urls (url, article_id, first_seen_at)
SELECT DISTINCT ON (u.url) u.url, m.article_id, s.fetched_at
FROM staged_matches m
JOIN staged_articles s ON s.ord = m.ord
CROSS JOIN LATERAL unnest(s.urls || s.url) AS u(url)
WHERE m.article_id IS NOT NULL
ORDER BY u.url, s.ord
ON CONFLICT (url) DO NOTHING
