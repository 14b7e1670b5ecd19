-- The validators an unchanged page answered with, for the next conditional request.
UPDATE article_pages
SET etag = coalesce(%(etag)s, etag), last_modified = coalesce(%(last_modified)s, last_modified)
WHERE article_id = %(article_id)s
  AND (%(etag)s::text IS NOT NULL OR %(last_modified)s::text IS NOT NULL)
