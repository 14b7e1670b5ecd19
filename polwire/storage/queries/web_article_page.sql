-- The raw page kept for an article (zlib-compressed HTML).
SELECT fetched_at, http_encoding, html_zlib FROM article_pages WHERE article_id = %(id)s
