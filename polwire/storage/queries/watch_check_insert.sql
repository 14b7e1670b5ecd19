INSERT INTO article_checks (article_id, checked_at, http_status, outcome, detail, confirmed, url,
                            final_url, run_id)
VALUES (%(article_id)s, %(checked_at)s, %(http_status)s, %(outcome)s, %(detail)s, %(confirmed)s,
        %(url)s, %(final_url)s, %(run_id)s)
