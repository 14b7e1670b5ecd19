-- Runs left `running` by crawl processes that no longer exist on this host, with the articles
-- they stored before they ended.
UPDATE crawl_runs
SET status = 'aborted', finished_at = %(finished_at)s,
    items_stored = (SELECT count(*) FROM articles a WHERE a.run_id = crawl_runs.id),
    finish_reason = format('crawl process %%s on %%s no longer exists (%%s)', pid, hostname, %(why)s::text)
WHERE id = ANY(%(ids)s) AND status = 'running'
RETURNING id
