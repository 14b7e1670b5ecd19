-- Matches among the articles not indexed yet (stored moments ago: storage/search_index.py),
-- made from their text. The partial index articles_search_pending keeps this to those few.
-- Only the newest %(pending_limit)s of them: a backlog (a crawl killed before indexing, a
-- spool loaded with the indexer failing) must not make every search parse it all.
SELECT a.id, coalesce(a.published_at, a.first_seen_at) AS dated_at
FROM (SELECT id FROM articles WHERE search_vector IS NULL
      ORDER BY id DESC LIMIT %(pending_limit)s) p
JOIN articles a ON a.id = p.id
WHERE polwire_article_search_vector(a.title, a.body, coalesce(a.published_at, a.first_seen_at),
                                    a.source, a.countries) @@ %(tsquery)s::tsquery
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
