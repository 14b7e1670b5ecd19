-- The watch's checks of one article, newest first (the article page).
SELECT checked_at, http_status, outcome, detail, confirmed, url, final_url, run_id
FROM article_checks
WHERE article_id = %(article_id)s
ORDER BY checked_at DESC, id DESC
LIMIT %(limit)s
