SELECT pg_advisory_unlock(7400931003, hashtext(%(source)s))
