INSERT INTO article_sketches (article_id, scheme, shingles, signature)
VALUES (%(article_id)s, %(scheme)s, %(shingles)s, %(signature)s)
ON CONFLICT (article_id) DO UPDATE
SET scheme = EXCLUDED.scheme, shingles = EXCLUDED.shingles, signature = EXCLUDED.signature
