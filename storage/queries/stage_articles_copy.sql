COPY staged_articles (
    ord, source, url, urls, title, authors, published_at, modified_at, section, language,
    countries, wire, dateline, body, word_count, content_hash, fetched_at, field_layers,
    http_encoding, url_keys, same_as, same_as_ord
) FROM STDIN (FORMAT BINARY)
