-- An article already stored under any of the item's URLs, under another spelling of one of
-- them (AMP, mobile, print...: the same dedupe key), with the same body at the same source,
-- or with a near-identical body at the same source (found by storage.stories).
INSERT INTO staged_matches (ord, article_id)
SELECT s.ord, coalesce(
    (SELECT au.article_id FROM article_urls au WHERE au.url = ANY (s.urls || s.url) LIMIT 1),
    (SELECT au.article_id FROM article_urls au
      WHERE au.url_key = ANY (s.url_keys) AND au.url_key IS NOT NULL LIMIT 1),
    (SELECT a.id FROM articles a
      WHERE a.source = s.source AND a.content_hash = s.content_hash LIMIT 1),
    s.same_as
)
FROM staged_articles s
