SELECT run_id, finished_at FROM spool_runs WHERE spool_key = %(spool_key)s
