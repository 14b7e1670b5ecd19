-- The LSH index holds only recent articles: a copy joins a story only within
-- story_window_days of it (storage/stories.py), so the buckets of an article older than
-- [dedupe] index_days can never match again. Each row carries its article's day
-- (published, else first seen, UTC); lookups read only the days near the new article's and
-- the scheduler's housekeeping deletes rows older than the window (prune_index), so the
-- index's size, and a lookup's cost, follow the daily volume instead of the archive.
-- The table is rebuilt rather than altered: an UPDATE of every row would double it, and the
-- new column fits in the padding after band.
CREATE TABLE article_lsh_dated (
    band       smallint NOT NULL,
    day        date     NOT NULL,
    bucket     bigint   NOT NULL,
    article_id bigint   NOT NULL
);
INSERT INTO article_lsh_dated (band, day, bucket, article_id)
SELECT l.band, (coalesce(a.published_at, a.first_seen_at) AT TIME ZONE 'UTC')::date,
       l.bucket, l.article_id
FROM article_lsh l
JOIN articles a ON a.id = l.article_id;  -- rows of deleted articles are dropped here
DROP TABLE article_lsh;
ALTER TABLE article_lsh_dated RENAME TO article_lsh;
-- day after bucket: a lookup reads a day range of one bucket, newest first.
CREATE INDEX article_lsh_bucket ON article_lsh (band, bucket, day, article_id);

COMMENT ON TABLE article_lsh IS
    'MinHash LSH bands of article_sketches: (band, bucket) -> article_id, for articles dated '
    '(day, UTC) within [dedupe] index_days; older rows are pruned by the scheduler.';
