SELECT count(*) FROM articles WHERE search_vector IS NULL
