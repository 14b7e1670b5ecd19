-- New validators an unchanged page answered with, for the next conditional request (a 304
-- that repeats the stored ones writes nothing).
UPDATE article_pages
SET etag = coalesce(%(etag)s, etag), last_modified = coalesce(%(last_modified)s, last_modified)
WHERE article_id = %(article_id)s
  AND (etag IS DISTINCT FROM coalesce(%(etag)s, etag)
       OR last_modified IS DISTINCT FROM coalesce(%(last_modified)s, last_modified))
