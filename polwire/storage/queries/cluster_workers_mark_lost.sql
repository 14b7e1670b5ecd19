-- Workers whose heartbeat stopped: one reaper wins each row (the state changes once).
UPDATE cluster_workers
SET state = 'lost', stopped_at = now(),
    stop_reason = format('no heartbeat since %%s (timeout %%ss)', heartbeat_at, %(timeout)s::text)
WHERE state = 'running' AND heartbeat_at < now() - make_interval(secs => %(timeout)s)
RETURNING id, name, hostname, pid, heartbeat_at
