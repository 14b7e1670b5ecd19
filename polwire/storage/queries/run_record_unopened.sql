-- The run of a crawl process stopped before it could open its own row: recorded as aborted.
INSERT INTO crawl_runs (source, started_at, finished_at, status, log_path, trigger, hostname,
                        pid, worker_id, dispatch_id, finish_reason)
VALUES (%(source)s, %(started_at)s, %(finished_at)s, 'aborted', %(log_path)s, %(trigger)s,
        %(hostname)s, %(pid)s, %(worker_id)s, %(dispatch_id)s, %(finish_reason)s)
RETURNING id
