COPY article_sketches (article_id, scheme, shingles, signature) FROM STDIN
