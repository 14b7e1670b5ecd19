-- A worker starting: its row, whose heartbeat_at it then moves every few seconds.
INSERT INTO cluster_workers (name, hostname, pid, concurrency, home)
VALUES (%(name)s, %(hostname)s, %(pid)s, %(concurrency)s, %(home)s)
RETURNING id
