SELECT ord, article_id, coalesce(action, 'duplicate') AS action FROM staged_articles ORDER BY ord
