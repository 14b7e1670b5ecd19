-- articles.search_vector was a generated column: PostgreSQL recomputes a stored generated
-- column on every UPDATE of the row, so moving last_seen_at, setting story_id or touching
-- an unchanged page re-ran to_tsvector over the whole body. Keep the same values, but compute
-- them only when a column they are made of is written.
ALTER TABLE articles ALTER COLUMN search_vector DROP EXPRESSION;

CREATE FUNCTION polwire_articles_search_vector() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('english'::regconfig, polwire_search_text(NEW.title)), 'A')
        || setweight(to_tsvector('english'::regconfig,
                                 polwire_search_text(left(NEW.body, 60000))), 'B')
        || polwire_filter_lexemes(coalesce(NEW.published_at, NEW.first_seen_at), NEW.source,
                                  NEW.countries);
    RETURN NEW;
END
$$;

CREATE TRIGGER articles_search_vector
    BEFORE INSERT OR UPDATE OF title, body, published_at, first_seen_at, source, countries
    ON articles
    FOR EACH ROW EXECUTE FUNCTION polwire_articles_search_vector();
