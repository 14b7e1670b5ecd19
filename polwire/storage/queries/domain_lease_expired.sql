DELETE FROM domain_leases WHERE domain = %(domain)s AND expires_at <= now()
