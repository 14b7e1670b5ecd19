-- One step of a search: every match of a tsquery that already carries the step's date bucket
-- and the source/country lexemes (so the GIN index alone finds them), minus what the index
-- cannot filter.
SELECT a.id, coalesce(a.published_at, a.first_seen_at) AS dated_at
FROM articles a
WHERE a.search_vector @@ %(tsquery)s::tsquery
  AND (%(section)s::text IS NULL OR lower(a.section) = lower(%(section)s::text))
  AND (%(since)s::timestamptz IS NULL
       OR coalesce(a.published_at, a.first_seen_at) >= %(since)s::timestamptz)
  AND (%(until)s::timestamptz IS NULL
       OR coalesce(a.published_at, a.first_seen_at) < %(until)s::timestamptz)
  -- polwire search --entity: articles that mention every entity given
  AND (cardinality(%(entities)s::text[]) = 0
       OR NOT EXISTS (SELECT 1 FROM unnest(%(entities)s::text[]) AS wanted(entity_id)
                      WHERE NOT EXISTS (SELECT 1 FROM article_entities ae
                                        WHERE ae.article_id = a.id
                                          AND ae.entity_id = wanted.entity_id)))
  AND (NOT %(gone)s::boolean OR a.gone_at IS NOT NULL)
