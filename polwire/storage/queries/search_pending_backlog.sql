-- More articles wait for their search vector than a search matches from text?
SELECT count(*) > %(limit)s FROM (
    SELECT 1 FROM articles WHERE search_vector IS NULL LIMIT %(limit)s + 1
) waiting
