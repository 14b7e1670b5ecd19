-- Takedowns of a source confirmed on one (UTC) day: the alert's count.
SELECT count(*)
FROM article_checks c
JOIN articles a ON a.id = c.article_id
WHERE a.source = %(source)s AND c.outcome = 'gone' AND c.confirmed
  AND c.checked_at >= %(day)s::date AND c.checked_at < %(day)s::date + 1
