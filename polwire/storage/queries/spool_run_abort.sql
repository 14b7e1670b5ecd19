-- A spooled crawl whose process died before it spooled its finish: its run ends as aborted.
UPDATE crawl_runs
SET status = 'aborted', finished_at = %(finished_at)s, finish_reason = %(finish_reason)s
WHERE id = %(run_id)s AND status = 'running'
