-- Near-duplicate detection: a MinHash sketch per article and a locality-sensitive (banded)
-- index over the sketches, so that finding an article's near-duplicates costs a few index
-- probes whatever the archive's size; URL dedupe keys (AMP, mobile, print, http/https and
-- trailing-slash spellings of one page share a key).

-- One row per article with a body long enough to sketch. signature: the MinHash minima as
-- little-endian uint32, one per slot; the share of slots two signatures agree on estimates
-- the Jaccard similarity of the two bodies' shingle sets (crawler/dedupe/minhash.py).
-- scheme: the shingling and hashing version that made it; sketches of different schemes
-- are never compared.
CREATE TABLE article_sketches (
    article_id bigint   PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    scheme     smallint NOT NULL,
    shingles   integer  NOT NULL,
    signature  bytea    NOT NULL
);

-- The LSH index: one row per (band, bucket) of a sketch, where bucket hashes the band's
-- slots; two bodies whose estimated Jaccard similarity is s share at least one bucket with
-- probability 1 - (1 - s^rows)^bands. No foreign key: it would need an index on article_id
-- as large as this one; lookups join articles, so rows of a deleted article are ignored.
-- A revised article keeps the rows of its earlier text too (a copy of that version is still
-- a copy of this article).
CREATE TABLE article_lsh (
    band       smallint NOT NULL,
    bucket     bigint   NOT NULL,
    article_id bigint   NOT NULL
);
-- article_id in the key: a lookup reads the newest members of a bucket first, from the index.
CREATE INDEX article_lsh_bucket ON article_lsh (band, bucket, article_id);

-- URL dedupe keys (crawler/urls.py url_key): every spelling of one page has the same key.
-- NULL for URLs recorded before this migration or without a key (in-run aliases).
ALTER TABLE article_urls ADD COLUMN url_key text;
CREATE INDEX article_urls_key ON article_urls (url_key) WHERE url_key IS NOT NULL;

-- Stories list newest first.
CREATE INDEX stories_last_seen ON stories (last_seen_at DESC, id DESC);

COMMENT ON TABLE stories IS
    'Clusters of articles (2 or more, from different outlets) that carry the same story: '
    'articles.story_id. lead_article_id: the wire original when a member''s source is the '
    'agency another member credits, else the earliest published.';
COMMENT ON TABLE article_lsh IS
    'MinHash LSH bands of article_sketches: (band, bucket) -> article_id.';
