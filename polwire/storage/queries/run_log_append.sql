INSERT INTO run_log_chunks (run_id, seq, text) VALUES (%(run_id)s, %(seq)s, %(text)s)
ON CONFLICT (run_id, seq) DO NOTHING
