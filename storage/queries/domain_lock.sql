-- Serializes the lease decisions of one domain until the transaction ends.
SELECT pg_advisory_xact_lock(7400931004, hashtext(%(domain)s))
