-- Left over only when an enclosing transaction stored a batch before (no commit yet).
DELETE FROM staged_articles
