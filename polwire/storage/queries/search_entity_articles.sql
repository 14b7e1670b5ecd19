-- Rank articles found by entity alone: mentions of the entities discounted by age (best), or
-- by date (newest); the body's head for a snippet around a name.
WITH scored AS (
    SELECT a.id, coalesce(a.published_at, a.first_seen_at) AS dated_at,
           (SELECT coalesce(sum(ae.mentions), 0) FROM article_entities ae
            WHERE ae.article_id = a.id AND ae.entity_id = ANY(%(entities)s::text[]))::float8
           / (1 + greatest(extract(epoch FROM %(now)s::timestamptz
                                      - coalesce(a.published_at, a.first_seen_at)), 0)
                  / 86400.0 / %(recency_days)s::float8) AS score
    FROM articles a
    WHERE a.id = ANY(%(ids)s::bigint[])
),
chosen AS (
    SELECT DISTINCT ON (CASE WHEN %(collapse)s::boolean THEN coalesce(a.story_id, -a.id)
                             ELSE a.id END)
           s.id, s.dated_at, s.score
    FROM scored s JOIN articles a ON a.id = s.id
    ORDER BY CASE WHEN %(collapse)s::boolean THEN coalesce(a.story_id, -a.id) ELSE a.id END,
             s.score DESC, s.dated_at DESC
),
top AS (
    SELECT id, dated_at, score
    FROM chosen
    ORDER BY CASE WHEN %(newest)s::boolean THEN extract(epoch FROM dated_at) ELSE score END DESC,
             id DESC
    LIMIT %(limit)s
)
SELECT a.id, a.source, a.url, a.title, a.published_at, t.dated_at, a.section, a.language,
       a.countries, a.wire, a.story_id,
       CASE WHEN a.story_id IS NULL THEN 1
            ELSE (SELECT count(*) FROM articles s WHERE s.story_id = a.story_id)
       END AS story_size,
       t.score, NULL::text AS snippet, left(a.body, 20000) AS body_head
FROM top t
JOIN articles a ON a.id = t.id
ORDER BY CASE WHEN %(newest)s::boolean THEN extract(epoch FROM t.dated_at) ELSE t.score END DESC,
         a.id DESC
