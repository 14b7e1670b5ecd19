COPY article_pages (article_id, fetched_at, http_encoding, html_zlib, etag, last_modified)
FROM STDIN (FORMAT BINARY)
