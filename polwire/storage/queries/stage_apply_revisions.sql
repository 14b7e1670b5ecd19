-- A changed page's new reading; a field it lost keeps its stored value where the model says so.
UPDATE articles a
SET {staged_article_updates},
    last_seen_at = greatest(a.last_seen_at, s.fetched_at)
FROM staged_matches m
JOIN staged_articles s ON s.ord = m.ord
WHERE m.action = 'revised' AND a.id = m.article_id
