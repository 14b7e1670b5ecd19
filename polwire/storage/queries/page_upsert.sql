INSERT INTO article_pages (article_id, fetched_at, http_encoding, html_zlib, etag, last_modified)
VALUES (%(article_id)s, %(fetched_at)s, %(http_encoding)s, %(html_zlib)s, %(etag)s,
        %(last_modified)s)
ON CONFLICT (article_id) DO UPDATE
SET fetched_at = EXCLUDED.fetched_at, http_encoding = EXCLUDED.http_encoding,
    html_zlib = EXCLUDED.html_zlib, etag = EXCLUDED.etag, last_modified = EXCLUDED.last_modified
