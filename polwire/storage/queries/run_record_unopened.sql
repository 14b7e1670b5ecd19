-- The run of a crawl process that ended before it could open its own row: recorded as
-- aborted (stopped) or failed (its process failed).
INSERT INTO crawl_runs (source, started_at, finished_at, status, log_path, trigger, hostname,
                        pid, worker_id, dispatch_id, finish_reason)
VALUES (%(source)s, %(started_at)s, %(finished_at)s, %(status)s, %(log_path)s, %(trigger)s,
        %(hostname)s, %(pid)s, %(worker_id)s, %(dispatch_id)s, %(finish_reason)s)
RETURNING id
