-- Apply a re-extraction to one article; a changed body keeps the previous title
-- and body as a revision, as a crawl that sees a changed page does. The page is
-- the same, so the current reading wins, except that a date or language it
-- misses is kept rather than lost.
WITH previous AS (
    SELECT id, title, body, content_hash, last_seen_at
    FROM articles WHERE id = %(article_id)s
    FOR UPDATE
), revision AS (
    INSERT INTO article_revisions (
        article_id, title, body, content_hash, seen_at, changed_fields, change_size, run_id
    )
    SELECT p.id, p.title, p.body, p.content_hash, p.last_seen_at,
           array_remove(ARRAY[
               CASE WHEN p.title IS DISTINCT FROM %(title)s::text THEN 'title' END,
               CASE WHEN p.body IS DISTINCT FROM %(body)s::text THEN 'body' END
           ], NULL),
           abs(length(%(body)s::text) - length(p.body))
             + abs(length(%(title)s::text) - length(p.title)),
           NULL
    FROM previous p
    WHERE p.content_hash <> %(content_hash)s::text
)
UPDATE articles a
SET title = %(title)s::text, authors = %(authors)s::text[],
    published_at = coalesce(%(published_at)s::timestamptz, a.published_at),
    modified_at = %(modified_at)s::timestamptz, section = %(section)s::text,
    language = coalesce(%(language)s::text, a.language),
    countries = %(countries)s::text[], wire = %(wire)s::text, dateline = %(dateline)s::text,
    body = %(body)s::text, word_count = %(word_count)s::integer,
    content_hash = %(content_hash)s::text, field_layers = %(field_layers)s::jsonb
FROM previous p
WHERE a.id = p.id
