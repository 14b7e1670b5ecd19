-- The newest articles that mention every one of the entities: walked newest first on the
-- index of the first (the rarest) entity, the others and the filters checked per row.
SELECT ae.article_id, ae.dated_at
FROM article_entities ae
JOIN articles a ON a.id = ae.article_id
WHERE ae.entity_id = %(first)s
  AND (%(since)s::timestamptz IS NULL OR ae.dated_at >= %(since)s::timestamptz)
  AND (%(until)s::timestamptz IS NULL OR ae.dated_at < %(until)s::timestamptz)
  AND (cardinality(%(others)s::text[]) = 0
       OR (SELECT count(*) FROM article_entities o
           WHERE o.article_id = ae.article_id AND o.entity_id = ANY(%(others)s::text[]))
          = cardinality(%(others)s::text[]))
  AND (%(source)s::text IS NULL OR a.source = %(source)s::text)
  AND (%(country)s::text IS NULL OR upper(%(country)s::text) = ANY(a.countries))
  AND (%(section)s::text IS NULL OR lower(a.section) = lower(%(section)s::text))
ORDER BY ae.dated_at DESC, ae.article_id DESC
LIMIT %(pool_size)s
