INSERT INTO article_pages (article_id, fetched_at, http_encoding, html_zlib)
SELECT DISTINCT ON (article_id) article_id, fetched_at, http_encoding, html_zlib
FROM staged_articles
WHERE html_zlib IS NOT NULL AND action IN ('stored', 'revised')
ORDER BY article_id, ord
ON CONFLICT (article_id) DO UPDATE
SET fetched_at = EXCLUDED.fetched_at, http_encoding = EXCLUDED.http_encoding,
    html_zlib = EXCLUDED.html_zlib
