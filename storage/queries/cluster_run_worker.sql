-- The cluster worker that ran a run, if one did.
SELECT w.id, w.name, w.hostname, w.pid, w.home, w.state
FROM crawl_runs r JOIN cluster_workers w ON w.id = r.worker_id
WHERE r.id = %(run_id)s
