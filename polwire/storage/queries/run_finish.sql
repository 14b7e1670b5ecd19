UPDATE crawl_runs
SET finished_at = %(finished_at)s, status = %(status)s, items_stored = %(items_stored)s,
    items_duplicate = %(items_duplicate)s, items_dropped = %(items_dropped)s,
    errors = %(errors)s, stats = %(stats)s, finish_reason = %(finish_reason)s
WHERE id = %(id)s
