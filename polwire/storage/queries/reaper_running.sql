-- Runs of this host's crawl processes still `running`; a cluster worker's runs are left to
-- that worker (its drain closes a spooled one) and to the cluster's reaper of lost workers.
SELECT id, pid FROM crawl_runs
WHERE status = 'running' AND hostname = %(hostname)s AND worker_id IS NULL
