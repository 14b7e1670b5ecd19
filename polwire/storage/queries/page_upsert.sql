INSERT INTO article_pages (article_id, fetched_at, http_encoding, html_zlib)
VALUES (%(article_id)s, %(fetched_at)s, %(http_encoding)s, %(html_zlib)s)
ON CONFLICT (article_id) DO UPDATE
SET fetched_at = EXCLUDED.fetched_at, http_encoding = EXCLUDED.http_encoding,
    html_zlib = EXCLUDED.html_zlib
