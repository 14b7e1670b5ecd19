-- Without statistics the planner guesses a staging table is big and hash-joins it against all
-- of articles; with a row count it looks each staged row up by index, whatever the archive's
-- size. One cheap column is enough to record the row count.
ANALYZE staged_articles (ord)
