-- A run's shipped log from after chunk `after` on, in order.
SELECT seq, text FROM run_log_chunks WHERE run_id = %(run_id)s AND seq > %(after)s ORDER BY seq
