-- The tags of a batch of articles, as three parallel arrays; a tag of an entity the database
-- does not know yet (a newer gazetteer than the one synced) is left out.
INSERT INTO article_entities (article_id, entity_id, mentions, dated_at)
SELECT t.article_id, t.entity_id, t.mentions, coalesce(a.published_at, a.first_seen_at)
FROM unnest(%(article_ids)s::bigint[], %(entity_ids)s::text[], %(mentions)s::integer[])
     AS t(article_id, entity_id, mentions)
JOIN articles a ON a.id = t.article_id
JOIN entities e ON e.id = t.entity_id
ON CONFLICT (article_id, entity_id) DO UPDATE
SET mentions = excluded.mentions, dated_at = excluded.dated_at
