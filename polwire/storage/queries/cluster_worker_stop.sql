UPDATE cluster_workers SET state = 'stopped', stopped_at = now(), stop_reason = %(reason)s
WHERE id = %(id)s AND state = 'running'
