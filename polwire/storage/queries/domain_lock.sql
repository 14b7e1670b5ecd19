-- Serializes the lease decisions of one domain until the transaction ends.
SELECT pg_advisory_xact_lock(74009314, hashtext(%(domain)s))
