SELECT id, state, queued_at FROM crawl_dispatches
WHERE source = %(source)s AND state IN ('queued', 'running') AND kind = 'crawl'
ORDER BY id LIMIT 1
