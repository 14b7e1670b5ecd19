-- One of a domain's request slots, if fewer than `limit` unexpired leases are out (run after
-- domain_lock, in its transaction: this statement's snapshot then sees every earlier lease).
INSERT INTO domain_leases (domain, holder, expires_at)
SELECT %(domain)s, %(holder)s, now() + make_interval(secs => %(lease_seconds)s)
WHERE (SELECT count(*) FROM domain_leases
       WHERE domain = %(domain)s AND expires_at > now()) < %(limit)s
RETURNING id
