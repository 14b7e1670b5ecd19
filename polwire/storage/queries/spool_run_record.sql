INSERT INTO spool_runs (spool_key, run_id) VALUES (%(spool_key)s, %(run_id)s)
