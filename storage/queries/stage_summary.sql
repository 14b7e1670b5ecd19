SELECT ord, article_id, coalesce(action, 'duplicate') AS action FROM staged_matches ORDER BY ord
