SELECT id FROM crawl_runs WHERE id = %(run_id)s AND source = %(source)s
