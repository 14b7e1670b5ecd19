-- The tsquery of a user's search: websearch syntax (never an error), AND-ed with prefix
-- matches for one-character CJK words; numnode = 0 when nothing searchable is left.
SELECT tsq::text AS tsquery, numnode(tsq) AS nodes
FROM (
    SELECT CASE WHEN %(prefixes)s::text IS NULL THEN q
                ELSE q && to_tsquery('english', %(prefixes)s::text)
           END AS tsq
    FROM websearch_to_tsquery('english', %(text)s::text) AS q
) parsed
