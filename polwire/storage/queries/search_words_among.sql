-- Which of the given articles match a tsquery (indexed or not yet), newest first.
SELECT a.id, coalesce(a.published_at, a.first_seen_at) AS dated_at
FROM articles a
WHERE a.id = ANY(%(ids)s::bigint[])
  AND coalesce(a.search_vector,
               polwire_article_search_vector(a.title, a.body,
                                             coalesce(a.published_at, a.first_seen_at),
                                             a.source, a.countries)) @@ %(tsquery)s::tsquery
ORDER BY dated_at DESC, a.id DESC
LIMIT %(pool_size)s
