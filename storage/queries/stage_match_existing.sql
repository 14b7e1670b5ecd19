-- An article already stored under any of the item's URLs, or with the same body at the same source.
INSERT INTO staged_matches (ord, article_id)
SELECT s.ord, coalesce(
    (SELECT au.article_id FROM article_urls au WHERE au.url = ANY (s.urls) LIMIT 1),
    (SELECT a.id FROM articles a
      WHERE a.source = s.source AND a.content_hash = s.content_hash LIMIT 1)
)
FROM staged_articles s
