-- Stored pages to re-extract, with the article's current fields; oldest article first.
SELECT a.id, a.source, a.url, p.fetched_at, p.http_encoding, p.html_zlib,
       {stored_article_columns}
FROM article_pages p
JOIN articles a ON a.id = p.article_id
WHERE (%(source)s::text IS NULL OR a.source = %(source)s::text)
  AND (%(since)s::timestamptz IS NULL OR p.fetched_at >= %(since)s::timestamptz)
ORDER BY a.id
LIMIT %(limit)s::bigint
