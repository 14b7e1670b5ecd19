DELETE FROM domain_leases WHERE id = ANY(%(ids)s)
