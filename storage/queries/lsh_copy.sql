COPY article_lsh (band, bucket, article_id) FROM STDIN
