-- The alert state of each source, the latest changes first.
SELECT source, status, run_id, changed_at, delivered, delivery_error
FROM source_alert_state
ORDER BY changed_at DESC, source
LIMIT %(limit)s
