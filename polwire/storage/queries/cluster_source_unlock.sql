SELECT pg_advisory_unlock(74009313, hashtext(%(source)s))
