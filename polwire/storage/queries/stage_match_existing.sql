-- An article already stored under any of the item's URLs, under another spelling of one of
-- them (AMP, mobile, print...: the same dedupe key), with the same body at the same source,
-- or with a near-identical body at the same source (found by storage.stories).
INSERT INTO staged_matches (ord, article_id)
SELECT s.ord, coalesce(
    (SELECT au.article_id FROM article_urls au WHERE au.url = ANY (s.urls || s.url) LIMIT 1),
    -- No LIMIT here: with one, a planner that expects many rows per key (as it does before
    -- article_urls is first analyzed) bets on finding one early and scans the whole table
    -- once per staged row. Without it, the index is the cheaper plan whatever the estimate.
    (SELECT (array_agg(au.article_id))[1] FROM article_urls au
      WHERE au.url_key = ANY (s.url_keys)),
    (SELECT a.id FROM articles a
      WHERE a.source = s.source AND a.content_hash = s.content_hash LIMIT 1),
    s.same_as
)
FROM staged_articles s
