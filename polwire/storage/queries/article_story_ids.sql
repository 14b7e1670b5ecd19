-- The story each of some articles belongs to (NULL: none).
SELECT id, story_id FROM articles WHERE id = ANY (%(article_ids)s)
