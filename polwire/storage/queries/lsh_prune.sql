-- LSH rows of articles dated before the index window: no new article can match them. A
-- sequential scan: the table holds only about index_days of rows plus a day of expired ones.
DELETE FROM article_lsh WHERE day < %(cutoff)s
