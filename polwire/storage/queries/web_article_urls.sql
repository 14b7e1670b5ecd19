-- Every URL an article was seen under, the first first.
SELECT url, first_seen_at FROM article_urls WHERE article_id = %(id)s ORDER BY first_seen_at, url
