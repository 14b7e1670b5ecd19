-- How many articles mention an entity, counted up to a cap (which entity is the rarest).
SELECT count(*) FROM (SELECT 1 FROM article_entities WHERE entity_id = %(id)s LIMIT %(cap)s) c
