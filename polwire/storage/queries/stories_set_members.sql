UPDATE articles a
SET story_id = m.story_id
FROM unnest(%(article_ids)s::bigint[], %(story_ids)s::bigint[]) AS m(article_id, story_id)
WHERE a.id = m.article_id
