INSERT INTO article_urls (url, article_id, first_seen_at, url_key)
SELECT DISTINCT ON (u.url) u.url, m.article_id, s.fetched_at, u.url_key
FROM staged_matches m
JOIN staged_articles s ON s.ord = m.ord
CROSS JOIN LATERAL unnest(s.urls || s.url, s.url_keys) AS u(url, url_key)
WHERE m.article_id IS NOT NULL
ORDER BY u.url, s.ord
ON CONFLICT (url) DO UPDATE
SET url_key = EXCLUDED.url_key
WHERE article_urls.url_key IS NULL AND EXCLUDED.url_key IS NOT NULL
