-- Stored articles sharing an LSH bucket with the rows of a batch, first seen within
-- %(days)s days of the row: one index probe per (row, band), each reading at most
-- %(limit)s members (the newest) of its bucket in that range.
WITH probes AS (
    SELECT q.ord, q.band, q.bucket, q.day
    FROM unnest(%(ords)s::integer[], %(bands)s::smallint[], %(buckets)s::bigint[],
                %(days_of)s::date[])
         AS q(ord, band, bucket, day)
), hits AS (
    SELECT DISTINCT p.ord, l.article_id
    FROM probes p
    CROSS JOIN LATERAL (
        SELECT l.article_id
        FROM article_lsh l
        WHERE l.band = p.band AND l.bucket = p.bucket
          AND l.day BETWEEN p.day - %(days)s::integer AND p.day + %(days)s::integer
        ORDER BY l.day DESC, l.article_id DESC
        LIMIT %(limit)s
    ) l
)
SELECT h.ord, a.id, a.source, a.story_id, a.first_seen_at,
       k.scheme, k.signature
FROM hits h
JOIN articles a ON a.id = h.article_id
JOIN article_sketches k ON k.article_id = h.article_id
