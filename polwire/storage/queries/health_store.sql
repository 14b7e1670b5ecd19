UPDATE crawl_runs SET health = %(health)s WHERE id = %(id)s
