-- The previous version of each changed article. change_size: characters of the words added
-- plus the words removed, title and body (a multiset difference of whitespace-separated
-- words: an edited sentence counts, a length that happens to stay the same does not hide it).
INSERT INTO article_revisions (
    article_id, title, body, content_hash, seen_at, changed_fields, change_size, run_id
)
SELECT a.id, a.title, a.body, a.content_hash, a.last_seen_at,
       array_remove(ARRAY[
           CASE WHEN a.title IS DISTINCT FROM s.title THEN 'title' END,
           CASE WHEN a.body IS DISTINCT FROM s.body THEN 'body' END
       ], NULL),
       d.size,
       %(run_id)s
FROM staged_matches m
JOIN staged_articles s ON s.ord = m.ord
JOIN articles a ON a.id = m.article_id
CROSS JOIN LATERAL (
    SELECT coalesce(sum(length(w.word)), 0)::integer AS size
    FROM (
        (SELECT regexp_split_to_table(s.title || ' ' || s.body, '\s+')
         EXCEPT ALL
         SELECT regexp_split_to_table(a.title || ' ' || a.body, '\s+'))
        UNION ALL
        (SELECT regexp_split_to_table(a.title || ' ' || a.body, '\s+')
         EXCEPT ALL
         SELECT regexp_split_to_table(s.title || ' ' || s.body, '\s+'))
    ) AS w(word)
) d
WHERE m.action = 'revised'
