-- Runs whose spool directories are still on disk: the drain, not the reaper, closes them.
SELECT run_id FROM spool_runs WHERE spool_key = ANY(%(keys)s) AND run_id IS NOT NULL
