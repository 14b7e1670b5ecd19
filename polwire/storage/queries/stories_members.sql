SELECT story_id, id, url, title, source, published_at, wire, first_seen_at
FROM articles
WHERE story_id = ANY (%(story_ids)s::bigint[])
ORDER BY story_id, coalesce(published_at, first_seen_at), id
