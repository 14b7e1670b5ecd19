-- Link the given articles to their editions in other languages: articles of outlets of the same
-- group (%(sources)s / %(groups)s, parallel arrays), published within %(window_hours)s of
-- each other, that share entities. Score: shared entities (Jaccard) 0.6, shared numbers
-- (Jaccard over the figures of title and body head) 0.25, closeness in time 0.15; the best
-- article of each other outlet at or above %(min_score)s is linked, both ways.
WITH grouped AS (
    SELECT g.source, g.grp FROM unnest(%(sources)s::text[], %(groups)s::text[]) AS g(source, grp)
),
fresh AS (
    SELECT a.id, a.source, coalesce(a.language, '') AS language, g.grp,
           coalesce(a.published_at, a.first_seen_at) AS dated_at
    FROM articles a JOIN grouped g ON g.source = a.source
    WHERE a.id = ANY(%(article_ids)s::bigint[])
),
pairs AS (
    SELECT f.id AS article_id, e2.article_id AS linked_article_id, o.source AS linked_source,
           count(*) AS shared,
           abs(extract(epoch FROM f.dated_at - e2.dated_at)) AS seconds_apart
    FROM fresh f
    JOIN article_entities e1 ON e1.article_id = f.id
    JOIN article_entities e2
      ON e2.entity_id = e1.entity_id AND e2.article_id <> f.id
     AND e2.dated_at BETWEEN f.dated_at - make_interval(hours => %(window_hours)s)
                         AND f.dated_at + make_interval(hours => %(window_hours)s)
    JOIN articles o ON o.id = e2.article_id
    JOIN grouped og ON og.source = o.source AND og.grp = f.grp
    WHERE coalesce(o.language, '') <> f.language
    GROUP BY f.id, e2.article_id, o.source, f.dated_at, e2.dated_at
),
figures AS (
    SELECT a.id,
           ARRAY(SELECT DISTINCT m[1]
                 FROM regexp_matches(translate(a.title || ' ' || left(a.body, 4000),
                                               '０１２３４５６７８９', '0123456789'),
                                     '([0-9]+(?:[.][0-9]+)?)', 'g') AS m) AS numbers,
           (SELECT count(*) FROM article_entities x WHERE x.article_id = a.id) AS entities
    FROM articles a
    WHERE a.id IN (SELECT article_id FROM pairs UNION SELECT linked_article_id FROM pairs)
),
scored AS (
    SELECT p.article_id, p.linked_article_id, p.linked_source,
           0.6 * p.shared / greatest(fa.entities + fb.entities - p.shared, 1)
           + 0.25 * coalesce(
                 (SELECT count(*) FROM (SELECT unnest(fa.numbers) INTERSECT
                                        SELECT unnest(fb.numbers)) i)::float8
                 / nullif((SELECT count(*) FROM (SELECT unnest(fa.numbers) UNION
                                                 SELECT unnest(fb.numbers)) u), 0), 0)
           + 0.15 * greatest(0, 1 - p.seconds_apart / (3600.0 * %(window_hours)s)) AS score
    FROM pairs p
    JOIN figures fa ON fa.id = p.article_id
    JOIN figures fb ON fb.id = p.linked_article_id
),
best AS (
    SELECT DISTINCT ON (article_id, linked_source) article_id, linked_article_id, score
    FROM scored
    WHERE score >= %(min_score)s
    ORDER BY article_id, linked_source, score DESC, linked_article_id
)
INSERT INTO article_links (article_id, linked_article_id, kind, score)
SELECT DISTINCT ON (article_id, linked_article_id) article_id, linked_article_id, 'edition', score
FROM (SELECT article_id, linked_article_id, score FROM best
      UNION ALL
      SELECT linked_article_id, article_id, score FROM best) both_ways
ORDER BY article_id, linked_article_id, score DESC
ON CONFLICT (article_id, linked_article_id, kind) DO UPDATE SET score = excluded.score
