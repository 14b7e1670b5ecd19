INSERT INTO dropped_pages (url, source, reason, first_seen_at, last_seen_at, run_id)
SELECT u.url, %(source)s, %(reason)s, %(seen_at)s, %(seen_at)s, %(run_id)s
FROM unnest(%(urls)s::text[]) AS u(url)
ON CONFLICT (url) DO UPDATE
SET reason = EXCLUDED.reason, last_seen_at = EXCLUDED.last_seen_at, run_id = EXCLUDED.run_id
