-- An article tagged again (revised, reparsed) loses the tags it no longer earns.
DELETE FROM article_entities WHERE article_id = ANY(%(article_ids)s::bigint[])
