-- Search vectors are made after a batch commits, not inside it (storage/search_index.py).
-- PostgreSQL's text parser takes about 0.8 ms for a 3 KB body: computed in the store
-- transaction it was two thirds of the time a batch held the store lock, so concurrent crawls
-- waited on each other's indexing and the write path ran at 0.15 of a raw COPY. A NULL
-- search_vector now means "not indexed yet": the crawl's indexer thread fills it moments after
-- the batch commits, every crawl leaves none behind when it ends, and search matches pending
-- rows from their text (storage/queries/search_pending.sql), so nothing stored is ever missing
-- from a search.

-- The one definition of an article's search vector (the trigger of 0007, as a function).
-- Title weighs more than body (A over B). The body is capped so that no page, however long,
-- can exceed the 1 MB limit of a tsvector and make the update fail.
CREATE FUNCTION polwire_article_search_vector(
    title text, body text, dated timestamptz, source text, countries text[]
) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT setweight(pg_catalog.to_tsvector('english'::regconfig,
                                             polwire_search_text(coalesce(title, ''))), 'A')
        || setweight(pg_catalog.to_tsvector('english'::regconfig,
                                             polwire_search_text(left(coalesce(body, ''), 60000))),
                     'B')
        || polwire_filter_lexemes(dated, source, countries)
$$;

COMMENT ON FUNCTION polwire_article_search_vector(text, text, timestamptz, text, text[]) IS
    'articles.search_vector of an article: '
    'polwire_article_search_vector(title, body, coalesce(published_at, first_seen_at), '
    'source, countries).';

-- Changing what the vector is made of marks it stale (NULL) instead of recomputing it inline.
-- An UPDATE that sets search_vector itself keeps the value it sets.
DROP TRIGGER articles_search_vector ON articles;
DROP FUNCTION polwire_articles_search_vector();

CREATE FUNCTION polwire_articles_search_stale() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    NEW.search_vector := NULL;
    RETURN NEW;
END
$$;

CREATE TRIGGER articles_search_stale
    BEFORE UPDATE OF title, body, published_at, first_seen_at, source, countries
    ON articles
    FOR EACH ROW
    WHEN (NEW.search_vector IS NOT DISTINCT FROM OLD.search_vector)
    EXECUTE FUNCTION polwire_articles_search_stale();

-- Finds what is left to index (few rows, or none, outside a crawl's last batch).
CREATE INDEX articles_search_pending ON articles (id) WHERE search_vector IS NULL;

COMMENT ON COLUMN articles.search_vector IS
    'Full-text index of title (weight A) and body (B), plus #-lexemes of date, source and '
    'countries; NULL for a moment after an article is stored or changed (indexed after its '
    'batch commits). Query it with websearch_to_tsquery(''english'', ...), see README.';
