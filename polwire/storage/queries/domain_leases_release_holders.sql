-- The request slots held by crawl processes that died with their worker (holder is
-- "host:pid", as crawler/politeness/cluster_limits.py names it): free now, not when the
-- leases run out, so the crawl sent again does not wait for its own dead copy's slots.
DELETE FROM domain_leases WHERE holder = ANY(%(holders)s::text[])
