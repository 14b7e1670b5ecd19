-- The gazetteer's entities with how many articles mention them, filtered and most mentioned
-- first; %(query)s matches any part of a name in any script.
SELECT e.id, e.kind, e.name, e.country, e.wikidata, e.names,
       coalesce(m.articles, 0) AS articles, coalesce(m.mentions, 0) AS mentions,
       m.last_dated_at
FROM entities e
LEFT JOIN LATERAL (
    SELECT count(*)::integer AS articles, sum(ae.mentions)::integer AS mentions,
           max(ae.dated_at) AS last_dated_at
    FROM article_entities ae
    WHERE ae.entity_id = e.id
) m ON true
WHERE (%(country)s::text IS NULL OR e.country = upper(%(country)s::text))
  AND (%(kind)s::text IS NULL OR e.kind = lower(%(kind)s::text))
  AND (%(query)s::text IS NULL
       OR e.id LIKE '%%' || lower(%(query)s::text) || '%%'
       OR EXISTS (SELECT 1 FROM unnest(e.lookup) AS l(form)
                  WHERE l.form LIKE '%%' || lower(%(query)s::text) || '%%'))
ORDER BY coalesce(m.articles, 0) DESC, e.id
LIMIT %(limit)s
