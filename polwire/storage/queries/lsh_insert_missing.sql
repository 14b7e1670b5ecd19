-- The buckets of a revised article's new text that its earlier text did not have.
INSERT INTO article_lsh (band, day, bucket, article_id)
SELECT q.band, %(day)s, q.bucket, %(article_id)s
FROM unnest(%(bands)s::smallint[], %(buckets)s::bigint[]) AS q(band, bucket)
WHERE NOT EXISTS (
    SELECT 1 FROM article_lsh l
    WHERE l.band = q.band AND l.bucket = q.bucket AND l.article_id = %(article_id)s
)
