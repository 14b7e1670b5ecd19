-- One crawl of a source at a time across the cluster: held on its own session while it runs.
SELECT pg_try_advisory_lock(74009313, hashtext(%(source)s))
