-- A story's figures from its members. Its lead is the wire original when there is one (a
-- member whose source is the agency another member credits: source kyodo_english, wire
-- Kyodo), else the earliest published (first seen when no date was printed).
UPDATE stories s
SET article_count = f.article_count,
    first_seen_at = f.first_seen_at,
    last_seen_at = f.last_seen_at,
    lead_article_id = f.lead_article_id,
    title = f.title
FROM (
    SELECT a.story_id,
           count(*) AS article_count,
           min(a.first_seen_at) AS first_seen_at,
           max(a.last_seen_at) AS last_seen_at,
           (array_agg(a.id ORDER BY o.is_wire_original DESC,
                      coalesce(a.published_at, a.first_seen_at), a.id))[1] AS lead_article_id,
           (array_agg(a.title ORDER BY o.is_wire_original DESC,
                      coalesce(a.published_at, a.first_seen_at), a.id))[1] AS title
    FROM articles a
    CROSS JOIN LATERAL (
        SELECT EXISTS (
            SELECT 1 FROM articles c
            WHERE c.story_id = a.story_id AND c.wire IS NOT NULL
              AND split_part(a.source, '_', 1)
                  = lower(regexp_replace(c.wire, '[^[:alnum:]]', '', 'g'))
        ) AS is_wire_original
    ) o
    WHERE a.story_id = ANY (%(story_ids)s::bigint[])
    GROUP BY a.story_id
) f
WHERE s.id = f.story_id
