-- The crawl_runs row of a crawl that could not open one itself (the database was down).
INSERT INTO crawl_runs (source, started_at, status, log_path, trigger, hostname, pid)
VALUES (%(source)s, %(started_at)s, 'running', %(log_path)s, %(trigger)s, %(hostname)s, %(pid)s)
RETURNING id
