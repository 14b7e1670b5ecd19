-- Articles gone now, per source and reason (polwire_articles_gone_total).
SELECT source, gone_reason, count(*)
FROM articles
WHERE gone_at IS NOT NULL
GROUP BY 1, 2
ORDER BY 1, 2
