-- An article already stored under any of the item's URLs, under another spelling of one of
-- them (AMP, mobile, print...: the same dedupe key), with the same body at the same source,
-- or with a near-identical body at the same source (found by storage.stories).
INSERT INTO staged_matches (ord, article_id)
SELECT s.ord, coalesce(
    (SELECT au.article_id FROM article_urls au WHERE au.url = ANY (s.urls || s.url) LIMIT 1),
    -- One index probe per key: written as "url_key = ANY (keys)" the planner may pick a
    -- sequential scan of article_urls per staged row when few stored URLs have a key.
    (SELECT au.article_id FROM unnest(s.url_keys) AS k(url_key)
      JOIN article_urls au ON au.url_key = k.url_key
      WHERE k.url_key IS NOT NULL LIMIT 1),
    (SELECT a.id FROM articles a
      WHERE a.source = s.source AND a.content_hash = s.content_hash LIMIT 1),
    s.same_as
)
FROM staged_articles s
