-- The scheduler's stored jobs by next run time (APScheduler keeps it as epoch seconds).
SELECT id, to_timestamp(next_run_time) AS next_run_at
FROM scheduler_jobs
ORDER BY next_run_time NULLS LAST, id
LIMIT %(limit)s
