COPY article_lsh (band, day, bucket, article_id) FROM STDIN
