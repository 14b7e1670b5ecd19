UPDATE spool_runs SET finished_at = now() WHERE spool_key = %(spool_key)s
