-- The start time of a domain's next request, `delay` (the largest Crawl-delay any crawl read
-- for it) after the previous one; returns how many seconds to wait for it.
INSERT INTO domain_pace AS p (domain, next_at, delay_seconds)
VALUES (%(domain)s, clock_timestamp() + make_interval(secs => %(delay)s), %(delay)s)
ON CONFLICT (domain) DO UPDATE
SET delay_seconds = greatest(p.delay_seconds, excluded.delay_seconds),
    next_at = greatest(p.next_at, clock_timestamp())
              + make_interval(secs => greatest(p.delay_seconds, excluded.delay_seconds))
RETURNING greatest(0, extract(epoch FROM p.next_at - clock_timestamp()
                   - make_interval(secs => p.delay_seconds)))::float8
