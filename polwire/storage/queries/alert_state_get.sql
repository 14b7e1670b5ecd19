SELECT source, status, run_id, changed_at, delivered, delivery_error
FROM source_alert_state
WHERE source = %(source)s
