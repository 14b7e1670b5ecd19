-- An entity's newest articles, the newest %(per_language)s of each language.
SELECT id, source, url, title, published_at, dated_at, language, mentions
FROM (
    SELECT a.id, a.source, a.url, a.title, a.published_at, ae.dated_at, a.language, ae.mentions,
           row_number() OVER (PARTITION BY coalesce(a.language, '') ORDER BY ae.dated_at DESC,
                              a.id DESC) AS nth
    FROM (SELECT article_id, dated_at, mentions FROM article_entities
          WHERE entity_id = %(id)s ORDER BY dated_at DESC, article_id DESC
          LIMIT %(scan)s) ae
    JOIN articles a ON a.id = ae.article_id
) ranked
WHERE nth <= %(per_language)s
ORDER BY dated_at DESC, id DESC
