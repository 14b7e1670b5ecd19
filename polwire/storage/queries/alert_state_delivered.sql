UPDATE source_alert_state
SET delivered = %(delivered)s, delivery_error = %(error)s
WHERE source = %(source)s AND run_id = %(run_id)s
