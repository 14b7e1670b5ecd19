-- One stored job's next run time (job id = source name).
SELECT to_timestamp(next_run_time) AS next_run_at FROM scheduler_jobs WHERE id = %(id)s
