-- One crawl of a source at a time across the cluster: held on its own session while it runs.
SELECT pg_try_advisory_lock(7400931003, hashtext(%(source)s))
