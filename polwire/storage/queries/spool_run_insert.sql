-- The crawl_runs row of a crawl that could not open one itself (the database was down).
INSERT INTO crawl_runs (source, started_at, status, log_path, trigger, hostname, pid,
                        worker_id, dispatch_id)
VALUES (%(source)s, %(started_at)s, 'running', %(log_path)s, %(trigger)s, %(hostname)s, %(pid)s,
        %(worker_id)s, %(dispatch_id)s)
RETURNING id
