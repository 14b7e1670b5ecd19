-- Matches among the articles not indexed yet (stored moments ago: storage/search_index.py),
-- made from their text. The partial index articles_search_pending keeps this to those few.
SELECT a.id, coalesce(a.published_at, a.first_seen_at) AS dated_at
FROM articles a
WHERE a.search_vector IS NULL
  AND polwire_article_search_vector(a.title, a.body, coalesce(a.published_at, a.first_seen_at),
                                    a.source, a.countries) @@ %(tsquery)s::tsquery
  AND (%(section)s::text IS NULL OR lower(a.section) = lower(%(section)s::text))
  AND (%(since)s::timestamptz IS NULL
       OR coalesce(a.published_at, a.first_seen_at) >= %(since)s::timestamptz)
  AND (%(until)s::timestamptz IS NULL
       OR coalesce(a.published_at, a.first_seen_at) < %(until)s::timestamptz)
