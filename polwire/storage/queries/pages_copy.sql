COPY article_pages (article_id, fetched_at, http_encoding, html_zlib) FROM STDIN (FORMAT BINARY)
