-- Apply a re-extraction to one article; a changed body keeps the previous title
-- and body as a revision, as a crawl that sees a changed page does. The page is
-- the same, so the current reading wins, except that a field the model keeps
-- (a date, a section, a language) is not lost when it misses it.
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
SET {param_article_updates}
FROM previous p
WHERE a.id = p.id
