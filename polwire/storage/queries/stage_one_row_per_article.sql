-- Two rows of the batch that turned out to be one stored article (a URL of one, a
-- near-duplicate body of the other): the first one updates it, the others only add URLs.
UPDATE staged_matches m
SET action = 'duplicate'
WHERE m.article_id IS NOT NULL AND m.action IS NULL
  AND EXISTS (
      SELECT 1 FROM staged_matches o
      WHERE o.article_id = m.article_id AND o.ord < m.ord
  )
