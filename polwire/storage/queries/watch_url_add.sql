-- A URL the article moved to (a redirect that carries the same article).
INSERT INTO article_urls (url, article_id)
VALUES (%(url)s, %(article_id)s)
ON CONFLICT (url) DO NOTHING
