-- An article's place in the revisit plan after a check.
INSERT INTO article_watch (article_id, source, due_at, suspect_at, suspect_reason)
SELECT %(article_id)s, a.source, %(due_at)s, %(suspect_at)s, %(suspect_reason)s
FROM articles a
WHERE a.id = %(article_id)s
ON CONFLICT (article_id) DO UPDATE
SET due_at = EXCLUDED.due_at, suspect_at = EXCLUDED.suspect_at,
    suspect_reason = EXCLUDED.suspect_reason
